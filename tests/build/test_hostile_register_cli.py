"""A hostile register: text that hides or reorders itself, deceptive web addresses, ZIP codes and
dates that cannot be true, and inputs that used to end in a traceback. Each is refused on its
row and column (or warned about), in one line."""

from __future__ import annotations

import csv

from hostile_register import write

from support import FIXTURE_REGISTER, run_safeplace, settings_file

# --- web addresses ---------------------------------------------------------------------------


def test_a_confirmed_host_reaches_the_site_as_punycode(tmp_path):
    rows = list(csv.DictReader((FIXTURE_REGISTER).open(encoding="utf-8")))
    rows[0]["website"] = "https://café.example/menu"
    register = write(tmp_path, rows)
    refused = run_safeplace("build", "--data", str(register), "--output", str(tmp_path / "a"))
    assert refused.returncode == 1 and f"{register}:2: website:" in refused.stderr
    settings = settings_file(tmp_path, SAFEPLACE_CONFIRMED_HOSTS=("café.example",))
    built = run_safeplace(
        "build", "--settings", str(settings), "--data", str(register), "--output", str(tmp_path / "b")
    )
    assert built.returncode == 0, built.stderr
    site = tmp_path / "b"
    assert 'href="https://xn--caf-dma.example/menu"' in (site / "find" / "index.html").read_text()
    assert "https://xn--caf-dma.example/menu" in (site / "data" / "participants.csv").read_text()
    assert "café.example" not in (site / "find" / "places.json").read_text()


# --- ZIP codes and dates ---------------------------------------------------------------------


# --- inputs that once ended in a traceback -----------------------------------------------------


def test_dev_zero_a_folder_and_a_missing_file_get_one_line(tmp_path):
    for data, words in [
        ("/dev/zero", "not a file"),
        (str(tmp_path), "folder"),
        (str(tmp_path / "nowhere.csv"), "cannot read the register"),
    ]:
        result = run_safeplace("validate", "--data", data)
        assert result.returncode == 1, data
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert lines[0].startswith(f"{data}:0: -: ") and words in lines[0], result.stderr


def test_validate_outside_the_project_says_what_is_missing_in_one_line(tmp_path):
    for command in ("validate", "report", "build"):
        result = run_safeplace(command, cwd=tmp_path)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "cannot use the settings file pelicanconf.py" in result.stderr


def test_coordinator_commands_on_unusable_files_and_folders_get_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for args, words in [
        (["intake", "/dev/zero"], "not a file"),
        (["intake", str(tmp_path / "nowhere.csv")], "cannot read"),
        (["report", "--html", str(tmp_path)], "is a folder"),
        (["report", "--html", str(blocker / "report.html")], "File exists"),
    ]:
        result = run_safeplace(*args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr, args
        errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
        assert len(errors) == 1 and words in errors[0], (args, result.stderr)
