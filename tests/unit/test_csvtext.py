"""The open data's fast CSV text (pipeline.find.csvtext) is the csv module's, for any text."""

from __future__ import annotations

import csv
import io
import itertools

import pytest

from pipeline.find.csvtext import RowTemplate, csv_cell, csv_line

HOSTILE = [
    "",
    "plain",
    "a,b",
    ",",
    '"',
    'say "hi"',
    "line\nbreak",
    "cr\rreturn",
    "\r\n",
    "=1+2",
    "+1",
    "-94.5",
    "@SUM(A1)",
    "\tTab",
    " lead and trail ",
    "Café ü 東京 🙂",
    "{0} {x} }{",
    "x\x00y",
    "'quoted",
    ";semi|pipe",
]


def written(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def test_a_line_is_what_csv_writer_writes_for_every_hostile_value():
    for a, b in itertools.product(HOSTILE, repeat=2):
        for cells in ([a], [a, b], [a, "", b], [b, a, a]):
            assert csv_line(cells) == written([cells]), cells


def test_a_cell_is_written_as_the_csv_module_writes_it_in_a_row_of_several():
    for value in HOSTILE:
        assert csv_cell(value) + ",x\r\n" == written([[value, "x"]]), value


@pytest.mark.parametrize("filled", [("b", "d"), ("d", "a", "b"), ("a", "b", "c", "d"), ("c",)])
def test_a_template_row_is_what_csv_writer_writes_with_the_other_columns_empty(filled):
    columns = ["a", "b", "c", "d"]
    template = RowTemplate(columns, filled)
    rotations = [[HOSTILE[(i + k) % len(HOSTILE)] for k in range(len(filled))] for i in range(len(HOSTILE))]
    for values in [*itertools.product(HOSTILE, repeat=min(len(filled), 2)), *rotations]:
        values = (list(values) * len(filled))[: len(filled)]
        row = dict(zip(filled, values))
        assert template.line(values) == written([[row.get(c, "") for c in columns]]), values
    one = RowTemplate(["only"], ["only"])
    assert one.line([""]) == written([[""]]) == '""\r\n'  # a row of one empty cell is quoted


def test_a_template_refuses_a_column_the_table_does_not_have():
    with pytest.raises(ValueError):
        RowTemplate(["a", "b"], ["a", "email"])
