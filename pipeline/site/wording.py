"""The interface strings made the agency's: its own words over the theme's, its names filled in.

The theme's strings (``theme/strings/<lang>.json``) name no agency, place, number or postal
code: they say ``{agency}``, ``{emergency}``, ``{postcode_name}``... An agency overrides any
string with a strings file of its own (``STRINGS_FILES``, one ``<lang>.json`` each, which may add
a language) or in ``SAFEPLACE_STRINGS``; then the placeholders below are filled from the
settings, once, at build. Other placeholders (``{zip}``, ``{d}``...) are left for the page or
its script. A call button's label is made from ``EMERGENCY_NUMBER`` here, so it can never name
another number than its ``tel:`` link dials.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.profile import ProfileError, phone_example, postcode_name, region_code, region_name, short_name
from pipeline.settings import setting


def strings_files(settings: Mapping[str, Any]) -> dict[str, Path]:
    """The agency's strings files by language (the file's name without .json)."""
    base = (
        Path(str(settings.get("SAFEPLACE_SETTINGS") or "")).parent
        if settings.get("SAFEPLACE_SETTINGS")
        else None
    )
    files = {}
    for name in setting(settings, "STRINGS_FILES"):
        path = Path(name)
        if not path.is_absolute() and base is not None and (base / path).exists():
            path = base / path
        files[path.stem] = path
    return files


def _merge(into: dict, over: Mapping) -> dict:
    """``over`` on top of ``into``: nested groups merged key by key, ``"a.b"`` keys reach into
    group ``a``."""
    out = dict(into)
    for key, value in over.items():
        if "." in key and key.split(".", 1)[0] in out and isinstance(out[key.split(".", 1)[0]], dict):
            head, rest = key.split(".", 1)
            out[head] = _merge(out[head], {rest: value})
        elif isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def placeholders(strings: Mapping[str, Any], lang: str, settings: Mapping[str, Any]) -> dict[str, str]:
    """The values of the agency's placeholders in ``lang``."""
    unit = str(setting(settings, "DISTANCE_UNIT"))
    name = postcode_name(settings, lang)
    region = region_name(settings, lang)
    others = [str(n) for n in setting(settings, "EMERGENCY_OTHER_NUMBERS")]
    also = ""
    if others:
        also = str(strings.get("emergency_also", " (or {numbers})")).format(numbers=", ".join(others))
    example = str(setting(settings, "POSTCODE_EXAMPLE"))
    digits = re.fullmatch(r"\\d\{(\d+)\}|\[0-9\]\{(\d+)\}", str(setting(settings, "POSTCODE_PATTERN")))
    count = (digits.group(1) or digits.group(2)) if digits else None
    kind, hint = name, str(strings.get("postcode_hint", "{example}")).format(example=example)
    if count:
        kind = str(strings.get("postcode_digits", "{name}")).format(n=count, name=name)
        hint = str(strings.get("postcode_hint_digits", "{example}")).format(n=count, example=example)
    values = {
        "postcode_kind": kind,
        "postcode_hint": hint,
        "agency": setting(settings, "AGENCY_NAME_BY_LANG").get(lang) or setting(settings, "AGENCY_NAME"),
        "agency_short": setting(settings, "AGENCY_SHORT"),
        "jurisdiction": setting(settings, "JURISDICTION"),
        "region": region_code(settings),
        "emergency": setting(settings, "EMERGENCY_NUMBER"),
        "emergency_also": also,
        "non_emergency": setting(settings, "NON_EMERGENCY_PHONE"),
        "postcode_name": name,
        "Postcode_name": name[:1].upper() + name[1:],
        "postcode_short": short_name(name),
        "region_name": region,
        "Region_name": region[:1].upper() + region[1:],
        "phone_example": phone_example(settings),
        "postcode_example": setting(settings, "POSTCODE_EXAMPLE"),
        "unit": str(strings.get(f"unit_{unit}", unit)),
    }
    for key, value in values.items():
        if "{" in str(value) or "}" in str(value):
            raise ProfileError(f"the setting behind {{{key}}} must not contain braces: {value!r}")
    return {k: str(v) for k, v in values.items()}


def fill(value: Any, values: Mapping[str, str]) -> Any:
    """Every known placeholder in ``value`` (a string, or groups and lists of them) filled."""
    if isinstance(value, str):
        pattern = re.compile(r"\{(" + "|".join(map(re.escape, values)) + r")\}")
        return pattern.sub(lambda m: values[m.group(1)], value)
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    return value


#: the strings that label a link dialling EMERGENCY_NUMBER: they must name that number, and no other
CALL_LABELS = ("call_911", "report_call_911")


def check_call_labels(strings: Mapping[str, Any], lang: str, emergency: str) -> None:
    """ProfileError when an emergency call button would say another number than it dials (an
    agency's own words that name a number instead of {emergency}, say)."""
    for key in CALL_LABELS:
        label = str(strings.get(key, ""))
        if label and re.findall(r"\d+", label) != [emergency]:
            raise ProfileError(
                f"the string {key} ({lang}) is {label!r}, but its link dials {emergency}: "
                "write {emergency} for the number"
            )


def agency_strings(strings: dict, lang: str, settings: Mapping[str, Any]) -> dict:
    """The theme's strings for ``lang`` with the agency's own over them, placeholders filled."""
    own = strings_files(settings)
    if lang in own:
        strings = _merge(strings, json.loads(own[lang].read_text(encoding="utf-8")))
    overrides = setting(settings, "SAFEPLACE_STRINGS") or {}
    if lang in overrides:
        strings = _merge(strings, overrides[lang])
    filled = fill(strings, placeholders(strings, lang, settings))
    check_call_labels(filled, lang, str(setting(settings, "EMERGENCY_NUMBER")))
    return filled
