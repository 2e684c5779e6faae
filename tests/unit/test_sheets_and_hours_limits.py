"""Issue 26, item 6: which sheet of a workbook is the register, and the hours value's limit."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from pipeline.hours.calendar import HoursError
from pipeline.hours.schedule import MAX_HOURS_LENGTH, parse_hours
from pipeline.register.checks import load_register
from pipeline.register.workbook import choose_sheet, ods_hidden_sheets
from support import GOOD_ROW, write_register

HEADER = ["id", "name", "category", "status"]


def test_a_hidden_sheet_is_never_read_even_with_the_header():
    name, said = choose_sheet([("Old copy", False, HEADER), ("Register", True, HEADER)])
    assert name == "Register"
    assert said == "read the sheet 'Register' (hidden, not read: 'Old copy')"


def test_a_visible_sheet_in_front_without_the_header_is_skipped():
    name, said = choose_sheet(
        [("Read me", True, ["Edit the next sheet"]), ("Places", True, ["ID", " Name ", "Status"])]
    )
    assert name == "Places"
    assert "the first visible sheet with the register's header" in said and "not read: 'Read me'" in said


def test_without_a_register_header_the_first_visible_sheet_is_read_and_said_so():
    name, said = choose_sheet([("A", True, ["x"]), ("B", True, ["y"])])
    assert name == "A" and "no visible sheet has the register's header" in said


def test_one_sheet_is_simply_named_and_the_templates_own_hidden_sheet_is_not_mentioned():
    assert choose_sheet([("Register", True, HEADER), ("Made from", False, ["id"])]) == (
        "Register",
        "read the sheet 'Register'",
    )


def test_a_workbook_with_every_sheet_hidden_is_refused():
    with pytest.raises(ValueError, match="no visible sheet"):
        choose_sheet([("Register", False, HEADER)])


def test_hidden_sheets_of_an_ods_file_are_found_from_their_table_style():
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:automatic-styles>'
        '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="false"/></style:style>'
        '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="true"/></style:style>'
        "</office:automatic-styles><office:body><office:spreadsheet>"
        '<table:table table:name="Old copy" table:style-name="ta1"/>'
        '<table:table table:name="Register" table:style-name="ta2"/>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert ods_hidden_sheets(buffer.getvalue()) == {"Old copy"}


def test_an_hours_value_over_the_limit_is_refused_in_one_line_before_it_is_read():
    value = ("Mo-Fr 07:00-15:00; Jan 01 off; Dec 25 10:00-12:00; " * 200)[:9_500]
    started = time.monotonic()
    with pytest.raises(HoursError) as refused:
        parse_hours(value)
    assert time.monotonic() - started < 0.05
    message = str(refused.value)
    assert "\n" not in message and len(message) < 300
    assert message.startswith(
        f"hours are 9,500 characters long (starting 'Mo-Fr 07:00-15:00; Jan 01 off;'): at most {MAX_HOURS_LENGTH}"
    )
    parse_hours("Mo-Fr 09:00-17:00; " * 20 + "PH off")  # a long real value is well within it


def test_a_pending_row_with_a_huge_hours_value_warns_and_costs_nothing(tmp_path):
    huge = dict(
        GOOD_ROW, id="SP-2", name="Other", address="1 A St", status="pending", hours="Mo 09:00-10:00," * 700
    )
    register = write_register(tmp_path / "register.csv", [GOOD_ROW, huge])
    load_register(register)  # warm: the calendar and the hours parser
    started = time.monotonic()
    (warning,) = load_register(register).warnings
    assert time.monotonic() - started < 0.5
    assert warning.row == 3 and warning.column == "hours" and "characters long" in warning.message
