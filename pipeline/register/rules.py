"""The register's rules as a site's settings give them: one reading for the build and the CLI.

The boundary, the categories, the state, the jurisdiction's ZIP codes and the confirmed web
hosts decide what :func:`~pipeline.register.checks.load_register` accepts. The plugin and every
``safeplace`` command take them from here, so ``safeplace validate`` refuses exactly what the
build refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pipeline.hours.calendar import Calendar, calendar_for
from pipeline.profile import profile_of, region_code
from pipeline.register.geography import Boundary, postcode_centres
from pipeline.settings import setting


def jurisdiction_city(settings: Mapping[str, Any]) -> str:
    """The jurisdiction's city: ``JURISDICTION`` up to its first comma."""
    return setting(settings, "JURISDICTION").split(",")[0].strip()


def jurisdiction_postcodes(settings: Mapping[str, Any], boundary: Boundary) -> dict[str, tuple[float, float]]:
    """The jurisdiction's postal codes with their centres, from POSTCODE_CENTRES."""
    profile = profile_of(settings)
    return postcode_centres(
        boundary,
        str(setting(settings, "POSTCODE_CENTRES")),
        region_code(settings),
        jurisdiction_city(settings),
        key=profile.centre_key,
    )


def rules_from_settings(
    settings: Mapping[str, Any],
    boundary: Boundary | None = None,
    zip_codes: Callable[[], Mapping] | None = None,
    calendar: Calendar | None = None,
) -> dict[str, Any]:
    """Keyword arguments of ``load_register`` (and of the commands that check rows the same way).

    ``boundary`` is the one already loaded from ``SAFEPLACE_BOUNDARY``, if any. ``zip_codes`` is
    how the caller gets the jurisdiction's ZIP codes (the build works them out beside the
    register); by default they are worked out when the checker asks, and only with a state.
    ``calendar`` is the build's hours calendar (default: the one the settings give).
    Raises MissingSetting (a KeyError) for a setting the settings lack, OSError or ValueError for
    a boundary file that is missing or not GeoJSON.
    """
    if boundary is None:
        boundary = Boundary.load(setting(settings, "SAFEPLACE_BOUNDARY"))
    profile = profile_of(settings)
    state = (region_code(settings) or None) if profile.has_region else None
    if zip_codes is None and (state or setting(settings, "POSTCODE_CENTRES") != "zipcodes"):
        zip_codes = lambda: jurisdiction_postcodes(settings, boundary)  # noqa: E731
    return {
        "profile": profile,
        "boundary": boundary,
        "categories": tuple(setting(settings, "SAFEPLACE_CATEGORIES")),
        "state": state,
        "zip_codes": zip_codes,
        "confirmed_hosts": tuple(setting(settings, "SAFEPLACE_CONFIRMED_HOSTS")),
        "calendar": calendar or calendar_for(settings),
    }
