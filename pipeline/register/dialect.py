"""Which separator a CSV uses: commas, or the semicolons and tabs Excel and LibreOffice write.

Excel writes semicolons where the decimal mark is a comma, LibreOffice's "Text CSV" asks and may
quote every text cell (``"id";"name"``); "Text (Tab delimited)" uses tabs. The header line tells,
counting separators outside quotes only.
"""

from __future__ import annotations

SEPARATORS = ",;\t"


def separator(text: str) -> str:
    """The separator of the header line (``,``, ``;`` or a tab), counted outside quotes."""
    first, outside, quoted = text.split("\n", 1)[0], [], False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    plain = "".join(outside)
    return max(SEPARATORS, key=plain.count) if any(plain.count(c) for c in SEPARATORS) else ","
