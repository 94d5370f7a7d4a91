"""``python -m dyad`` runs the CLI."""

from dyad.cli import main

main()
