"""``python -m shiftplan.generate``: write a seeded synthetic scenario."""

import sys

from shiftplan.generate.command import main

sys.exit(main())
