"""Rules for the text of a cell: what shows as nothing, what a spreadsheet runs as a formula.

A name, address or link must read the same to the coordinator who typed it and to the visitor
who sees it: no control characters, no invisible or text-reordering characters, no formula a
spreadsheet would run when someone opens the exported CSV.
"""

from __future__ import annotations

import re
import unicodedata

# Line breaks and other control characters (C0, DEL, C1, the Unicode line and paragraph
# separators): none belongs in a cell.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# OWASP CSV injection: spreadsheet programs run a cell starting with these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START = re.compile("^[=+@\t\r-]", re.M)  # FORMULA_PREFIXES at the start of a line
# Characters that show as nothing, reorder text or hide text (bidi controls and isolates,
# zero-width characters, soft hyphens, tag characters: Unicode's "format" category Cf), plus
# letters and symbols that render blank (Hangul fillers, the blank Braille pattern), the
# combining grapheme joiner and variation selectors. Private-use and unassigned code points
# show as nothing or as a box. None of them belongs in a name, address or link.
_BLANK = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
                   + "".join(map(chr, range(0xFE00, 0xFE10))))
_HIDDEN_CATEGORIES = frozenset(("Cf", "Co", "Cn", "Cs"))
# Scripts whose letters imitate each other (a Cyrillic "а" in a Latin word); a word that
# mixes two of them is worth a second look.
_LOOKALIKE_SCRIPTS = frozenset(("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC",
                                "GEORGIAN"))


def hidden_character(text: str) -> str | None:
    """The first character of ``text`` that shows as nothing or hides text, named."""
    if text.isascii():
        return None
    for char in text:
        if char in _BLANK or unicodedata.category(char) in _HIDDEN_CATEGORIES:
            name = unicodedata.name(char, "an unassigned or private character")
            return f"U+{ord(char):04X} {name}"
    return None


def has_visible_letters(text: str) -> bool:
    """Whether a name has at least one letter or digit that shows."""
    return any(unicodedata.category(c)[0] in "LN" and c not in _BLANK for c in text)


def mixed_script_word(text: str) -> str | None:
    """The first word mixing letters of lookalike scripts (Latin with Cyrillic, say)."""
    if text.isascii():
        return None
    for word in text.split():
        scripts = set()
        for char in word:
            if unicodedata.category(char)[0] == "L":
                script = unicodedata.name(char, "").split(" ", 1)[0]
                if script in _LOOKALIKE_SCRIPTS:
                    scripts.add(script)
        if len(scripts) > 1:
            return word
    return None


def same_text_key(text: str) -> str:
    """What two names or addresses are compared by: composed the same way (NFKC), spaces
    collapsed, case folded."""
    if text.isascii() and "  " not in text:
        return text.casefold()
    return unicodedata.normalize("NFKC", " ".join(text.split())).casefold()
