"""No traceback from any command or argument (issue 26, item 6): every `safeplace` command,
given a hostile argument, answers in one plain line (a register's problem may be followed by
the one line saying what became of the output) and exits non-zero.

Hostile: missing files, folders instead of files, unreadable files, empty and binary files,
a cell over csv's 131,072-character limit, a settings file that is missing, not Python, broken
or raises, ports out of range, a full device. The commands run in-process
(``pipeline.cli.commands.main``) in a project made here; nothing is ever served or published.
"""

from __future__ import annotations

import logging
import re

import pytest

from pipeline.cli.commands import main, parser
from support import application, make_project, write_register

# An outcome line that may follow a register's problem (validate, build, report, import, intake).
OUTCOME = re.compile(
    r"error\(s\)|^Nothing was added to |^The register has errors: fix them first|^Build stopped: "
)
HOSTILE_FILES = ("missing", "folder", "empty", "binary", "unreadable", "huge")

# {file} is a hostile file; {tmp} the project's folder. Each command with each kind of file.
WITH_A_FILE = {
    "validate": ["validate", "--data", "{file}"],
    "build": ["build", "--data", "{file}", "--output", "{tmp}/site"],
    "report": ["report", "--data", "{file}", "--html", "{tmp}/report.html"],
    "geocode": ["geocode", "--data", "{file}", "--endpoint", "http://127.0.0.1:9/"],
    "intake": ["intake", "{file}"],
    "intake --data": ["intake", "{tmp}/applications.csv", "--data", "{file}"],
    "import": ["import", "{file}", "--to", "{tmp}/imported.csv"],
    "template --data": ["template", "{tmp}/new.xlsx", "--data", "{file}"],
    "publish-check": ["publish-check", "--visibility", "public", "--data", "{file}"],
    "decals": ["decals", "--data", "{file}", "--out", "{tmp}/decals"],
}
SETTINGS_FILES = {
    "missing": "{tmp}/nowhere.py",
    "folder": "{tmp}/folder",
    "not Python": "{tmp}/empty.csv",
    "binary": "{tmp}/binary.py",
    "raises": "{tmp}/raising.py",
    "broken": "{tmp}/broken.py",
    "empty": "{tmp}/empty.py",
    "unreadable": "{tmp}/unreadable.py",
}
WITH_SETTINGS = {
    "validate": ["validate"],
    "build": ["build"],
    "serve": ["serve"],
    "report": ["report"],
    "geocode": ["geocode"],
    "publish-check": ["publish-check", "--visibility", "public"],
    "intake": ["intake", "{tmp}/applications.csv"],
    "import": ["import", "{tmp}/register.csv", "--to", "{tmp}/imported.csv"],
    "template": ["template", "{tmp}/new.xlsx"],
    "decals": ["decals", "--out", "{tmp}/decals"],
}
OTHERS = {
    "port too high": ["serve", "--port", "99999"],
    "port zero": ["serve", "--port", "0"],
    "port not a number": ["serve", "--port", "http"],
    "no command": [],
    "unknown command": ["publish"],
    "option without its value": ["validate", "--settings"],
    "template onto a full device": ["template", "/dev/full", "--force"],
    "template onto a folder": ["template", "{tmp}/folder", "--force"],
    "import to a folder": ["import", "{tmp}/register.csv", "--to", "{tmp}/folder"],
    "report into a folder": ["report", "--html", "{tmp}/folder"],
    "geocode cache a folder": ["geocode", "--cache", "{tmp}/folder", "--endpoint", "http://127.0.0.1:9/"],
    "build into a file": ["build", "--output", "{tmp}/empty.csv"],
    "build into a device": ["build", "--output", "/dev/null"],
    "decals into a file": ["decals", "--out", "{tmp}/empty.csv"],
    "report against nothing": ["report", "--against", "no-such-branch"],
    "a device as the register": ["validate", "--data", "/dev/zero"],
    "a workbook that is no workbook": ["import", "{tmp}/fake.xlsx"],
}

CASES = (
    [
        pytest.param(argv, kind, id=f"{name} <{kind} file>")
        for name, argv in WITH_A_FILE.items()
        for kind in HOSTILE_FILES
    ]
    + [
        pytest.param([*argv, "--settings", path], None, id=f"{name} --settings <{kind}>")
        for name, argv in WITH_SETTINGS.items()
        for kind, path in SETTINGS_FILES.items()
    ]
    + [pytest.param(argv, None, id=name) for name, argv in OTHERS.items()]
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project (settings, register, boundary) with hostile files beside it."""
    folder = make_project(tmp_path_factory.mktemp("hostile"))
    (folder / "register.csv").write_bytes((folder / "data" / "participants.csv").read_bytes())
    write_register(folder / "applications.csv", [application()])
    (folder / "folder").mkdir()
    (folder / "empty.csv").write_bytes(b"")
    (folder / "empty.py").write_bytes(b"")
    (folder / "binary.csv").write_bytes(bytes(range(256)) * 64)
    (folder / "binary.py").write_bytes(bytes(range(256)) * 64)
    (folder / "fake.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    # unreadable (chmod 000); as root it can still be read, so it is binary as well
    for name in ("unreadable.csv", "unreadable.py"):
        (folder / name).write_bytes(b"\x00\xfe" * 512)
        (folder / name).chmod(0)
    huge = "y" * 140_000  # over csv's 131,072-character limit for a cell
    (folder / "huge.csv").write_text(
        'id,name,status,notes\nSP-0001,Bakery,approved,"' + huge + '"\n', encoding="utf-8"
    )
    (folder / "raising.py").write_text("raise RuntimeError('the settings failed')\n", encoding="utf-8")
    (folder / "broken.py").write_text("SAFEPLACE_DATA = (\n", encoding="utf-8")
    return folder


@pytest.fixture
def in_project(project, monkeypatch):
    """Run in the project folder, outside GitHub Actions, with logging put back afterwards."""
    monkeypatch.chdir(project)
    for name in ("GITHUB_ACTIONS", "SAFEPLACE_BASE", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    handlers = list(logging.getLogger().handlers)
    yield project
    logging.getLogger().handlers[:] = handlers


def files(project, kind: str) -> str:
    return {
        "missing": str(project / "nowhere.csv"),
        "folder": str(project / "folder"),
        "empty": str(project / "empty.csv"),
        "binary": str(project / "binary.csv"),
        "unreadable": str(project / "unreadable.csv"),
        "huge": str(project / "huge.csv"),
    }[kind]


def test_every_command_is_swept():
    subcommands = next(a for a in parser()._actions if a.dest == "command").choices
    swept = {argv[0] for argv in [*WITH_A_FILE.values(), *WITH_SETTINGS.values()]}
    assert swept == set(subcommands) - {"settings"}  # `settings` reads no file and takes none


@pytest.mark.parametrize("argv, kind", CASES)
def test_a_hostile_argument_is_answered_in_one_plain_line(in_project, capsys, argv, kind):
    values = {"tmp": str(in_project), "file": files(in_project, kind) if kind else ""}
    args = [part.format(**values) for part in argv]
    try:
        status = main(args)
    except SystemExit as stop:  # argparse: a wrong argument
        status = stop.code
    out, err = capsys.readouterr()
    assert status not in (0, None), (args, out, err)
    assert "Traceback" not in out + err and "Exception ignored" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, (args, out)
    assert len(lines) == 1 or (len(lines) == 2 and OUTCOME.search(lines[1])), lines
    assert not lines[0].startswith("usage:") and len(lines[0]) < 1000, lines[0]
    if kind and kind != "huge":
        named = files(in_project, kind)
        assert named in lines[0] or f"the {kind}" in lines[0], lines[0]
