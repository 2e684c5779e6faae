"""Whether the register may be published from this repository.

The register's private columns (contacts, notes, vetting dates) are committed with it. In a
**public** repository anyone can read them, whatever the site shows, so the publish workflow
asks here first and refuses to deploy from a public repository while any private cell holds
a value. A private repository can still publish (GitHub Pages on a paid plan, or Netlify /
Cloudflare Pages, which build private repositories): see docs/coordinators.md, "Keep the repository
private".
"""

from __future__ import annotations

from pathlib import Path

from pipeline.register.encoding import decode
from pipeline.register.model import PRIVATE_COLUMNS
from pipeline.register.table import read_register_bytes, read_table

VISIBILITIES = ("public", "private", "internal")


def private_cells(path: Path) -> dict[str, int]:
    """How many non-empty cells each private column of the register holds (raises
    RegisterError if the file cannot be read as a register at all)."""
    frame = read_table(path, decode(read_register_bytes(path), str(path)))
    return {
        column: int((frame[column] != "").sum())
        for column in PRIVATE_COLUMNS
        if column in frame.columns and (frame[column] != "").any()
    }


def publish_refusal(path: Path, visibility: str) -> str | None:
    """One line saying why the register must not be published from a repository of this
    visibility, or None when it may."""
    if visibility == "private":
        return None
    cells = private_cells(path)
    if not cells:
        return None
    counts = ", ".join(f"{column} ({n})" for column, n in cells.items())
    return (
        f"{path}: the repository is {visibility} and the register holds private values "
        f"that anyone can read there: {counts}. Make the repository private (see "
        "docs/coordinators.md) or empty those columns before publishing."
    )
