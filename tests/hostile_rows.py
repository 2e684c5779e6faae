"""Hostile register rows for the property tests: a valid row, cells with every hostile value, and how the loader reads a register back."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import strategies as st

from pipeline.register.geography import Boundary, zip_centroids
from pipeline.register.model import COLUMNS
from support import FIXTURE_BOUNDARY

BOUNDARY = Boundary.load(FIXTURE_BOUNDARY)
ZIPS = zip_centroids(BOUNDARY, "MO", "Kansas City")
CATEGORIES = ("Shop", "Library")
VALID = {
    "id": "SP-1",
    "name": "Corner Books",
    "category": "Shop",
    "address": "4700 Main St",
    "city": "Kansas City",
    "state": "MO",
    "zip": "64112",
    "lat": "39.0410",
    "lon": "-94.5850",
    "phone": "(816) 555-0150",
    "hours": "Mo-Sa 09:00-18:00",
    "website": "https://example.org/b",
    "status": "approved",
    "contact_name": "Pat Doe",
    "contact_email": "pat@example.org",
    "contact_phone": "816-555-0151",
    "notes": "n",
    "applied_on": "2025-01-05",
    "approved_on": "2025-02-01",
    "trained_on": "2025-02-10",
}
OTHER = {
    **VALID,
    "id": "SP-2",
    "name": "Union Library",
    "category": "Library",
    "address": "14 Grand Blvd",
    "website": "",
}
# What hostile registers hold: markup and template syntax, quotes, formula signs, control,
# invisible and direction characters, lookalike letters, other digits, URL tricks.
HOSTILE = list(
    "aZ09 -.,:;/\\@#?&<>\"'`=+$%{}()[]\t\n\r\x00\x1b\x85\u00a0\u00ad\u200b\u200d"
    "\u202e\u2066\u2028\ufeff\u3164\u2800\u0430\u0440\u0661\uff11é\u0301\U0001f600"
    "\U000e0041"
)
FRAGMENTS = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "${x}",
    "https://",
    "kcpd.org@evil.example",
    "localhost",
    "0x7f000001",
    ":99999",
    "2099-01-01",
    "24/7",
    "approved",
    "pending",
    "66101",
    "64112",
    "-94.58",
    "39.04",
    "999",
    "NaN",
    "1e400",
    "__proto__",
]


def cell(column: str):
    """A column's value: valid, hostile, or a valid value with something hostile in it."""
    hostile = st.text(alphabet=st.sampled_from(HOSTILE), max_size=10)
    return st.one_of(
        st.just(VALID[column]),
        hostile,
        st.sampled_from(FRAGMENTS),
        st.tuples(hostile, st.sampled_from(FRAGMENTS)).map("".join),
        st.tuples(st.integers(0, len(VALID[column])), hostile).map(
            lambda t: VALID[column][: t[0]] + t[1] + VALID[column][t[0] :]
        ),
    )


def mutated_row():
    """The valid row with one to three columns replaced by hostile values."""
    return st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=3, unique=True).flatmap(
        lambda columns: st.fixed_dictionaries({c: cell(c) for c in columns}).map(
            lambda changes: {**VALID, **changes}
        )
    )


def register_text(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def written_rows(text: str) -> list[dict]:
    """The rows as the loader will read them back (a raw line break splits cells in CSV too)."""
    return list(csv.DictReader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"), newline="")))


PROBLEM = re.compile(r"^(?P<file>.+?):(?P<row>\d+): (?P<column>[^:]+): (?P<message>.+)$")
