"""Property-based: whatever bytes a coordinator saves, the loader answers with records or problems."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.geography import Boundary
from pipeline.register import COLUMNS, Register, RegisterError, load_register

ROOT = Path(__file__).resolve().parent.parent
BOUNDARY = Boundary.load(ROOT / "data" / "boundary.geojson")
SAMPLE = (ROOT / "data" / "participants.csv").read_bytes()


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
@given(cells=st.lists(st.lists(st.text(max_size=12), min_size=len(COLUMNS), max_size=len(COLUMNS)),
                      max_size=4))
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
