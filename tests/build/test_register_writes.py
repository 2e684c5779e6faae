"""Every write of the register is atomic (issue 26, item 5): on a full disk (a real tmpfs)
intake, geocode and import leave the old register whole, say so truthfully in one line, and
leave no temporary file; files holding private data are never written into the site."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import GOOD_ROW, application, run_safeplace, settings_file
from pipeline.coordinators.atomic import write_atomically
from pipeline.coordinators.intake import FORM_FIELDS
from pipeline.register.model import COLUMNS


def register_text(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


ROWS = [
    dict(GOOD_ROW, id=f"SP-{9200 + n}", name=f"Corner Books {n}", address=f"{4700 + 2 * n} Main St")
    for n in range(40)
]


@contextmanager
def full_disk(tmp_path: Path):
    """A 64 KB tmpfs holding ``participants.csv``, then filled to the last byte."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        register = disk / "participants.csv"
        register.write_bytes(register_text(ROWS))
        filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            for size in (4096, 512, 1):  # to the last byte
                try:
                    while os.write(filler, b"\0" * size):
                        pass
                except OSError:
                    pass
        finally:
            os.close(filler)
        yield register
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def unchanged(register: Path, before: bytes) -> None:
    assert register.read_bytes() == before
    assert sorted(p.name for p in register.parent.iterdir()) == ["filler", "participants.csv"]


def one_line(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_intake_on_a_full_disk_leaves_the_register_whole(tmp_path):
    apps = tmp_path / "applications.csv"
    with apps.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FORM_FIELDS)
        writer.writeheader()
        writer.writerows(
            application(organization_name=f"Bakery {n}", address=f"{3900 + 2 * n} Gillham Rd")
            for n in range(8)
        )
    with full_disk(tmp_path) as register:
        before = register.read_bytes()
        conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
        line = one_line(run_safeplace("intake", str(apps), "--settings", str(conf)))
        assert line == (
            f"intake: could not write {register}: No space left on device; the "
            "register was not changed, nothing was added"
        )
        unchanged(register, before)


class Nominatim(BaseHTTPRequestHandler):
    def do_GET(self):
        data = json.dumps(
            [{"lat": "39.0410", "lon": "-94.5850", "display_name": "x", "place_id": 1, "importance": 0.5}]
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_geocode_on_a_full_disk_leaves_the_register_whole_and_says_so(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Nominatim)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with full_disk(tmp_path) as register:
            rows = [
                dict(r, lat="", lon="", status="pending") if n % 4 == 0 else r for n, r in enumerate(ROWS)
            ]
            # the same size as before, so the file fits as it was: only a rewrite needs room
            register.write_bytes(register_text(rows).ljust(len(register.read_bytes())))
            before = register.read_bytes()
            conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
            result = run_safeplace(
                "geocode",
                "--settings",
                str(conf),
                "--endpoint",
                f"http://127.0.0.1:{server.server_address[1]}",
                "--cache",
                str(tmp_path / "cache.csv"),
            )
            line = one_line(result)
            assert line == (
                f"geocode: could not write {register}: No space left on device; the register was not changed"
            )
            unchanged(register, before)
            assert (tmp_path / "cache.csv").is_file()  # what was looked up is kept
    finally:
        server.shutdown()


def test_import_on_a_full_disk_leaves_the_register_whole(tmp_path):
    source = tmp_path / "edited.csv"
    source.write_bytes(register_text([dict(r, notes="called back") for r in ROWS]))
    with full_disk(tmp_path) as register:
        before = register.read_bytes()
        conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
        line = one_line(run_safeplace("import", str(source), "--settings", str(conf)))
        assert line == (
            f"import: could not write {register}: No space left on device; {register} was not changed"
        )
        unchanged(register, before)


def test_an_atomic_write_keeps_the_mode_and_replaces_whole(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_bytes(b"old")
    path.chmod(0o600)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new" and (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["participants.csv"]
    with pytest.raises(OSError) as caught:  # a folder that is a file: named, in one error
        write_atomically(path / "inside.csv", b"x")
    assert caught.value.filename == str(path / "inside.csv")
    assert path.read_bytes() == b"new"


def test_private_files_are_never_written_into_the_site(tmp_path):
    register = tmp_path / "participants.csv"
    register.write_bytes(register_text(ROWS[:2]))
    site = tmp_path / "site"
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register), OUTPUT_PATH=str(site))
    for args in (
        ["report", "--html", str(site / "report.html")],
        ["template", str(site / "data" / "register.xlsx")],
        ["import", str(register), "--to", str(site / "participants.csv")],
    ):
        line = one_line(run_safeplace(*args, "--settings", str(conf)))
        assert "is inside the site's output folder" in line and "private data" in line, args
    assert not site.exists()
    data_site = tmp_path / "data-site"
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(tmp_path / "data" / "participants.csv"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "participants.csv").write_bytes(register_text(ROWS[:2]))
    line = one_line(
        run_safeplace("build", "--settings", str(conf), "--output", str(tmp_path / "data" / "site"))
    )
    assert "is inside the data folder (data/), which holds the private register" in line
    assert not (tmp_path / "data" / "site").exists() and not data_site.exists()
