"""Phone numbers when no settings are at hand (comparing two versions of a register): read as the
jurisdiction profile's default region reads them. Checks use :class:`pipeline.profile.Profile`."""

from __future__ import annotations

from functools import lru_cache

from pipeline.profile import Profile


@lru_cache(maxsize=1)
def _default() -> Profile:
    return Profile()


def phone_forms(text: str) -> tuple[str, str] | None:
    """(as shown, E.164) for a valid number (any country's, written with +), else None."""
    return _default().phone_forms(text)
