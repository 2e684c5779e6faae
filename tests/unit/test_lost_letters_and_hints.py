"""Issue 22: the rules that tell a lost letter, a swapped point and a date a spreadsheet made,
and the comparison by meaning (pure functions, in process)."""

from __future__ import annotations

import pytest

from pipeline.coordinators.compare import differing, normal
from pipeline.coordinators.github import record_lines, workflow_commands
from pipeline.register.dialect import separator
from pipeline.register.garbled import lost_letter, lost_letter_in_text, replaced_letters
from pipeline.register.hints import looks_like_date, swapped
from pipeline.register.problems import Problem


@pytest.mark.parametrize(
    "value", ["Café Ph? Saigon", "Nguy?n Bakery", "Ph?ng", "12\ufffd Main St", "Caf\ufffd"]
)
def test_a_question_mark_glued_to_a_letter_mid_value_is_a_lost_letter(value):
    assert lost_letter(value)


@pytest.mark.parametrize(
    "value", ["Why Not?", "Café Saigon", "What? ", "? Books", "Q & A", "Route 66?", "Open 24/7"]
)
def test_a_question_that_ends_a_name_or_stands_alone_is_not(value):
    assert not lost_letter(value)


def test_notes_only_count_a_question_mark_between_letters():
    assert not lost_letter_in_text("Open Sundays? Ask the owner")
    assert lost_letter_in_text("Called Nguy?n")


def test_letters_replaced_since_the_last_register():
    assert replaced_letters("Café Phở", "Café Ph?")
    assert replaced_letters("Phở", "Ph\ufffd")
    assert not replaced_letters("Why Not", "Why Not?")  # a longer value, not a replacement
    assert not replaced_letters("Café", "Cafe")  # retyped without the accent: a real edit
    assert not replaced_letters("Cafe!", "Cafe?")


def test_values_are_compared_by_what_they_mean():
    assert normal("lat", "39.1003") == normal("lat", "39.100300")
    assert normal("phone", "816-555-0101") == normal("phone", "(816) 555-0101") == "+18165550101"
    assert normal("applied_on", "2/4/2026") == "2026-02-04"
    assert normal("status", "Approved") == "approved"
    assert normal("name", "Cafe\u0301") == normal("name", "Café")
    assert differing(
        {"lat": "39.0920", "hours": "24/7"}, {"lat": "39.092", "hours": "Mo-Fr 09:00-17:00"}, ["lat", "hours"]
    ) == ["hours"]


def test_swapped_coordinates_and_dates_a_spreadsheet_made():
    assert swapped("-94.5800", "39.1000").startswith(
        "swapped? the other way round (lat 39.1000, lon -94.5800)"
    )
    assert swapped("39.1", "-94.58") is None
    for text in ("2026-07-24", "24/07/2026", "7/24/26", "24-Jul", "24.07.26"):
        assert looks_like_date(text), text
    for text in ("24/7", "Mo-Fr 09:00-17:00", "Sa 10:00-14:00"):
        assert not looks_like_date(text), text


def test_separators_are_counted_outside_quotes():
    assert separator('"id";"name, with comma";"city"\n') == ";"
    assert separator("id,name\n") == ","
    assert separator('"a"\t"b, c"\n') == "\t"


def test_record_lines_count_line_breaks_inside_quotes():
    raw = b'id,notes\nA,"one\ntwo"\nB,plain\nC,"x\n\ny"\nD,z\n'
    assert record_lines(raw) == {1: 1, 2: 2, 3: 4, 4: 5, 5: 8}


def test_annotations_never_exceed_what_github_shows():
    problems = (
        [Problem("f", r, "zip", "bad") for r in range(2, 20)]
        + [Problem("f", r, "trained_on", "due", warning=True) for r in range(2, 20)]
        + [Problem("f", 30, "hours", "new row", warning=True)]
    )
    out = workflow_commands(problems, "data/f.csv", {r: r + 1 for r in range(1, 40)}, changed_rows={30})
    errors = [c for c in out if c.startswith("::error")]
    warnings = [c for c in out if c.startswith("::warning")]
    assert out == errors + warnings and len(errors) == 10 and len(warnings) == 10
    assert errors[-1].startswith("::error title=9 more::9 more error(s) in the summary")
    assert warnings[0] == "::warning file=data/f.csv,line=31,title=hours::new row"
    assert warnings[-1].startswith("::warning title=10 more::")
