"""``safeplace``: the command line a coordinator uses (``safeplace --help``)."""

from pipeline.cli.commands import main

__all__ = ["main"]
