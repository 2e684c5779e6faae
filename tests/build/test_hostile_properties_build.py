"""Property: whatever a coordinator types into any column, the register either becomes a site
whose text is exactly the register's public values, or is refused row by row, in lines of the
form FILE:ROW: COLUMN: message. Never a traceback.

One property runs the loader on many examples (fast); the other runs the real build on a few.
"""

from __future__ import annotations

import csv
import io
import subprocess
import tempfile
from pathlib import Path

from hostile_rows import (
    OTHER,
    PROBLEM,
    mutated_row,
    register_text,
    written_rows,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from pipeline.find.exports import neutralise_formula
from pipeline.register.model import PUBLIC_COLUMNS
from support import run_safeplace


def build(register: Path, out: Path) -> subprocess.CompletedProcess:
    return run_safeplace("build", "--data", str(register), "--output", str(out))


# A few real builds: the rows' every case is held in-process (tests/unit/test_hostile_properties.py);
# this proves the build route publishes what the loader says, or refuses by row.
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=mutated_row())
def test_a_real_build_shows_exactly_the_register_or_refuses_by_row(row):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        text = register_text([row, OTHER])
        register = tmp / "register.csv"
        register.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        out = tmp / "out"
        result = build(register, out)
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        assert result.returncode in (0, 1), result.stderr[-3000:]
        event("built" if result.returncode == 0 else "refused")
        if result.returncode == 1:
            lines = result.stderr.strip().splitlines()
            assert lines[-1].startswith("Build stopped: ") and not out.exists()
            problems = [PROBLEM.match(line) for line in lines[:-1] if not line.startswith("warning: ")]
            assert problems and all(problems), lines
            assert {m["file"] for m in problems} == {str(register)}
            assert all(int(m["row"]) >= 1 for m in problems)
            return
        exported = list(
            csv.DictReader(
                io.StringIO((out / "data" / "participants.csv").read_text(encoding="utf-8"), newline="")
            )
        )
        page = (out / "find" / "index.html").read_text(encoding="utf-8")
        approved = [r for r in written_rows(text) if r["status"].strip().lower() == "approved"]
        assert sorted(r["id"] for r in exported) == sorted(r["id"].strip() for r in approved)
        by_id = {r["id"]: r for r in exported}
        for source in approved:
            shown = by_id[source["id"].strip()]
            for column in ("name", "category", "address", "city", "zip", "website"):
                assert shown[column] == neutralise_formula(source[column].strip()), column
            assert set(shown) == set(PUBLIC_COLUMNS)
            assert f">{escape(source['name'].strip())}</" in page


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
