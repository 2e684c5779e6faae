"""CSV text exactly as the ``csv`` module writes it (``csv.writer(..., lineterminator="\\r\\n")``),
made fast for the usual row, in which no cell needs quotes.

A big register's open data is hundreds of thousands of rows, and the writer's work per cell
(and building the row it writes) was most of the time. Here a row is first written plainly, cells
joined by commas; only when the line itself shows that a cell needs quoting (more commas than
the columns make, a double quote, a line break) is the row handed to the ``csv`` module. So every
line is the module's own for any text, hostile or not, and the plain case costs one join.

The module quotes a cell, with its default dialect, when it holds the delimiter, the quote
character or a character of the line terminator; an empty row of one cell is written ``""``.
``tests/unit/test_csvtext.py`` holds these functions to ``csv.writer`` on hostile values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

NEWLINE = "\r\n"


def csv_rows(rows: Iterable[Sequence[str]]) -> str:
    """Rows as the ``csv`` module writes them: the reference every fast path falls back to."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=NEWLINE).writerows(rows)
    return buffer.getvalue()


def _plain(text: str, commas: int) -> bool:
    """No cell of ``text`` (cells joined by ``commas`` commas) needs quoting."""
    return text.count(",") == commas and '"' not in text and "\n" not in text and "\r" not in text


def csv_line(cells: Sequence[str]) -> str:
    """One row of text cells, with its line ending."""
    line = ",".join(cells)
    if line and _plain(line, len(cells) - 1):
        return line + NEWLINE
    return csv_rows([cells])


def csv_cell(value: str) -> str:
    """One text cell as it stands in a row of several (quoted only if it must be)."""
    if _plain(value, 0):
        return value
    return csv_rows([[value, ""]])[: -len("," + NEWLINE)]


class RowTemplate:
    """A table's line from the values of the columns a row fills (``filled``, in any order),
    the other columns empty: one ``str.format`` of a template made once per kind of row,
    instead of a dict and a list per row."""

    def __init__(self, columns: Sequence[str], filled: Sequence[str]):
        if len(set(filled)) != len(filled) or not set(filled) <= set(columns):
            raise ValueError(f"not columns of the table, or twice: {list(filled)}")
        self.pick = [filled.index(c) if c in filled else None for c in columns]
        self.template = ",".join("" if i is None else f"{{{i}}}" for i in self.pick)
        self.commas = len(columns) - 1

    def line(self, values: Sequence[str]) -> str:
        """The line (with its ending) of a row whose cells in ``filled`` hold ``values``."""
        line = self.template.format(*values)
        if line and _plain(line, self.commas):
            return line + NEWLINE
        return csv_rows([["" if i is None else values[i] for i in self.pick]])
