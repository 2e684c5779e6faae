"""The register as it was before a command wrote it: ``data/.participants.csv.bak``.

``import``, ``intake`` and ``geocode`` rewrite the coordinators' own file. Before each write the
previous bytes are kept next to it (a dot file, so the build and the file browser leave it alone;
``.gitignore`` keeps it out of commits). One step back, always there: to undo, copy it over the
register (``cp data/.participants.csv.bak data/participants.csv``). A register under git can
also be got back with ``git checkout -- data/participants.csv``.
"""

from __future__ import annotations

from pathlib import Path


def backup_path(register: Path) -> Path:
    return register.with_name(f".{register.name}.bak")


def keep_previous(register: Path) -> Path | None:
    """Copy ``register`` (if it exists) to its backup, atomically; return the backup's path.

    A full disk fails here, before the register is touched, with the backup's name."""
    from pipeline.coordinators.atomic import write_atomically

    register = Path(register)
    if not register.is_file():
        return None
    target = backup_path(register)
    try:
        write_atomically(target, register.read_bytes())
    except OSError as exc:  # the register's write fails with it: name the register
        raise OSError(exc.errno, exc.strerror or str(exc), str(register)) from None
    return target


def how_to_undo(register: Path) -> str:
    """One line telling the coordinator where the previous register is."""
    return f"the previous register is kept in {backup_path(Path(register))} (copy it back to undo)"
