"""A hostile register: text that hides or reorders itself, deceptive web addresses, ZIP codes and
dates that cannot be true, and inputs that used to end in a traceback. Each is refused on its
row and column (or warned about), in one line."""

from __future__ import annotations

import unicodedata

import pytest
from hostile_register import BOUNDARY, GOOD, ZIPS, load, problems, row, write

from pipeline.register.model import COLUMNS
from pipeline.register.web import web_address


@pytest.mark.parametrize("column", ["name", "address", "city"])
@pytest.mark.parametrize(
    "char",
    ["\u202e", "\u2066", "\u200b", "\u200d", "\u00ad", "\ufeff", "\U000e0041", "\u2800", "\u3164", "\ue000"],
)
def test_invisible_and_direction_characters_are_refused_on_their_row(tmp_path, column, char):
    value = GOOD[column][:3] + char + GOOD[column][3:]
    path = write(tmp_path, [row(id="SP-1", name="Other"), row(**{column: value})])
    found = problems(path)
    code = f"U+{ord(char):04X}"
    assert [p for p in found if p.startswith(f"{path}:3: {column}: contains {code}")], found
    assert not [p for p in found if ":2: " in p]


@pytest.mark.parametrize("name", ["\u200b", "\u3164", "\u2800", "\u3164\u3164 \u2800", "!!!", "-- ."])
def test_a_name_with_no_visible_letters_is_refused(tmp_path, name):
    found = problems(write(tmp_path, [row(name=name)]))
    assert any(p.startswith(f"{tmp_path / 'register.csv'}:2: name:") for p in found), found


@pytest.mark.parametrize("twin", ["Corner  Books", "CORNER BOOKS", " Corner Books "])
def test_duplicates_are_found_through_case_and_spacing(tmp_path, twin):
    path = write(tmp_path, [row(), row(id="SP-2", name=twin)])
    assert problems(path) == [
        f"{path}:3: name: same name and address as row 2 (id 'SP-9001'): one participant listed twice"
    ]


def test_duplicates_are_found_through_unicode_composition(tmp_path):
    composed = unicodedata.normalize("NFC", "Café Olé")
    decomposed = unicodedata.normalize("NFD", "Café Olé")
    assert composed != decomposed
    path = write(tmp_path, [row(name=composed), row(id="SP-2", name=decomposed)])
    assert any(":3: name: same name and address as row 2" in p for p in problems(path))


def test_a_mixed_script_name_is_published_with_a_warning(tmp_path):
    path = write(tmp_path, [row(name="C\u0430fe Corner")])  # Cyrillic а
    register = load(path)
    assert [p.name for p in register.published] == ["C\u0430fe Corner"]
    assert [str(w) for w in register.warnings] == [
        f"{path}:2: name: warning: 'C\u0430fe' mixes letters of different alphabets "
        "(a Cyrillic 'а' among Latin letters?): check the name"
    ]
    assert load(write(tmp_path, [row(name="Café 東京 Ñandú")])).warnings == []


# --- web addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, words",
    [
        ("https://kcpd.org@evil.example/", "user name before the host"),
        ("https://user:pw@kcpd.org/", "user name before the host"),
        ("https://evil.example\\@kcpd.org", "backslash"),
        ("https://kcpd.org\\evil", "backslash"),
        ("http://2130706433/", "numeric (IP) address"),
        ("http://0x7f000001/", "numeric (IP) address"),
        ("http://127.0.0.1/", "numeric (IP) address"),
        ("http://127.1/", "numeric (IP) address"),
        ("http://[::1]/", "numeric (IP) address"),
        ("http://localhost:8000/", "localhost"),
        ("http://admin.localhost/", "localhost"),
        ("https://@", "user name before the host"),
        ("https://", "has no host name"),
        ("https://kcpd.org:99999/", "invalid port"),
        ("https://kcpd.org:0/", "invalid port"),
        ("https://kcpd.org:８０/", "invalid port"),
        ("https://intranet/", "no public host name"),
        ("https://-kcpd.org/", "invalid host name"),
        ("https://kc..pd.org/", "invalid host name"),
        ("https://kc%70d.org/", "invalid host name"),
        ("https://kc\u0440d.org/", "xn--kcd-1ed.org"),  # Cyrillic р
        ("javascript:alert(1)", "is not an http:// or https:// address"),
    ],
)
def test_deceptive_web_addresses_are_refused(tmp_path, address, words):
    path = write(tmp_path, [row(website=address)])
    found = problems(path)
    assert len(found) == 1 and found[0].startswith(f"{path}:2: website: "), found
    assert words in found[0], found[0]


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org",
        "http://example.org/a/b?c=d#e",
        "https://www.kcpd.org:8443/x",
        "https://sub.example.co.uk/@user",
        "HTTPS://EXAMPLE.ORG/",
        "https://kcpd.org./",
        "https://xn--caf-dma.example/",
        "https://example.org/caf\u00e9",
    ],
)
def test_plain_web_addresses_pass_as_written(tmp_path, address):
    (place,) = load(write(tmp_path, [row(website=address)])).published
    assert place.website == address
    assert web_address(address)[0] is None


def test_a_confirmed_non_ascii_host_is_published_in_punycode(tmp_path):
    path = write(tmp_path, [row(website="https://café.example/menu")])
    assert "SAFEPLACE_CONFIRMED_HOSTS" in problems(path)[0]
    (place,) = load(path, confirmed=("café.example",)).published
    assert place.website == "https://xn--caf-dma.example/menu"


# --- ZIP codes and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["\u0666\u0664\u0661\u0661\u0662", "\uff16\uff14\uff11\uff11\uff12", "6411", "64112-1234"]
)
def test_a_zip_code_is_five_ascii_digits(tmp_path, code):
    path = write(tmp_path, [row(zip=code)])
    found = problems(path)
    assert any(p.startswith(f"{path}:2: zip: ") and "5-digit ZIP code" in p for p in found), found


def test_a_zip_code_outside_the_jurisdiction_is_refused(tmp_path):
    path = write(tmp_path, [row(zip="66101")])  # Kansas City, Kansas; the point is in KCMO
    assert problems(path) == [f"{path}:2: zip: 66101 is not a ZIP code of {BOUNDARY.name}"]


def test_a_zip_code_far_from_the_point_is_a_warning(tmp_path):
    far = min((z for z in ZIPS), key=lambda z: ZIPS[z][0])  # the southernmost ZIP of the city
    register = load(write(tmp_path, [row(zip=far, lat="39.29", lon="-94.58")]))
    assert len(register.published) == 1
    assert [w.column for w in register.warnings] == ["zip"]
    assert "check the ZIP code and the coordinates" in str(register.warnings[0])


def test_vetting_dates_cannot_be_in_the_future_or_out_of_order(tmp_path):
    path = write(
        tmp_path,
        [
            row(trained_on="2099-01-01"),
            row(id="SP-2", name="Two", applied_on="2026-03-01", approved_on="2026-02-01"),
        ],
    )
    assert problems(path) == [
        f"{path}:2: trained_on: 2099-01-01 is in the future",
        f"{path}:3: approved_on: 2026-02-01 is before applied_on (2026-03-01)",
    ]


# --- inputs that once ended in a traceback -----------------------------------------------------


def test_a_header_named_row_is_an_unknown_column_not_a_crash(tmp_path):
    path = write(tmp_path, [dict(row(), __row__="x")], columns=[*COLUMNS, "__row__"])
    register = load(path)
    assert len(register.published) == 1
    assert [str(w) for w in register.warnings] == [
        f"{path}:1: __row__: warning: unknown column: ignored and never published"
    ]


def test_a_csv_error_is_reported_on_its_own_row(tmp_path):
    path = write(
        tmp_path, [row(id="SP-1", name="One"), row(id="SP-2", name="Two"), row(id="SP-3", name="Three")]
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("Three", '"Thr"ee', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = problems(path)
    assert problem.startswith(f'{path}:4: -: a quote (") opens in this row'), problem


def test_a_longitude_outside_the_boundary_is_reported_under_lon(tmp_path):
    path = write(tmp_path, [row(lon="-90.0"), row(id="SP-2", name="Two", lat="45.0")])
    assert problems(path) == [
        f"{path}:2: lon: 39.041, -90.0 is outside {BOUNDARY.name}",
        f"{path}:3: lat: 45.0, -94.585 is outside {BOUNDARY.name}",
    ]


def test_values_in_messages_are_cut_to_a_readable_length(tmp_path):
    huge = "x" * 100_000
    path = write(tmp_path, [row(status=huge, lat=huge, website=huge, hours=huge, phone=huge)])
    found = problems(path)
    assert len(found) >= 5
    for problem in found:
        assert len(problem) < len(str(path)) + 320, problem[:200]
    assert any("x" * 79 + "\u2026'" in p for p in found)


def test_an_id_javascript_objects_already_have_is_refused(tmp_path):
    path = write(tmp_path, [row(id="__proto__")])
    assert problems(path) == [f"{path}:2: id: '__proto__': use only letters, digits, '-', '_' and '.'"]
