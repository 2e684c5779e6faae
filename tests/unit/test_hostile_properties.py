"""Property: whatever a coordinator types into any column, the register either becomes a site
whose text is exactly the register's public values, or is refused row by row, in lines of the
form FILE:ROW: COLUMN: message. Never a traceback.

One property runs the loader on many examples (fast); the other runs the real build on a few.
"""

from __future__ import annotations

import re
from datetime import date

from hostile_rows import (
    BOUNDARY,
    CATEGORIES,
    OTHER,
    VALID,
    ZIPS,
    mutated_row,
    register_text,
    written_rows,
)
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from pipeline.register.checks import load_register
from pipeline.register.problems import RegisterError
from pipeline.register.web import NOT_PLAIN_WEB_LINE as NOT_PLAIN
from pipeline.register.web import web_address


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=mutated_row())
# Found in CI: lone carriage returns (old Mac line ends) are line breaks for the row numbers.
@example(row={**VALID, "id": "\r\r", "name": "\r\r<script>alert(1)</script>", "category": "\r"})
def test_loader_publishes_exactly_the_public_values_or_refuses_by_row(tmp_path, row):
    text = register_text([row, OTHER])
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        register = load_register(
            path,
            boundary=BOUNDARY,
            categories=CATEGORIES,
            today=date(2026, 11, 24),
            state="MO",
            zip_codes=ZIPS,
        )
    except RegisterError as exc:
        event("refused")
        assert exc.problems
        for problem in exc.problems:
            # A lone carriage return ends a line too (old Mac saves), as it does for the reader.
            lines = len(re.findall(r"\r\n|\r|\n", text))
            assert 1 <= problem.row <= 3 + lines, str(problem)
            assert "\n" not in str(problem) and len(problem.message) <= 300
        assert any(not p.warning and p.row >= 1 for p in exc.problems)
        return
    event("loaded")
    read = {r["id"].strip(): r for r in written_rows(text)}
    for place in register.published:
        source = {k: (v or "").strip() for k, v in read[place.id].items()}
        public = place.public_row()
        for column in ("id", "name", "category", "address", "city", "zip", "website"):
            assert public[column] == source[column], column
        assert public["state"] == source["state"].upper()
        assert float(public["lat"]) == round(float(source["lat"]), 6)
        assert float(public["lon"]) == round(float(source["lon"]), 6)


LABEL = st.one_of(
    st.text(alphabet="az09-", max_size=5),
    st.sampled_from(["localhost", "org", "com", "0x7f", "127", "xn--p1ai", "\u0440u", "%70"]),
)
URLS = st.tuples(
    st.sampled_from(["https://", "http://", "HTTP://", "ftp://", "https:/", ""]),
    st.sampled_from(["", "", "u@", "@", "u:p@"]),
    st.lists(LABEL, min_size=1, max_size=4).map(".".join),
    st.sampled_from(["", "", ":80", ":99999", ":", ":0", "."]),
    st.sampled_from(["", "/", "/a b", "/\\x", "/@u", "?q=1", "#f", "\\", "/p\n"]),
).map("".join)


# Near misses of plain addresses: good labels, then one top-level label or path that may be bad.
NEAR = st.tuples(
    st.sampled_from(["https://", "http://", "HTTPS://"]),
    st.lists(st.text(alphabet="abz09-", min_size=1, max_size=4), min_size=1, max_size=3).map(
        lambda labels: "".join(f"{label}." for label in labels)
    ),
    st.sampled_from(["org", "com", "co", "localhost", "0x7f", "127", "o", "-org", "org-", "xn--p1ai"]),
    st.sampled_from(["", "/", "/x", "?q", "#f", "/a b", "\\x", "/\\x", ":", "@x", "/@x", "."]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(NEAR, URLS))
def test_the_whole_column_check_clears_only_addresses_the_full_check_accepts(text):
    """The one search that clears plain addresses of a column must never clear a bad one."""
    if "\n" not in text and not NOT_PLAIN.search(text):
        event("cleared at once")
        assert web_address(text)[0] is None, text
