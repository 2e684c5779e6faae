"""Letters lost to a save in the wrong encoding: ``Café Phở Saigon`` saved as ``Café Ph? Saigon``.

Excel's "CSV (Comma delimited)" and LibreOffice's "Western Europe" save are Windows-1252, which has
no "ở": the program writes ``?`` in its place (and a reader that meets bytes it cannot decode
writes U+FFFD, "�"). The file then reads perfectly well, so nothing else notices; the name is
garbled for good. Two signs are trusted:

- a ``?`` with a letter before it that does not end the value (``Ph? Saigon``, ``Nguy?n``): in a
  name, address or contact a question mark sits at the end ("Why Not?") or stands alone, not
  glued to a letter mid-value; and any U+FFFD at all;
- a ``?`` where the last register had another character in the same place (the same row, the
  same column, the value otherwise equal): ``Phở`` -> ``Ph?`` even at the end of a value.

Either is an error naming the row, the value and the fix (save as UTF-8, with Excel's and
LibreOffice's menus); a report shows the old and the new value.
"""

from __future__ import annotations

import re

# Columns written in words, where a "?" glued to a letter is a lost letter. Not the website
# (a query string), hours, phones, coordinates, dates or ids.
WORD_COLUMNS = ("name", "address", "city", "category", "contact_name")
# Free text, where "Open Sundays? Ask" is a question: only a "?" between two letters counts.
NOTE_COLUMNS = ("notes",)
REPLACEMENT = "\ufffd"
# A "?" after a letter with more of the value after it (a letter, or a space and more text).
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?+(?=[^\W_]|\s+\S)")
_INSIDE_WORD = re.compile(r"(?<=[^\W\d_])\?+(?=[^\W\d_])")

SAVE_AS_UTF8_EVERYWHERE = (
    'save it as UTF-8: in Excel, File > Save As > "CSV UTF-8 (Comma delimited) (.csv)"; in '
    "LibreOffice, File > Save a Copy > Text CSV, Character set: Unicode (UTF-8); then type the "
    "lost letters again"
)


def lost_letter(value: str) -> bool:
    """Whether ``value`` shows a letter lost to an encoding (see the module docstring)."""
    return REPLACEMENT in value or ("?" in value and _LOST_LETTER.search(value) is not None)


def lost_letter_in_text(value: str) -> bool:
    """The same for free text (notes): U+FFFD, or a "?" between two letters."""
    return REPLACEMENT in value or ("?" in value and _INSIDE_WORD.search(value) is not None)


def lost_letter_message(value: str) -> str:
    from pipeline.register.problems import shown

    sign = "\ufffd (U+FFFD)" if REPLACEMENT in value else "'?'"
    return (
        f"{shown(value)} has {sign} where a letter was: the file was saved in an encoding "
        f"that cannot hold that letter (Windows-1252); {SAVE_AS_UTF8_EVERYWHERE}"
    )


def replaced_message(old: str, new: str, where: str = "") -> str:
    """``'Café Phở' became 'Café Ph?'``: what the last register had, what this one has, the fix.

    ``where`` names the register compared with (" in the register published at main")."""
    from pipeline.register.problems import shown

    return (
        f"{shown(old)} became {shown(new)}{where}: letters lost to a save in an encoding that "
        f"cannot hold them (Windows-1252); {SAVE_AS_UTF8_EVERYWHERE}"
    )


def clean_column(values: list[str]) -> bool:
    """Quick test for a whole column: no "?" and no U+FFFD at all."""
    joined = "".join(values)
    return "?" not in joined and REPLACEMENT not in joined


def replaced_letters(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with some non-ASCII characters turned into ``?`` or U+FFFD."""
    if old == new or len(old) != len(new):
        return False
    changed = False
    for before, after in zip(old, new):
        if before == after:
            continue
        if after in "?\ufffd" and not before.isascii():
            changed = True
            continue
        return False
    return changed


def against_previous(
    old_rows: dict[str, dict[str, str]], new_rows: dict[str, dict[str, str]]
) -> list[tuple[str, str, str, str]]:
    """(id, column, old, new) for every value whose letters became ``?`` since ``old_rows``."""
    found = []
    for ident, new in new_rows.items():
        old = old_rows.get(ident)
        if not old:
            continue
        for column, value in new.items():
            before = old.get(column)
            if isinstance(value, str) and isinstance(before, str) and replaced_letters(before, value):
                found.append((ident, column, before, value))
    return found
