"""How the register's problems are named: ``FILE:ROW: COLUMN: message``, every one of them.

ROW is the spreadsheet row (the header is row 1), so a coordinator finds the cell in Excel and an
editor or a CI log links to it. Values repeated in a message are cut to a readable length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SHOWN = 80  # characters of a value repeated in a message; longer ones are cut


@dataclass(frozen=True)
class Problem:
    """One finding about one cell, printed the way editors and CI logs link to it."""

    file: str
    row: int
    column: str
    message: str
    warning: bool = False
    place: str = field(default="", compare=False)  # "SP-0002 'Café Saigon'": the row's place

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.row}: {self.column}: {kind}{self.message}"

    def located(self) -> str:
        """The line as printed for a coordinator: the row, and the place it holds."""
        return f"{self}  [{self.place}]" if self.place else str(self)


def shown(value: str) -> str:
    """A value as a message repeats it: quoted, and cut to a readable length."""
    return repr(value if len(value) <= SHOWN else value[: SHOWN - 1] + "\u2026")


def cut(value: str) -> str:
    """A value cut to a readable length, unquoted."""
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "\u2026"


def readable(message: str, limit: int = 300) -> str:
    """A message cut to a readable length (values in it are cut already; this is the guard)."""
    return message if len(message) <= limit else message[: limit - 1] + "\u2026"


class RegisterError(Exception):
    """The register cannot be published; ``problems`` names every error found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
