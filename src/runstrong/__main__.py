"""`python -m runstrong` runs the CLI."""

from runstrong.cli.main import main

main()
