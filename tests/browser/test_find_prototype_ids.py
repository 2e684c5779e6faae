"""Place ids that name what every JavaScript object already has (``constructor``, ``toString``...)
find only their own place, on a register of more than 100 places (past the server's first page,
the list items are built by find.js and looked up by id)."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

from pipeline.register.model import COLUMNS
from support import FIXTURE_REGISTER, PageWatch, run_safeplace

pytestmark = pytest.mark.browser

APPROVED = [r for r in csv.DictReader((FIXTURE_REGISTER).open(encoding="utf-8")) if r["status"] == "approved"]
SPECIAL = [
    "constructor",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "length",
    "name",
]
ITEMS = "#participants > [data-id]:not([hidden])"


@pytest.fixture(scope="module")
def prototype_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("proto")
    rows = []
    for i in range(140):
        base = APPROVED[i % len(APPROVED)]
        rows.append(dict(base, id=f"P-{i:03d}", name=f"Place {i:03d}", address=f"{100 + i} Main St"))
    for i, ident in enumerate(SPECIAL):  # named to sort after the server's first 100
        base = APPROVED[i % len(APPROVED)]
        rows.append(dict(base, id=ident, name=f"Zz {ident} Corner", address=f"{900 + i} Oak St"))
    register = tmp / "proto.csv"
    with register.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    out = tmp / "out"
    result = run_safeplace("build", "--data", str(register), "--output", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    return out, len(rows)


def test_searching_a_place_whose_id_is_an_object_property_shows_just_that_place(
    prototype_site, serve, browser
):
    out, total = prototype_site
    assert total > 100
    first_page = (out / "find" / "index.html").read_text(encoding="utf-8")
    assert 'data-id="constructor"' not in first_page  # built in the browser, not by the server
    context = browser.new_context()
    page = context.new_page()
    page.watch = PageWatch(page)
    page.goto(f"{serve(out)}/find/")
    page.wait_for_selector("html[data-find-ready]", timeout=15000)
    assert page.get_attribute("html", "data-find-ready") == str(total)
    for ident in SPECIAL:
        page.fill("#q", f"zz {ident} corner")
        expect(page.locator(ITEMS).first).to_have_attribute("data-id", ident)
        expect(page.locator(ITEMS)).to_have_count(1)
        expect(page.locator("#find-status")).to_have_text(f"Showing 1 of 1 places (of {total})")
        shown = page.eval_on_selector_all(ITEMS, "els => els.map(e => e.dataset.id)")
        assert shown == [ident]
        assert page.locator(ITEMS).first.locator(".place-name").inner_text() == f"Zz {ident} Corner"
    page.fill("#q", "zz")
    expect(page.locator("#find-status")).to_have_text(
        f"Showing {len(SPECIAL)} of {len(SPECIAL)} places (of {total})"
    )
    assert sorted(page.eval_on_selector_all(ITEMS, "els => els.map(e => e.dataset.id)")) == sorted(SPECIAL)
    page.fill("#q", "")
    expect(page.locator(ITEMS)).to_have_count(50)  # the window, the special places hidden again
    assert page.locator("#participants > [data-id='toString']:not([hidden])").count() == 0
    assert page.watch.console_errors == []
    context.close()
