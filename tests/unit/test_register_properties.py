"""Property-based: whatever bytes a coordinator saves, the loader answers with records or problems."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.register.checks import load_register
from pipeline.register.geography import Boundary
from pipeline.register.model import COLUMNS, Register
from pipeline.register.problems import RegisterError
from pipeline.register.text import CONTROL_CHARACTER as CONTROL
from pipeline.register.text import FORMULA_PREFIXES
from pipeline.register.values import VALID_ID as ID
from support import FIXTURE_BOUNDARY, FIXTURE_REGISTER

ROOT = Path(__file__).resolve().parent.parent
BOUNDARY = Boundary.load(FIXTURE_BOUNDARY)
SAMPLE = (FIXTURE_REGISTER).read_bytes()


def check(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(raw)
    try:
        result = load_register(path, boundary=BOUNDARY, state="MO")
    except RegisterError as exc:
        assert exc.problems, "an error must name at least one problem"
        for problem in exc.problems:
            assert str(problem).startswith(f"{path}:")
        return
    assert isinstance(result, Register)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=600))
def test_any_bytes_give_records_or_problems(tmp_path, raw):
    check(tmp_path, raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(st.lists(st.text(max_size=12), min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=4)
)
def test_any_cells_under_the_real_header_give_records_or_problems(tmp_path, cells):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(cells)
    check(tmp_path, buffer.getvalue().encode("utf-8", errors="surrogatepass"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(SAMPLE)), junk=st.binary(max_size=40))
def test_damaged_copies_of_the_sample_give_records_or_problems(tmp_path, cut, junk):
    check(tmp_path, SAMPLE[:cut] + junk + SAMPLE[cut:])


GOOD = {
    "category": "Shop",
    "city": "Kansas City",
    "state": "MO",
    "zip": "64112",
    "lat": "39.0410",
    "lon": "-94.5850",
    "phone": "(816) 555-0150",
    "hours": "24/7",
    "website": "",
    "status": "approved",
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "notes": "",
    "applied_on": "",
    "approved_on": "2026-02-01",
    "trained_on": "2026-02-10",
}
CELL = st.text(alphabet=st.sampled_from(list("ab =+-@.\t\u2028\x85\x1f\x7f")), max_size=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(CELL, min_size=1, max_size=6), ids=st.lists(CELL, min_size=6, max_size=6))
def test_whole_column_checks_flag_exactly_the_cells_the_rules_name(tmp_path, names, ids):
    """The checks that clear a whole column in one search must agree, cell by cell, with the
    rules themselves: a formula or control character anywhere is found, and only there."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for i, name in enumerate(names):
        writer.writerow({**GOOD, "id": ids[i], "name": name, "address": f"{i} Main St"})
    path = tmp_path / "register.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        load_register(path, boundary=BOUNDARY, categories=("Shop",), state="MO")
        found = []
    except RegisterError as exc:
        found = [(p.row, p.column, p.message) for p in exc.problems]

    def flagged(column, words):
        return {r for r, c, m in found if c == column and words in m}

    names, ids = [n.strip() for n in names], [i.strip() for i in ids[: len(names)]]
    rows = range(2, len(names) + 2)
    assert flagged("name", "formula") == {r for r, n in zip(rows, names) if n.startswith(FORMULA_PREFIXES)}
    assert flagged("name", "control character") == {r for r, n in zip(rows, names) if CONTROL.search(n)}
    assert flagged("id", "use only letters") == {r for r, i in zip(rows, ids) if i and not ID.match(i)}
