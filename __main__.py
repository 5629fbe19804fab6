"""`python -m occuwatch`: the command line."""

from occuwatch.cli import main

main(prog_name="occuwatch")
