"""The register's bytes as text: the encodings Excel and editors save, and nothing guessed.

UTF-8 (with or without a byte order mark) and Windows-1252 are read; anything else (UTF-16, a
workbook renamed to .csv, Mac Roman, a mix of encodings, text garbled by an earlier save) is
refused with the Excel steps that fix it, since a guess publishes garbled names.
"""

from __future__ import annotations

import re

from pipeline.register.problems import Problem, RegisterError

SAVE_AS_UTF8 = (
    "in Excel choose File > Save As (Windows) or File > Save As... > File Format (Mac) "
    '"CSV UTF-8 (Comma delimited) (.csv)"; in LibreOffice choose File > Save a Copy > '
    "Text CSV, Character set: Unicode (UTF-8); then save again"
)
# Characters Windows-1252 has but a register almost never holds next to a letter; each is what a
# Mac Roman accented letter becomes when read as Windows-1252 ("Café" -> "CafŽ", "Müller" -> "MŸller").
_MAC_ROMAN_SIGNS = frozenset("ƒ†‡ˆ‰Š‹ŒŽ˜š›œžŸ")
# A valid multi-byte UTF-8 sequence: in a file that is not UTF-8 throughout, proof of a mix.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-8 read as Windows-1252 and saved again as UTF-8 ("CafÃ©", "Tomâ€™s"): garbled for good.
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€[™œ“”˜¦¢]")


def _line_of(raw: bytes, offset: int) -> int:
    """The line (1-based) holding byte ``offset``, whatever the line endings."""
    return raw.count(b"\n" if b"\n" in raw else b"\r", 0, offset) + 1


def _refuse(name: str, row: int, message: str) -> RegisterError:
    return RegisterError([Problem(name, row, "-", message)])


def detect_encoding(raw: bytes, name: str = "the register") -> str:
    """The encoding Excel or an editor saved ``raw`` in: ``utf-8-sig``, ``utf-8`` or ``cp1252``.

    Anything else is refused, never guessed: a guess publishes garbled names. UTF-16 ("Unicode
    Text"), a workbook renamed to .csv, a file that mixes UTF-8 with another encoding, and Mac
    Roman ("CSV (Macintosh)") each get a RegisterError naming what the file is, the first row
    concerned and the Excel steps that fix it. Telling Mac Roman from Windows-1252: both are one
    byte a character, but Mac Roman puts its accented letters at 0x80-0x9F, where Windows-1252
    has rare signs (Ž, Ÿ, ‡...) or nothing at all; those signs beside a letter, or a capital
    accented letter inside a lowercase word ("TomÕs"), are what Mac Roman text looks like.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        raise _refuse(
            name, 1, 'this file is UTF-16 (Excel\'s "Unicode Text"), not a CSV register: ' + SAVE_AS_UTF8
        )
    if raw.startswith(b"PK\x03\x04"):
        raise _refuse(
            name,
            1,
            "this file is an Excel workbook (.xlsx) renamed to .csv: run "
            "`safeplace import` on it (it writes the register), or " + SAVE_AS_UTF8,
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(name, 1, "this file is an old Excel workbook (.xls) renamed to .csv: " + SAVE_AS_UTF8)
    if b"\x00" in raw:
        raise _refuse(name, 1, "this file is not a CSV register (empty or binary)")
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        row = _line_of(raw, exc.start)
        if encoding == "utf-8-sig" or _UTF8_SEQUENCE.search(raw):
            raise _refuse(
                name,
                row,
                "this file mixes encodings (UTF-8, but this row is not): its "
                "accented letters would be published garbled; " + SAVE_AS_UTF8,
            ) from None
        # bytes Windows-1252 does not use (Mac Roman's è, ç...) become U+FFFD: a clue like the others
        text = raw.decode("cp1252", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        if (clue := _mac_roman_clue(text)) is not None:
            line, sample = clue
            raise _refuse(name, line, f"{sample!r}: " + _MAC_ROMAN + SAVE_AS_UTF8) from None
        return "cp1252"
    if (garbled := _MOJIBAKE.search(text)) is not None:
        start = garbled.start()
        sample = _word_at(text, start)
        raise _refuse(
            name,
            text.count("\n", 0, start) + 1,
            f"{sample!r}: text garbled by an earlier save in the wrong encoding; "
            "retype the accented letters, then " + SAVE_AS_UTF8,
        )
    return encoding


def _utf16_without_bom(raw: bytes) -> bool:
    """Text where every other byte is zero: UTF-16 without its byte order mark."""
    head = raw[:4000]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    return len(head) > 3 and max(odd, even) > len(head) * 0.4 and min(odd, even) < len(head) * 0.02


_MAC_ROMAN = (
    'this file looks saved as "CSV (Macintosh)" (Mac Roman): its accented letters would be '
    "published garbled; "
)


def _mac_roman_clue(text: str) -> tuple[int, str] | None:
    """(line, a few characters) where Windows-1252 text looks like Mac Roman, else None."""
    for match in re.finditer(r"[^\x00-\x7f]", text):
        i, char = match.start(), match.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        suspicious = (
            char == "\ufffd"
            or (char in _MAC_ROMAN_SIGNS and before.islower())  # "CafŽ", "DŸsseldorf" read wrongly
            or (char in _MAC_ROMAN_SIGNS and not char.isalpha() and (before.isalpha() or after.isalpha()))
            or (char.isupper() and (before.islower() or (before.isalpha() and after.islower())))  # "TomÕs"
            or (char in "–—" and before.islower() and after.islower())  # "Espa–a" (not "Mo–Fr")
        )
        if suspicious:
            return text.count("\n", 0, i) + 1, _word_at(text, i)
    return None


def _word_at(text: str, i: int) -> str:
    """The word around ``text[i]`` (within its cell), to show the coordinator what is garbled."""
    stops = ' ,;"\n\t'
    start, end = i, i + 1
    while start > 0 and text[start - 1] not in stops and i - start < 20:
        start -= 1
    while end < len(text) and text[end] not in stops and end - i < 20:
        end += 1
    return text[start:end]


def decode(raw: bytes, name: str = "the register") -> str:
    """Text from the bytes Excel and editors write: UTF-8 (with or without BOM) or Windows-1252.

    Anything else raises RegisterError (see :func:`detect_encoding`). Line endings become newlines.
    """
    text = raw.decode(detect_encoding(raw, name))
    return text.replace("\r\n", "\n").replace("\r", "\n")
