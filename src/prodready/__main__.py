"""`python -m prodready` runs the CLI."""

from prodready.cli import main

main()
