"""The one test about the live register (``data/participants.csv`` with ``pelicanconf.py``): it is
valid. Every other test builds from ``tests/fixtures/``, so any valid edit of the register (suspend
a place, add one, change a phone, cut it to three places) leaves the suite passing."""

from __future__ import annotations

from support import ROOT, run_safeplace


def test_the_live_register_is_valid():
    result = run_safeplace("validate", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "will be published" in result.stdout
