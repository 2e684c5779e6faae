"""Bounded and plain (issue 26, item 6): no traceback from an argument or an input, a stated
limit answered in one line, plain output lines that cannot become workflow commands, and
website names that reach this computer refused."""

from __future__ import annotations

import csv
import io
import os

import pytest

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.model import COLUMNS
from pipeline.register.web import web_address
from support import FIXTURE_CONTENT


def register_text(rows, header=COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(c, "") for c in COLUMNS] for row in rows])
    return buffer.getvalue()


def one_line(result, status=1) -> str:
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_port_out_of_range_is_a_usage_error():
    result = run_safeplace("serve", "--port", "99999")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument --port: 99999 is not a port number (1-65535)" in result.stderr


def test_a_template_on_a_full_device_is_one_line(tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(register_text([GOOD_ROW]), encoding="utf-8")
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    assert (
        one_line(run_safeplace("template", "/dev/full", "--force", "--settings", str(conf)))
        == "safeplace: /dev/full: No space left on device"
    )


def test_a_new_workbook_is_readable_as_any_new_file(tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(register_text([GOOD_ROW]), encoding="utf-8")
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    out = tmp_path / "register.xlsx"
    result = run_safeplace("template", str(out), "--settings", str(conf))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_a_cell_over_the_limit_is_one_line_in_import_and_intake(tmp_path):
    huge = dict(GOOD_ROW, notes="x" * 140_000)
    source = tmp_path / "edited.csv"
    source.write_text(register_text([GOOD_ROW, huge]), encoding="utf-8")
    register = tmp_path / "register.csv"
    register.write_text(register_text([GOOD_ROW]), encoding="utf-8")
    before = register.read_bytes()
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    result = run_safeplace("import", str(source), "--settings", str(conf))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{source}:3: -: cannot be read as CSV" in result.stderr
    assert "more than 131,072 characters" in result.stderr
    apps = tmp_path / "apps.csv"
    apps.write_text('organization_name,notes\nBakery,"' + "y" * 140_000 + '"\n', encoding="utf-8")
    result = run_safeplace("intake", str(apps), "--settings", str(conf))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line, nothing = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"{apps}:2: -: cannot be read as CSV")
    assert nothing == f"Nothing was added to {register}."
    assert register.read_bytes() == before


def test_no_plain_line_can_start_a_workflow_command(tmp_path):
    header = [*COLUMNS[:-1], "trained_on\n::stop-commands::pwned"]
    register = tmp_path / "register.csv"
    register.write_text(register_text([GOOD_ROW], header=header), encoding="utf-8")
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    env.pop("SAFEPLACE_BASE", None)
    result = run_safeplace("validate", "--settings", str(conf), env=env, cwd=tmp_path)
    lines = (result.stdout + result.stderr).splitlines()
    assert any("stop-commands" in line for line in lines), lines  # the cell is reported...
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert commands and all(line.startswith(("::error ", "::warning ")) for line in commands)
    assert "(text) ::stop-commands::pwned" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost.localdomain/",
        "https://127.0.0.1.nip.io/",
        "https://app.10-0-0-1.sslip.io/",
        "https://printer.local/",
        "https://intranet.corp/",
        "https://x.localtest.me/",
        "https://192.168.1.1.example.org/",
        "https://router.home.arpa/",
    ],
)
def test_names_that_reach_this_computer_are_refused(url):
    problem, _ = web_address(url)
    assert problem and ("this computer" in problem or "IP address" in problem), (url, problem)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "https://1-800-flowers.com/",
        "https://www.route66.com/",
        "https://kc-bakery.com/menu",
    ],
)
def test_public_names_are_accepted(url):
    assert web_address(url)[0] is None


def test_pages_over_the_limits_stop_the_build_before_markdown_runs(tmp_path):
    import shutil
    import time

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "pages" / "long.md").write_text(
        "Title: Long\nSlug: long\n\n" + "Words. " * 20_000, encoding="utf-8"
    )
    (content / "pages" / "links.md").write_text(
        "Title: Links\nSlug: links\n\n" + "[](" * 5_000, encoding="utf-8"
    )  # 25 s of Markdown
    register = tmp_path / "register.csv"
    register.write_text(register_text([GOOD_ROW]), encoding="utf-8")
    conf = settings_file(tmp_path, PATH=str(content), SAFEPLACE_DATA=str(register))
    started = time.monotonic()
    result = run_safeplace("build", "--settings", str(conf), "--output", str(tmp_path / "out"))
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and "Traceback" not in result.stderr
    size = (content / "pages" / "long.md").stat().st_size
    assert (
        f"{content}/pages/long.md: the page is {size:,} bytes; a page may hold at most "
        "100,000 (SAFEPLACE_PAGE_BYTES)"
    ) in result.stderr
    assert (
        f"{content}/pages/links.md: the page holds 5,000 square brackets; a page may hold "
        "at most 1,000 (SAFEPLACE_PAGE_BRACKETS)"
    ) in result.stderr
    assert "2 page(s) over the size limits in the pages. Nothing was published." in result.stderr
