"""Data is never code: naughty strings display as typed, private canaries never reach output/."""

from __future__ import annotations

import csv
import re

import pytest

from pipeline.register.model import PRIVATE_COLUMNS
from pipeline.register.text import has_visible_letters
from support import FIXTURE_REGISTER, naughty_strings, run_safeplace, write_register

SAMPLE = list(csv.DictReader((FIXTURE_REGISTER).open(encoding="utf-8")))
APPROVED = [r for r in SAMPLE if r["status"] == "approved"]


NAUGHTY = naughty_strings()


@pytest.fixture(scope="module")
def naughty_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("naughty")
    rows = []
    for i, text in enumerate(NAUGHTY):
        base = APPROVED[i % len(APPROVED)]
        # A name needs a letter or digit that shows (a name of only "!@#$" is refused).
        name = text if has_visible_letters(text) else f"N{i} {text}"
        rows.append(dict(base, id=f"N-{i:04d}", name=name, address=f"{i} {NAUGHTY[-1 - i]}"))
    register = tmp / "naughty.csv"
    write_register(register, rows)
    result = run_safeplace("build", "--data", str(register), "--output", str(tmp / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "out", rows


def test_there_are_plenty_of_naughty_strings():
    assert len(NAUGHTY) > 100
    assert sum("<script>" in s for s in NAUGHTY) >= 5 and any("${" in s for s in NAUGHTY)


@pytest.mark.browser
def test_naughty_names_and_addresses_display_exactly_and_never_run(naughty_site, serve, browser):
    out, rows = naughty_site
    context = browser.new_context()
    page = context.new_page()
    from support import PageWatch

    watch = PageWatch(page)
    page.add_init_script("window.__xss = []; window.alert = (m) => window.__xss.push(String(m));")
    page.goto(f"{serve(out)}/find/")
    page.wait_for_selector("html[data-map-ready]", timeout=30000)
    for _ in range(len(rows)):  # past the server's page, items are built in JS
        if not page.locator("#more").is_visible():
            break
        page.click("#more")
    shown = page.evaluate("""() => [...document.querySelectorAll('#participants > [data-id]:not([hidden])')].map(li => [
        li.dataset.id, li.querySelector('.place-name').textContent,
        li.querySelector('.place-address').textContent])""")
    expected = {r["id"]: (r["name"], f"{r['address']}, {r['city']}, {r['state']} {r['zip']}") for r in rows}
    assert len(shown) == len(rows)
    for ident, name, address in shown:
        assert (name, address) == expected[ident], ident
    # every popup, built the way a click builds it, shows the name as text
    popups = page.evaluate("""() => Object.entries(SafePlace.markers).map(([id, marker]) => {
        const content = marker.getPopup()._content(marker);
        return [id, content.querySelector('.popup-name').textContent, content.querySelectorAll('script,img,iframe,svg').length];
    })""")
    assert len(popups) == len(rows)
    for ident, name, injected in popups:
        assert name == expected[ident][0] and injected == 0, ident
    # and one popup really opened on the map
    page.locator("#participants > [data-id]").first.get_by_role("button", name="Show on map").click()
    page.locator(".leaflet-popup-content .popup-name").wait_for(timeout=10000)
    assert page.evaluate("window.__xss") == []
    assert watch.dialogs == []
    assert page.locator("#participants script, #participants img, .leaflet-popup-content img").count() == 0
    assert [e for e in watch.console_errors if "Failed to load resource" not in e] == []
    context.close()


def test_exports_keep_naughty_strings_as_data(naughty_site):
    out, rows = naughty_site
    exported = list(csv.DictReader((out / "data" / "participants.csv").open(encoding="utf-8", newline="")))
    assert [r["name"] for r in exported] == [
        r["name"] for r in sorted(rows, key=lambda r: (r["name"].casefold(), r["id"]))
    ]


def test_formula_names_are_refused_with_their_row(tmp_path):
    rows = [
        dict(APPROVED[0], id="F-1", name='=HYPERLINK("http://evil.example","click")'),
        dict(APPROVED[1], id="F-2", name="@SUM(A1:A9)"),
        dict(APPROVED[2], id="F-3"),
    ]
    register = tmp_path / "formula.csv"
    write_register(register, rows)
    result = run_safeplace("validate", "--data", str(register))
    assert result.returncode == 1
    assert f"{register}:2: name: must not start with = + - or @" in result.stderr
    assert f"{register}:3: name: must not start with = + - or @" in result.stderr


def test_csv_export_neutralises_formula_cells():
    from pipeline.find.exports import neutralise_formula

    assert neutralise_formula("=1+1") == "'=1+1"
    assert neutralise_formula("+cmd") == "'+cmd" and neutralise_formula("@x") == "'@x"
    assert neutralise_formula("-94.5786") == "-94.5786"  # numbers stay numbers
    assert neutralise_formula("Corner Books") == "Corner Books"


def test_canaries_in_every_private_column_never_reach_output(tmp_path):
    rows = []
    for i, base in enumerate(SAMPLE):
        row = dict(base)
        for column in PRIVATE_COLUMNS:
            if column.endswith("_on"):
                if row[column] or column == "applied_on":
                    row[column] = f"{1990 + i % 30}-0{1 + i % 9}-1{i % 10}"  # unique-ish, valid dates
            elif column == "contact_phone":
                row[column] = f"816-555-{1000 + i:04d}"
            else:
                row[column] = f"CANARY{column.upper()}{i:03d}"
        rows.append(row)
    register = tmp_path / "canary.csv"
    write_register(register, rows)
    out = tmp_path / "out"
    result = run_safeplace("build", "--data", str(register), "--output", str(out))
    assert result.returncode == 0, result.stderr
    canaries = {r[c] for r in rows for c in PRIVATE_COLUMNS if r[c]}
    digits = {re.sub(r"\D", "", r["contact_phone"]) for r in rows}
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".html", ".js", ".json", ".geojson", ".csv", ".css"}
    # one pass of one pattern over each file (not one scan per canary): the same finding, in seconds
    any_canary = re.compile("|".join(map(re.escape, sorted(canaries, key=len, reverse=True))))
    any_number = re.compile("|".join(map(re.escape, sorted(digits, key=len, reverse=True))))
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        found = any_canary.search(text)
        assert found is None, f"{found.group()} in {path}"
        if path.suffix != ".png":
            number = any_number.search(re.sub(r"\D", "", text))
            assert number is None, f"{number.group()} in {path}"
