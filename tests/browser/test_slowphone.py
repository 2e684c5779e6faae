"""The bench's slow phone really measures: it reaches the first nearest result through a gzip
server and counts what crossed the wire (the numbers themselves belong to ``make bench``)."""

from __future__ import annotations

import gzip

import pytest

from benchmarks.slowphone import first_nearest_result

pytestmark = pytest.mark.browser


def test_the_slow_phone_counts_the_compressed_bytes_to_the_first_nearest_result(built_site, browser):
    sent, _ = first_nearest_result(built_site, timeout_s=60, browser=browser)
    page = (built_site / "find/index.html").read_bytes()
    data = (built_site / "find/places.json").read_bytes()
    compressed = len(gzip.compress(page)) + len(gzip.compress(data))
    assert compressed <= sent < len(page) + len(data) + 200_000  # gzip on the wire, not raw
