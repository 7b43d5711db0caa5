"""python -m ctgdocs: the command line."""

from ctgdocs.cli import main

main()
