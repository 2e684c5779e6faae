"""Files a coordinator keeps are replaced whole or not at all.

Writing a register in place (``open("w")``) on a full disk, or when the command is killed,
leaves it cut off mid-row: rows gone that no one chose to delete. So every write of a
coordinator's file goes to a temporary file in the same folder (the same file system, so the
rename is atomic), is flushed to the disk (``fsync``), keeps the old file's permissions, and
only then takes the old file's name. Whatever fails on the way, the old file is untouched and
the temporary file is removed; the error names the file that was to be written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; on any failure ``path`` is as it was."""
    path = Path(path)
    try:
        if path.exists() and not path.is_file():  # a device (/dev/stdout): written as it is
            with path.open("wb") as out:
                out.write(data)
            return
        _replace(path, data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None


def _replace(path: Path, data: bytes) -> None:
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # a new file: as open() would make it, not mkstemp's 0600
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(folder)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut (POSIX; nothing to do elsewhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
