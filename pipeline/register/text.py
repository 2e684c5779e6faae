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
_BLANK = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
)
_HIDDEN_CATEGORIES = frozenset(("Cf", "Co", "Cn", "Cs"))
# Scripts whose letters imitate each other (a Cyrillic "а" in a Latin word); a word that
# mixes two of them is worth a second look.
_LOOKALIKE_SCRIPTS = frozenset(("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "GEORGIAN"))


# Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), and U+16FE4
# (a filler that shows as nothing): all hidden, but for the joiners a script or emoji needs.
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x16FE4, 0x16FE4),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Scripts whose words need a zero-width (non-)joiner between letters: Persian's
# "کافه‌نادری", a Devanagari conjunct written with ZWJ after the virama.
_JOINING_SCRIPTS = frozenset(
    (
        "ARABIC",
        "SYRIAC",
        "NKO",
        "MONGOLIAN",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
        "KHMER",
        "MYANMAR",
        "TIBETAN",
    )
)
_ZWNJ, _ZWJ, _VS16, _KEYCAP = "\u200c", "\u200d", "\ufe0f", "\u20e3"


def _ignorable(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE)


def _emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or 0x1F3FB <= ord(char) <= 0x1F3FF


def _needed(text: str, i: int) -> bool:
    """Whether the joiner or VS16 at ``text[i]`` is part of the word (a script's joiner
    between two of its letters, an emoji sequence, ``❤️``), not hidden text."""
    char = text[i]
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if char == _VS16:
        return bool(before) and (_emoji(before) or (before in "#*0123456789" and after == _KEYCAP))
    if not before or not after:
        return False
    if char == _ZWJ and (_emoji(before) or before == _VS16) and _emoji(after):
        return True
    scripts = {unicodedata.name(c, "").split(" ")[0] for c in (before, after)}
    letters = all(unicodedata.category(c)[0] in "LM" for c in (before, after))
    return letters and len(scripts) == 1 and scripts <= _JOINING_SCRIPTS


def hidden_character(text: str) -> str | None:
    """The first character of ``text`` that shows as nothing or hides text, named: format
    and unassigned characters, every default-ignorable code point (variation selectors
    included), except a ZWJ/ZWNJ/VS16 the script or emoji sequence needs."""
    if text.isascii():
        return None
    for i, char in enumerate(text):
        if char in _BLANK or _ignorable(char) or unicodedata.category(char) in _HIDDEN_CATEGORIES:
            if char in (_ZWNJ, _ZWJ, _VS16) and _needed(text, i):
                continue
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
