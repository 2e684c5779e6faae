"""The jurisdiction profile: what differs between countries, read once from the settings.

A Safe Place agency in a US city, in Ottawa or in Dublin runs the same code; what differs is here:
the country, how its phone numbers are read and written (``phonenumbers`` knows every country:
national form on the page, E.164 in ``tel:`` links), the emergency numbers, what the postal code
is called and how it is written, whether an address has a state or province, the distance unit
and how a date written with slashes is read. :func:`profile_of` turns the settings into a
:class:`Profile`; the register's checks, the commands and the build all take it from there, so
``safeplace validate`` refuses exactly what the build refuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from pipeline.settings import SETTINGS, setting

DATE_ORDERS = ("month-first", "day-first", "iso")
UNITS = {"mi": 1.609344, "km": 1.0}  # kilometres in one unit


class ProfileError(ValueError):
    """A jurisdiction setting that cannot work (an unknown unit, a pattern that is not one)."""


def region_code(settings: Mapping[str, Any]) -> str:
    """REGION, or its former name JURISDICTION_STATE (either may be set), upper-case."""
    return str(setting(settings, "REGION") or setting(settings, "JURISDICTION_STATE") or "").upper()


def date_order(settings: Mapping[str, Any]) -> str:
    """DATE_ORDER, or from COUNTRY when unset: month-first in the US; elsewhere slashed dates
    are refused as ambiguous ("iso") unless the agency says how its spreadsheets write them."""
    order = setting(settings, "DATE_ORDER")
    if order is None:
        return "month-first" if str(setting(settings, "COUNTRY")).upper() == "US" else "iso"
    if order not in DATE_ORDERS:
        raise ProfileError(f"DATE_ORDER is {order!r}: use one of {', '.join(DATE_ORDERS)}")
    return str(order)


@dataclass(frozen=True)
class Profile:
    """One jurisdiction's ways. The defaults are the US (the sample agency's) ways, for code
    that checks a register without settings."""

    country: str = SETTINGS["COUNTRY"].default
    phone_region: str = SETTINGS["PHONE_REGION"].default
    postcode_pattern: str = SETTINGS["POSTCODE_PATTERN"].default
    postcode_space_after: int | None = SETTINGS["POSTCODE_SPACE_AFTER"].default
    postcode_name: str = SETTINGS["POSTCODE_NAME"].default["en"]  # for the coordinator's messages
    postcode_example: str = SETTINGS["POSTCODE_EXAMPLE"].default
    centre_prefix: int = SETTINGS["POSTCODE_CENTRE_PREFIX"].default  # 3: Canada's FSA
    has_region: bool = SETTINGS["ADDRESS_HAS_REGION"].default
    region: str = SETTINGS["REGION"].default
    date_order: str = "month-first"  # DATE_ORDER's reading where COUNTRY is US
    unit: str = SETTINGS["DISTANCE_UNIT"].default
    _pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "_pattern", re.compile(self.postcode_pattern, re.ASCII))
        except re.error as exc:
            raise ProfileError(
                f"POSTCODE_PATTERN {self.postcode_pattern!r} is not a pattern: {exc}"
            ) from None
        if self.unit not in UNITS:
            raise ProfileError(f"DISTANCE_UNIT is {self.unit!r}: use mi or km")
        if self.date_order not in DATE_ORDERS:
            raise ProfileError(f"DATE_ORDER is {self.date_order!r}: use one of {', '.join(DATE_ORDERS)}")

    # --- postal codes -------------------------------------------------------------------------
    def normal_postcode(self, text: str) -> str:
        """``" k1p1j1 "`` -> ``"K1P 1J1"``: upper case, no spaces, then one space after
        ``postcode_space_after`` characters (when the code is longer than that)."""
        code = re.sub(r"\s+", "", text).upper()
        at = self.postcode_space_after
        if at and len(code) > at:
            code = f"{code[:at]} {code[at:]}"
        return code

    def postcode_ok(self, text: str) -> bool:
        """Whether ``text``, normalised, is a postal code of this country's form."""
        return self._pattern.fullmatch(self.normal_postcode(text)) is not None

    @property
    def short_postcode_name(self) -> str:
        """The name before a code ("ZIP 20500", "postal code K1P 1J1"): a trailing " code"
        goes where the name is an initialism."""
        return short_name(self.postcode_name)

    def centre_key(self, text: str) -> str:
        """What a postal code's centre is looked up by: the whole normalised code, or its first
        ``centre_prefix`` characters."""
        code = self.normal_postcode(text)
        return code[: self.centre_prefix] if self.centre_prefix else code

    def postcode_kind(self) -> str:
        """The postal code's form in words: "5-digit ZIP code" where codes are N digits, else
        its name with the example ("postal code like K1P 1J1")."""
        if (digits := re.fullmatch(r"\\d\{(\d+)\}|\[0-9\]\{(\d+)\}", self.postcode_pattern)) is not None:
            return f"{digits.group(1) or digits.group(2)}-digit {self.postcode_name}"
        return f"{self.postcode_name} (like {self.postcode_example})"

    def a_postcode_kind(self) -> str:
        """The kind with its English article: "a 5-digit ZIP code", "an Eircode (like D02 XE81)"."""
        kind = self.postcode_kind()
        return ("an " if kind[:1].lower() in "aeio" else "a ") + kind

    def postcode_problem(self, text: str) -> str:
        """The message for a postal code not of the country's form."""
        plain = "" if text.isascii() else " (type it with the keyboard's plain digits and letters)"
        return f"{text!r} is not {self.a_postcode_kind()}{plain}"

    # --- phones -------------------------------------------------------------------------------
    def phone_forms(self, text: str) -> tuple[str, str] | None:
        """(as shown, E.164) for a valid number, else None. A number written with +country
        code is read as written; one without, as a national number of ``phone_region``. It is
        shown in national form when it is of the jurisdiction's country, else international."""
        try:
            number = phonenumbers.parse(text, self.phone_region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
        home = phonenumbers.region_code_for_number(number) == self.phone_region or (
            number.country_code == phonenumbers.country_code_for_region(self.phone_region)
        )
        shown = (
            phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return (
            phonenumbers.format_number(number, shown),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        )

    def phone_problem(self, text: str) -> str:
        """The message for a number that is not a valid one."""
        return f"{text!r} is not a valid {self.phone_kind()}"

    def phone_kind(self) -> str:
        if phonenumbers.country_code_for_region(self.phone_region) == 1:
            return "North American phone number"
        return f"phone number (as dialled in {self.phone_region}, or with + and the country code)"

    # --- distances ----------------------------------------------------------------------------
    def from_km(self, km: float) -> float:
        """A distance in kilometres in the profile's unit."""
        return km / UNITS[self.unit]


def profile_of(settings: Mapping[str, Any]) -> Profile:
    """The jurisdiction profile the settings give (ProfileError for one that cannot work)."""
    name = postcode_name(settings, "en")
    space = setting(settings, "POSTCODE_SPACE_AFTER")
    return Profile(
        country=str(setting(settings, "COUNTRY")).upper(),
        phone_region=str(setting(settings, "PHONE_REGION")).upper(),
        postcode_pattern=str(setting(settings, "POSTCODE_PATTERN")),
        postcode_space_after=int(space) if space else None,
        postcode_name=name,
        postcode_example=str(setting(settings, "POSTCODE_EXAMPLE")),
        centre_prefix=int(setting(settings, "POSTCODE_CENTRE_PREFIX") or 0),
        has_region=bool(setting(settings, "ADDRESS_HAS_REGION")),
        region=region_code(settings),
        date_order=date_order(settings),
        unit=str(setting(settings, "DISTANCE_UNIT")),
    )


def short_name(name: str) -> str:
    """ "ZIP code" -> "ZIP" (an initialism says it alone); "postal code" stays."""
    head, _, tail = name.rpartition(" ")
    return head if tail == "code" and head.isupper() else name


def _in_language(names: Any, lang: str, fallback: str) -> str:
    if not isinstance(names, Mapping):
        return str(names)
    return str(names.get(lang) or names.get("en") or next(iter(names.values()), fallback))


def postcode_name(settings: Mapping[str, Any], lang: str) -> str:
    """What the postal code is called in ``lang`` (the English word when the agency gave none)."""
    return _in_language(setting(settings, "POSTCODE_NAME"), lang, "postal code")


def region_name(settings: Mapping[str, Any], lang: str) -> str:
    """What the state or province is called in ``lang``."""
    return _in_language(setting(settings, "REGION_NAME"), lang, "region")


def phone_country_code(settings: Mapping[str, Any]) -> int:
    """The calling code of PHONE_REGION (1 for the US and Canada, 353 for Ireland)."""
    return int(phonenumbers.country_code_for_region(str(setting(settings, "PHONE_REGION")).upper()))


def phone_example(settings: Mapping[str, Any]) -> str:
    """A made-up number of PHONE_REGION as written there (``phonenumbers``' example number),
    for the application form's hint."""
    if given := setting(settings, "PHONE_EXAMPLE"):
        return str(given)
    region = str(setting(settings, "PHONE_REGION")).upper()
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
    if number is None:
        return "+" + str(phonenumbers.country_code_for_region(region))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def non_emergency_forms(settings: Mapping[str, Any]) -> tuple[str, str]:
    """(as shown, E.164) of the non-emergency line; ProfileError when it is no valid number or
    NON_EMERGENCY_E164, still given, is another number."""
    profile = profile_of(settings)
    text = str(setting(settings, "NON_EMERGENCY_PHONE"))
    forms = profile.phone_forms(text)
    if forms is None:
        raise ProfileError(
            f"NON_EMERGENCY_PHONE {text!r} is not a valid phone number of {profile.phone_region}"
        )
    given = setting(settings, "NON_EMERGENCY_E164")
    also = profile.phone_forms(str(given)) if given else None
    if also is not None and also[1] != forms[1]:
        raise ProfileError(f"NON_EMERGENCY_E164 {given!r} is not NON_EMERGENCY_PHONE {text!r}: leave it out")
    return forms


def address_format(settings: Mapping[str, Any]) -> str:
    """ADDRESS_FORMAT as this site writes addresses: without ``{region}`` where addresses have
    none. The find page's script gets it too (``find/data.js`` ``fullAddress``), so a place
    reads the same on the server-rendered list and after a search."""
    form = str(setting(settings, "ADDRESS_FORMAT"))
    return form if setting(settings, "ADDRESS_HAS_REGION") else without_region(form)


def without_region(form: str) -> str:
    """``{address}, {city}, {region} {postcode}`` -> ``{address}, {city} {postcode}``: "Dublin
    D02 XE81", not "Dublin, D02 XE81"."""
    return form.replace(", {region}", "").replace("{region} ", "").replace("{region}", "")


def full_address(settings: Mapping[str, Any], address: str, city: str, region: str, postcode: str) -> str:
    """A place's address as ADDRESS_FORMAT writes it (without a region where it has none).

    Only the format's own separators change; the register's values are kept exactly as typed."""
    return address_writer(settings)(address, city, region, postcode)


def address_writer(settings: Mapping[str, Any]) -> Callable[[str, str, str, str], str]:
    """:func:`full_address` with the settings read once: ``write(address, city, region,
    postcode)`` (a big register's tens of thousands of addresses)."""
    form = address_format(settings)
    regionless = without_region(form)

    def write(address: str, city: str, region: str, postcode: str) -> str:
        return (form if region else regionless).format(
            address=address, city=city, region=region, postcode=postcode, zip=postcode
        )

    return write
