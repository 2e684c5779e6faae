"""The days the site publishes hours for, and the public holidays among them.

A :class:`Calendar` is made once per build (:func:`calendar_for`, from the settings) and passed
to everything that reads hours: there is no module-wide "current calendar", so two builds, a
command and a test can each use their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import Any

WINDOW_DAYS = 400  # how far ahead the site knows every day's hours (docs/coordinators.md: "Opening hours")
WARN_BEFORE = timedelta(days=60)


class HoursError(ValueError):
    """Invalid or unsupported opening_hours text; ``str()`` is one line for a coordinator."""


@dataclass(frozen=True)
class Calendar:
    """The days the site publishes (``start`` and the ``days`` after it) and the public holidays
    among them (date -> name)."""

    start: date
    days: int = WINDOW_DAYS
    holidays: tuple[tuple[date, str], ...] = ()
    covered_until: date | None = None  # the last day the holiday source vouches for
    source: tuple[str, str | None, bool] | None = None  # (country, subdiv, observed) of the holidays package

    def holiday_on(self, day: date) -> str | None:
        """The name of the public holiday on ``day`` (in English), None on other days."""
        return dict(self.holidays).get(day)

    @cached_property
    def end(self) -> date:
        """The first day *after* the window."""
        return self.start + timedelta(days=self.days)

    @cached_property
    def holiday_dates(self) -> frozenset[date]:
        return frozenset(d for d, _ in self.holidays)

    def offset(self, day: date) -> int:
        return (day - self.start).days


def holiday_calendar(start: date, settings: dict | None = None, days: int = WINDOW_DAYS) -> Calendar:
    """The window from ``start`` with the public holidays of ``PUBLIC_HOLIDAYS`` (see
    ``pelicanconf.py``): the ``holidays`` package's calendar for ``country`` (and ``subdiv``,
    a state or province), plus ``extra`` dates ("YYYY-MM-DD", or "MM-DD" for every year)."""
    import holidays

    settings = settings or {"country": "US"}
    end = start + timedelta(days=days)
    years = list(range(start.year, end.year + 1))
    try:
        found = holidays.country_holidays(
            settings.get("country", "US"),
            subdiv=settings.get("subdiv"),
            years=years,
            observed=settings.get("observed", True),
        )
    except NotImplementedError as exc:
        raise HoursError(f"PUBLIC_HOLIDAYS: {exc}") from None
    dates: dict[date, str] = {d: str(n) for d, n in found.items() if start <= d < end}
    for key, name in (settings.get("extra") or {}).items():
        key = str(key)
        try:
            if len(key) == 5:  # MM-DD, every year
                for year in years:
                    d = date.fromisoformat(f"{year}-{key}")
                    if start <= d < end:
                        dates.setdefault(d, str(name))
            else:
                d = date.fromisoformat(key)
                if start <= d < end:
                    dates.setdefault(d, str(name))
        except ValueError:
            raise HoursError(f"PUBLIC_HOLIDAYS extra {key!r}: write YYYY-MM-DD or MM-DD") from None
    last_year = getattr(found, "end_year", None) or end.year
    source = (
        str(settings.get("country", "US")),
        settings.get("subdiv"),
        bool(settings.get("observed", True)),
    )
    return Calendar(start, days, tuple(sorted(dates.items())), date(last_year, 12, 31), source)


_OBSERVED = re.compile(r"^(?P<name>.+) \(observed\)$")


def holiday_names(calendar: Calendar, lang: str, words: Mapping[str, Any]) -> list[str]:
    """The name of each holiday of ``calendar`` (in its order) in ``lang``, for the find page's
    heading ("Thanksgiving Day" / "Día de Acción de Gracias").

    The ``holidays`` package's own translation when it has one for this country and language;
    else the ``"holiday_names"`` entry of the language's hours words (English name -> name,
    "(observed)" written by its ``"holiday_observed"``); else the English name."""
    names = [name for _, name in calendar.holidays]
    if not names or lang.split("-")[0] == "en":
        return names
    localized = _package_names(calendar, lang)
    known = words.get("holiday_names") or {}
    observed = words.get("holiday_observed", "{name} (observed)")
    shown = []
    for day, name in calendar.holidays:
        if day in localized:
            shown.append(localized[day])
            continue
        match = _OBSERVED.match(name)
        base = str(match.group("name")) if match else name
        text = str(known.get(base) or base)
        shown.append(observed.format(name=text) if match else text)
    return shown


def _package_names(calendar: Calendar, lang: str) -> dict[date, str]:
    """The package's names of the calendar's holidays in ``lang`` ({} when it has none)."""
    import holidays

    if calendar.source is None:
        return {}
    country, subdiv, observed = calendar.source
    try:
        supported = holidays.country_holidays(country, subdiv=subdiv).supported_languages
    except NotImplementedError:
        return {}
    base = lang.split("-")[0].lower()
    language = next((code for code in supported if code.lower() == lang.lower()), None) or next(
        (code for code in supported if code.split("_")[0].lower() == base), None
    )
    if language is None:
        return {}
    years = list(range(calendar.start.year, calendar.end.year + 1))
    found = holidays.country_holidays(
        country, subdiv=subdiv, years=years, observed=observed, language=language
    )
    return {d: str(n) for d, n in found.items() if d in calendar.holiday_dates}


def calendar_for(settings: Mapping[str, Any]) -> Calendar:
    """The calendar ``pelicanconf.py`` asks for: from ``HOURS_AS_OF`` (default: today in
    ``TIMEZONE``), ``HOURS_WINDOW_DAYS`` days, the holidays of ``PUBLIC_HOLIDAYS``."""
    from zoneinfo import ZoneInfo

    from pipeline.settings import setting

    as_of = setting(settings, "HOURS_AS_OF")
    start = (
        date.fromisoformat(str(as_of))
        if as_of
        else datetime.now(ZoneInfo(setting(settings, "TIMEZONE"))).date()
    )
    holidays = setting(settings, "PUBLIC_HOLIDAYS")
    if not holidays.get("country"):  # the jurisdiction's country
        holidays = {**holidays, "country": str(setting(settings, "COUNTRY")).upper()}
    return holiday_calendar(start, holidays, int(setting(settings, "HOURS_WINDOW_DAYS")))


@lru_cache(maxsize=4)
def _todays(on: date) -> Calendar:
    return holiday_calendar(on)


def default_calendar() -> Calendar:
    """For a tool used without settings (a test, ``intake``'s check of a form's hours): the
    window from today, with the holidays of the ``PUBLIC_HOLIDAYS`` default (US)."""
    return _todays(date.today())


def window_warning(calendar: Calendar, today: date) -> str | None:
    """A plain warning when what the site knows about hours runs out within 60 days of
    ``today`` (the window, or the holiday calendar's coverage)."""
    ends = min(calendar.end, (calendar.covered_until or calendar.end) + timedelta(days=1))
    if ends - today < WARN_BEFORE:
        return (
            f"opening hours are published only until {ends - timedelta(days=1)}: rebuild the "
            "site (the publish workflow runs every week) before then"
        )
    return None
