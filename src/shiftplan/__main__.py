"""``python -m shiftplan`` runs the command line."""

from shiftplan.cli import main

main()
