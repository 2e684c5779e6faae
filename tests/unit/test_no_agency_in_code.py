"""No agency in the code: an adopting agency changes settings, content and data, never code.

Every module, template, script, style sheet and strings file under ``pipeline/`` and ``theme/``
is searched for the sample agency's names, its state, its numbers and its ZIP codes. The one
place they may be is the settings' defaults (``pipeline/settings.py``). A hit names the file
and line, so the fix is a setting or a placeholder ({agency}, {emergency}, {postcode_example}...).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {ROOT / "pipeline" / "settings.py"}
SUFFIXES = {
    ".py",
    ".html",
    ".js",
    ".mjs",
    ".css",
    ".json",
    ".txt",
}  # the decal artwork is drawn from settings

AGENCY = re.compile(
    r"Kansas\s+City|Missouri|\bKCPD\b|\bKCMO\b"  # the sample agency and its state
    r"|\(816\)|\b816[-. ]\d{3}|\+1816"  # its area code, as a phone number
    r"|(?<![\w.-])911(?![\w.-])"  # the US emergency number, as a word (not call_911, not 0.911)
    r"|(?<![\w.-])64[01]\d\d(?![\w.-])",  # Kansas City's ZIP codes, 640xx and 641xx
    re.IGNORECASE,
)


def code_files() -> list[Path]:
    found = []
    for folder in ("pipeline", "theme"):
        for path in sorted((ROOT / folder).rglob("*")):
            skipped = "vendor" in path.parts or "__pycache__" in path.parts
            if path.is_file() and path.suffix in SUFFIXES and path not in ALLOWED and not skipped:
                found.append(path)
    return found


def agency_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r} in {line.strip()[:120]}"
        for number, line in enumerate(text.splitlines(), start=1)
        for match in AGENCY.finditer(line)
    ]


def test_the_search_finds_what_it_is_for(tmp_path):
    """The pattern itself: the sample's names and numbers are found, look-alikes are not."""
    hits = ["Kansas City", "KCPD", "Missouri", "(816) 234-5111", "816-555-0101", "call 911", "64111"]
    misses = ["call_911", "agree_call_911", "v0.911", "164111", "8160", "{emergency}"]
    assert all(AGENCY.search(text) for text in hits)
    assert not any(AGENCY.search(text) for text in misses)


def test_no_module_template_script_or_string_names_an_agency():
    files = code_files()
    assert any(p.suffix == ".json" for p in files) and any(p.suffix == ".html" for p in files)
    problems = [line for path in files for line in agency_lines(path)]
    assert not problems, "agency text outside the settings:\n" + "\n".join(problems)
