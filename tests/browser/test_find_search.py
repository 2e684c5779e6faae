"""Search in a big register (issue 16: "names for search in shards"): the page fetches the
search shards of a few runs of what was typed and the cells they point to, never the whole
register for a name, and finds exactly what a search of every place finds.

The register is synthetic (above ``FIND_SPLIT_ABOVE``) plus rows whose names and addresses are
awkward for folding and cutting: accents, capitals that fold to two letters, apostrophes, an
emoji, a street no synthetic row has. Expectations come from the built ``places.json`` (every
place, as the page shows them) with the project's fold, never from the page.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import expect

from pipeline.find.cells import COMMON_SHARE, _holders, fold, pieces
from support import BLANK_TILE, GOOD_ROW, run_safeplace

AWKWARD = [  # (name, address)
    ("Café Olé Ñandú", "1200 Ward Pkwy"),
    ("Straße Bäckerei", "310 Quindaro Blvd"),
    ("Tom & Jerry's Deli #42", "4242 Zyzzyva Ln"),
    ("İSTANBUL Grill", "77 Xylo Ct"),
    ("Pizza 🍕 Place", "9 Quokka Way"),
    ("Harbor Library Lounge", "5 Vireo Pl"),  # a category's word in a name
]
QUERIES = [
    # found through shards: a few kilobytes
    ("cafe ole", True),
    ("ÑANDÚ", True),
    ("ndu", True),
    ("bäck", True),
    ("jerry's", True),
    ("deli 42", True),
    ("istanbul", True),
    ("ward pkwy", True),
    ("zyzzyva", True),
    ("pizza quokka", True),
    ("xylo", True),
    # no place holds a run of it: nothing, at once
    ("qqqzx", True),
    ("zyzzyva troost", True),
    # everything it could match: a category's word, a word too short to cut, only an emoji
    ("library", False),
    ("zz", False),
    ("🍕", False),
    ("", False),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve):
    from benchmarks.bench import synthetic_register

    tmp = tmp_path_factory.mktemp("search")
    register = tmp / "register.csv"
    synthetic_register(1500, register)
    with register.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD_ROW))
        for n, (name, address) in enumerate(AWKWARD):
            writer.writerow({**GOOD_ROW, "id": f"SP-9{n:04d}", "name": name, "address": address})
    out = tmp / "out"
    result = run_safeplace("build", "--data", str(register), "--output", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    return out, serve(out)


def every_place(out: Path, lang: str = "") -> list[dict]:
    """Every place as the page shows and searches it, in name order."""
    data = json.loads((out / f"{lang}find/places.json").read_text(encoding="utf-8"))
    f = {name: i for i, name in enumerate(data["fields"])}
    return [
        {
            "id": row[f["id"]],
            "text": fold(
                f"{row[f['name']]} {data['categories'][row[f['category']]]} "
                f"{row[f['address']]}, {locality(data, row[f['city']])} {row[f['zip']]}"
            ),
        }
        for row in data["places"]
    ]


def locality(data: dict, index: int) -> str:
    """ "City, ST" (or "City" where the place has no region), as the page writes it."""
    city, region = data["cities"][index], data["regions"][index]
    return f"{city}, {region}" if region else city


def matches(places: list[dict], query: str) -> list[str]:
    terms = fold(query).split()
    return [p["id"] for p in places if all(t in p["text"] for t in terms)]


@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("abcxyz019 ÉéİßﬁⅫ½𝟘"), max_size=30),
        max_size=20,
    )
)
def test_the_build_finds_every_place_s_runs_as_pieces_says(texts):
    """The build's arrays (_holders) against the plain definition of a run (pieces)."""
    expected: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for run in pieces(text):
            expected.setdefault(run, []).append(i)
    found = {run: at.tolist() for run, at in _holders(texts)}
    assert found == expected and list(found) == sorted(found)


def test_the_shards_say_exactly_which_places_hold_each_run(site):
    out, _ = site
    index = json.loads((out / "find/index.json").read_text(encoding="utf-8"))
    data = json.loads((out / "find/places.json").read_text(encoding="utf-8"))
    f = {name: i for i, name in enumerate(data["fields"])}
    # positions count places cell by cell
    order = [
        row[-1]
        for name, *_ in index["cells"]["list"]
        for row in json.loads((out / f"find/cells/{name}.json").read_text(encoding="utf-8"))["places"]
    ]
    held: dict[str, set[int]] = {}
    for position, i in enumerate(order):
        row = data["places"][i]
        for run in pieces(
            f"{row[f['name']]} {row[f['address']]} {locality(data, row[f['city']])} {row[f['zip']]}"
        ):
            held.setdefault(run, set()).add(position)
    search = index["search"]
    common = {search["common"][i : i + 3] for i in range(0, len(search["common"]), 3)}
    assert common == {run for run, at in held.items() if len(at) > len(order) / COMMON_SHARE}
    assert "kan" in common and "zyz" not in common  # the city, every place; one street, one place
    shipped = {}
    for key in (search["keys"][i : i + 2] for i in range(0, len(search["keys"]), 2)):
        for run, steps in json.loads((out / f"find/search/{key}.json").read_text(encoding="utf-8")).items():
            assert run[:2] == key and all(step > 0 for step in steps[1:])
            positions, at = set(), 0
            for step in steps:
                at += step
                positions.add(at)
            shipped[run] = positions
    assert shipped == {run: at for run, at in held.items() if run not in common}
    assert (out / "find/search").is_dir() and not (out / "es/find/search").exists()  # shared


@pytest.mark.browser
def test_a_search_finds_what_a_search_of_every_place_finds(site, browser):
    """Every query of ``QUERIES`` typed into one page, as a visitor refines a search: the
    narrow ones first (each fetches a few shards and cells, never the whole register), then
    the ones that need every place. Between two queries the box holds one that matches
    nothing, so each answer is read after it has changed."""
    out, url = site
    places = every_place(out)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(url)
            else route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        ),
    )
    page = context.new_page()
    fetched, errors = [], []
    page.on("requestfinished", lambda r: fetched.append(r.url.split("/", 3)[3]))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    heading, status = page.locator("#list-heading"), page.locator("#find-status")
    for query, narrow in sorted(QUERIES, key=lambda q: not q[1]):
        expected = matches(places, query)
        page.fill("#q", "zyzzyva troost")  # matches nothing
        expect(status).to_contain_text("No places match")
        fetched.clear()
        page.fill("#q", query)
        if not query:  # typed, then cleared: the list as it started
            expect(heading).to_have_text("All Safe Places")
        elif expected:
            expect(heading).to_have_text(
                f"{len(expected):,} places match your search"
                if len(expected) > 1
                else "1 place matches your search"
            )
        else:
            expect(status).to_contain_text("No places match")
        shown = page.eval_on_selector_all(
            ".places > [data-id]:not([hidden])", "els => els.map(e => e.dataset.id)"
        )
        assert shown == (expected[:50] if query else [p["id"] for p in places][:50]), query
        if query and narrow:
            assert "find/places.json" not in fetched, query
            cells = [u for u in fetched if u.startswith("find/cells/")]
            assert len(cells) <= 3, (query, cells)
    assert errors == []
    context.close()


@pytest.mark.browser
def test_spanish_searches_its_own_category_names(site, browser):
    out, url = site
    places = every_place(out, "es/")
    query = "biblioteca"  # "Library" in Spanish: every library, whatever its name
    expected = matches(places, query)
    assert len(expected) > 50 and expected != matches(every_place(out), query)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/es/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.fill("#q", query)
    expect(page.locator("#list-heading")).to_contain_text(f"{len(expected)} ")
    shown = page.eval_on_selector_all(
        ".places > [data-id]:not([hidden])", "els => els.map(e => e.dataset.id)"
    )
    assert shown == expected[:50]
    context.close()
