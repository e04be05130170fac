"""``python -m shiftplan.generate``: write a seeded synthetic scenario."""

import sys

from shiftplan.generate.synthetic import main

sys.exit(main())
