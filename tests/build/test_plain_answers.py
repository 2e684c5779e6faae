"""Plain messages, no tracebacks: every command answers in one line when it cannot go on (issue 13)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from pipeline.cli.commands import parser
from support import FIXTURE_REGISTER, ROOT, SAFEPLACE, application, run_safeplace, write_register

COMMANDS = {
    "validate": [],
    "build": [],
    "serve": [],
    "report": [],
    "geocode": [],
    "intake": ["applications.csv"],
    "import": ["register.xlsx"],
    "template": ["register.xlsx"],
    "publish-check": ["--visibility", "public"],
    "decals": [],
}
NEEDS_NO_PROJECT = {"settings"}  # lists the declared settings: works anywhere


def test_every_command_is_covered_here():
    subcommands = next(a for a in parser()._actions if a.dest == "command").choices
    assert set(subcommands) == set(COMMANDS) | NEEDS_NO_PROJECT


def test_safeplace_settings_works_outside_the_project_folder(tmp_path):
    result = run_safeplace("settings", cwd=tmp_path)
    assert result.returncode == 0 and "SAFEPLACE_DATA" in result.stdout, result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_outside_the_project_folder_every_command_answers_in_one_line(tmp_path, command):
    result = run_safeplace(command, *COMMANDS[command], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "run safeplace in the project folder (the one with pelicanconf.py)" in result.stderr
    assert list(tmp_path.iterdir()) == []  # and nothing was made there


@pytest.mark.parametrize(
    "command, args, says",
    [
        ("validate", ["--data", "nowhere.csv"], "nowhere.csv:0: -: cannot read the register: no such file"),
        ("build", ["--data", "nowhere.csv"], "nowhere.csv:0: -: cannot read the register: no such file"),
        ("report", ["--data", "nowhere.csv"], "nowhere.csv:0: -: cannot read the register: no such file"),
        ("geocode", ["--data", "nowhere.csv"], "nowhere.csv:0: -: cannot read the register: no such file"),
        ("intake", ["nowhere.csv"], "nowhere.csv:0: -: cannot read the applications export: no such file"),
        (
            "import",
            ["nowhere.xlsx"],
            "nowhere.xlsx:0: -: cannot read the workbook or CSV to import: no such file",
        ),
        (
            "template",
            ["out.xlsx", "--data", "nowhere.csv"],
            "nowhere.csv:0: -: cannot read the register: no such file",
        ),
        ("report", ["--against", "no-such-branch"], "'no-such-branch' is not a branch, tag or commit"),
    ],
)
def test_a_missing_file_or_revision_is_one_line(command, args, says):
    result = run_safeplace(command, *args)
    assert result.returncode in (1, 2)
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_make_report_works_and_make_help_lists_every_command():
    recipe = (ROOT / "Makefile").read_text().split("\nreport:", 1)[1].split("\n\n")[0]
    assert "$(BIN)/safeplace report" in recipe  # what `make report` runs, here on the test project
    report = run_safeplace("report")
    assert report.returncode == 0, report.stderr
    said = " ".join(report.stdout.split())  # rich wraps at the terminal's width (80 in CI)
    assert "will be published" in said and "Pending applications" in said
    shown = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    ).stdout
    targets = re.findall(r"^(\w+):", (ROOT / "Makefile").read_text(), re.M)
    for target in set(targets) - {"help"}:
        assert f"make {target} " in shown, target
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("template", "import", "intake", "geocode"):
        assert f"safeplace {command} " in shown and f"`safeplace {command}" in readme, command
    for target in ("serve", "validate", "report", "publish", "bench", "clean", "help"):
        assert f"| `make {target}` |" in readme, target


def test_each_command_has_a_line_of_help():
    result = subprocess.run([str(SAFEPLACE), "--help"], capture_output=True, text=True, encoding="utf-8")
    for command in [*COMMANDS, *NEEDS_NO_PROJECT]:
        assert re.search(rf"^    {command}\s+\S", result.stdout, re.M), command


@pytest.mark.parametrize(
    "environment",
    [{"LANG": "C"}, {"LANG": "C.UTF-8"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "cp1252"}],
)
def test_names_in_any_script_print_under_any_locale(tmp_path, environment):
    """Output is UTF-8 whatever the locale: "Phở" once crashed intake with UnicodeEncodeError."""
    export = tmp_path / "applications.csv"
    write_register(export, [application(organization_name="Phở Saigon")])
    register = tmp_path / "participants.csv"
    shutil.copyfile(FIXTURE_REGISTER, register)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    result = run_safeplace("intake", str(export), "--data", str(register), env={**env, **environment})
    assert result.returncode == 0, result.stderr
    assert "added SP-0047 'Phở Saigon' as pending" in result.stdout
    assert "Traceback" not in result.stderr
