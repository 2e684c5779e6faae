"""Excel workbooks and Excel's CSV dialects in, the canonical register out (and back).

Coordinators edit the register in Excel. ``safeplace template OUT.xlsx`` writes it as a workbook
made for editing (drop-down lists for ``status`` and ``category``, real date cells shown
``yyyy-mm-dd``, every other cell text so Excel leaves ZIP codes, phones and coordinates as typed,
frozen header, a note on each column, private columns marked). ``safeplace import FILE`` reads a
workbook (the visible sheet with the register's header, named as it is read; real date and
number cells) or any CSV Excel writes (UTF-8, Windows-1252, UTF-16 "Unicode Text", commas,
semicolons or tabs, US dates) and writes the canonical register:
UTF-8, ISO dates, the register's column order, one line per row. It validates first and writes
nothing if there are errors, naming them by workbook row. ``template`` then ``import`` gives back
the same register, byte for byte.

Reading is pandas with openpyxl (well kept, and what Excel files need); writing is openpyxl.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.register.checks import load_register
from pipeline.register.dialect import separator
from pipeline.register.encoding import decode
from pipeline.register.model import COLUMNS, PRIVATE_COLUMNS, ROW_COLUMN, STATUSES
from pipeline.register.problems import Problem, RegisterError
from pipeline.register.table import read_table
from pipeline.register.values import parse_day

DATE_COLUMNS = ("applied_on", "approved_on", "trained_on")
NOTES = {
    "id": "Unique id of the place, e.g. SP-0042. Never reuse one.",
    "name": "Name as the public sees it.",
    "category": "Pick from the list (SAFEPLACE_CATEGORIES in pelicanconf.py).",
    "address": "Street address, e.g. 1100 Main St.",
    "city": "City.",
    "state": "State or province, as REGION in the settings (empty where addresses have none).",
    "zip": "Postal code, written as the settings' POSTCODE_EXAMPLE.",
    "lat": "Latitude in degrees (safeplace geocode fills it).",
    "lon": "Longitude in degrees, negative west of Greenwich (safeplace geocode fills it).",
    "phone": "Public phone, as dialled locally or with + and the country code.",
    "hours": "Opening hours, e.g. Mo-Fr 08:00-17:00; Sa 10:00-14:00, or 24/7.",
    "website": "Full address starting https://, or empty.",
    "status": "Pick from the list: only approved places are published.",
    "contact_name": "Who vouched for the place.",
    "contact_email": "Their e-mail.",
    "contact_phone": "Their phone.",
    "notes": "Anything for coordinators.",
    "applied_on": "Date applied (a date cell).",
    "approved_on": "Date approved (a date cell); needed to publish.",
    "trained_on": "Date staff were trained (a date cell); needed to publish, renewed every year.",
}
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
EXTRA_ROWS = 500  # rows below the register that keep the drop-downs and formats, for new places


@dataclass
class ImportResult:
    written: bool
    rows: int
    summary: str
    changes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _text(value, column: str, order: str = "month-first") -> str:
    """A cell as the register writes it: dates ISO, whole numbers without ``.0``, text as typed."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        text = str(value)
        return text.zfill(5) if column == "zip" else text  # Excel drops a ZIP's leading zero
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and column != "lat" and column != "lon" else repr(value)
    text = str(value)
    if column in DATE_COLUMNS and text.strip():
        try:
            return parse_day(text.strip(), order).isoformat()
        except ValueError:
            return text  # validation names it
    return text


MADE_FROM = "Made from"  # the template's hidden sheet: each row's id and fingerprint when made
_ODS_MIME = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
OLD_XLS = (
    "this file is an old Excel 97-2003 workbook (.xls), which safeplace does not read: "
    'save it as .xlsx (Excel: File > Save As > "Excel Workbook (.xlsx)"; LibreOffice: '
    'File > Save As > "Excel 2007-365 (.xlsx)" or "ODF Spreadsheet (.ods)"), then '
    "import that file"
)


def workbook_engine(raw: bytes) -> str | None:
    """``"odf"`` for a LibreOffice spreadsheet (.ods), ``"openpyxl"`` for .xlsx, None otherwise."""
    if not raw.startswith(b"PK\x03\x04"):
        return None
    return "odf" if _ODS_MIME in raw[:200] else "openpyxl"


def read_sheets(source: Path, raw: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook (.xlsx or .ods), by name, in order: every row of each."""
    import pandas as pd

    try:
        frames = pd.read_excel(
            io.BytesIO(raw),
            sheet_name=None,
            header=None,
            dtype=object,
            engine=workbook_engine(raw),
            keep_default_na=False,
            na_filter=False,
        )
    except Exception as exc:  # a damaged or password-protected workbook
        raise RegisterError([Problem(str(source), 1, "-", f"this workbook cannot be read: {exc}")]) from None
    if not frames:
        raise RegisterError([Problem(str(source), 1, "-", "the workbook has no sheets")])
    return {name: frame.values.tolist() for name, frame in frames.items()}


# A register is a few thousand rows of about twenty columns; a sheet said to reach further
# (a stray cell at XFD1048576 makes a 12 KB file claim 17 billion cells) is refused before it
# is loaded, and no more than this is ever read.
MAX_ROWS = 100_000
MAX_COLUMNS = 64


# A first row holding these is the register's header: the sheet to read.
REGISTER_HEADER = ("id", "name", "status")


def has_register_header(first_row) -> bool:
    cells = {_text(c, "").strip().lower() for c in first_row or ()}
    return all(c in cells for c in REGISTER_HEADER)


def choose_sheet(sheets: Sequence[tuple[str, bool, Sequence]]) -> tuple[str, str]:
    """(the sheet to read, a line saying which and why) among ``(name, visible, first row)``.

    A coordinator reads the workbook as Excel or LibreOffice shows it: a hidden sheet (an old
    copy, a scratch sheet) is never read, and among the visible ones the register is the sheet
    whose first row is the register's header (a "Read me" or "Totals" sheet in front of it is
    skipped). With no such sheet the first visible one is read (and checked, which names what
    its header lacks). The line names the sheet, and what was not read."""
    shown = [(name, row) for name, visible, row in sheets if visible]
    hidden = [name for name, visible, _ in sheets if not visible and name != MADE_FROM]
    if not shown:
        raise ValueError("this workbook has no visible sheet: unhide the register's sheet")
    with_header = [name for name, row in shown if has_register_header(row)]
    chosen = with_header[0] if with_header else shown[0][0]
    why = []
    if len(shown) > 1:
        why.append(
            "the first visible sheet with the register's header (id, name, status)"
            if with_header
            else "the first visible sheet: no visible sheet has the register's header (id, name, status)"
        )
    others = [repr(name) for name, _ in shown if name != chosen]
    if others:
        why.append(f"not read: {', '.join(others)}")
    if hidden:
        why.append(f"hidden, not read: {', '.join(map(repr, hidden))}")
    return chosen, f"read the sheet {chosen!r}" + (f" ({'; '.join(why)})" if why else "")


def ods_hidden_sheets(raw: bytes) -> set[str]:
    """The names of an .ods file's hidden sheets: a table whose style says ``table:display="false"``."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    style = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    hidden_styles, hidden, current = set(), set(), None
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("content.xml") as content:
        for _, element in iterparse(content, events=("start",)):
            if element.tag == f"{style}style" and element.get(f"{style}family") == "table":
                current = element.get(f"{style}name")
            elif element.tag == f"{style}table-properties" and element.get(f"{table}display") == "false":
                hidden_styles.add(current)
            elif element.tag == f"{table}table" and element.get(f"{table}style-name") in hidden_styles:
                hidden.add(element.get(f"{table}name", ""))
    return hidden


def _sheet_cells(source: Path, raw: bytes) -> tuple[list[list], list[list] | None, str]:
    """The register's sheet of an .xlsx (see :func:`choose_sheet`), read as a stream within
    the limits, the rows of the template's hidden "Made from" sheet, if there is one, and the
    line naming the sheet read."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    def refuse(message: str) -> RegisterError:
        return RegisterError([Problem(str(source), 1, "-", message)])

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or password-protected workbook
        raise refuse(f"this workbook cannot be read: {exc}") from None
    try:
        try:
            name, said = choose_sheet(
                [
                    (
                        sheet.title,
                        sheet.sheet_state == "visible",
                        next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
                        if sheet.sheet_state == "visible"
                        else (),
                    )
                    for sheet in book.worksheets
                ]
            )
        except ValueError as exc:
            raise refuse(str(exc)) from None
        sheet = book[name]
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS:
            raise refuse(
                f"the sheet {sheet.title!r} reaches cell {get_column_letter(min(columns, 16384) or 1)}"
                f"{rows}: a register has at most {MAX_ROWS:,} rows and {MAX_COLUMNS} "
                f"columns; delete the stray cells far below or to the right"
            )
        cells = []
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            cells.append(list(row))
            if len(cells) > MAX_ROWS + 1:
                raise refuse(f"the sheet {sheet.title!r} has more than {MAX_ROWS:,} rows")
        made = None
        if MADE_FROM in book.sheetnames:
            made = [
                list(row)
                for row in book[MADE_FROM].iter_rows(max_row=MAX_ROWS + 2, max_col=2, values_only=True)
            ]
        return cells, made, said
    except RegisterError:
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise refuse(f"this workbook cannot be read: {exc}") from None
    finally:
        book.close()


def read_cells(source: Path) -> list[list]:
    """Every row of the register's sheet, or of the CSV, from the header (row 1) down, blank
    rows kept."""
    return read_workbook(source)[0]


def read_workbook(source: Path, tell=None) -> tuple[list[list], dict[str, str] | None]:
    """(every row of the register's sheet (:func:`choose_sheet`) or of the CSV, the template's
    record of what it was made from: {id: fingerprint}, or None when the file is no template of
    ours). ``tell`` is given the line naming the sheet read, for a workbook."""
    raw = source.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        if workbook_engine(raw) == "odf":  # LibreOffice's own format, through pandas and odfpy
            sheets = read_sheets(source, raw)
            try:
                hidden = ods_hidden_sheets(raw)
            except Exception:  # pandas read it: a style it cannot tell is a visible sheet
                hidden = set()
            try:
                name, said = choose_sheet(
                    [(n, n not in hidden, rows[0] if rows else ()) for n, rows in sheets.items()]
                )
            except ValueError as exc:
                raise RegisterError([Problem(str(source), 1, "-", str(exc))]) from None
            first, made = sheets[name], sheets.get(MADE_FROM)
        else:
            first, made, said = _sheet_cells(source, raw)
        if tell is not None:
            tell(said)
        made_from = None
        if made and [str(c) for c in made[0][:2]] == ["id", "fingerprint"]:
            made_from = {str(r[0]): str(r[1]) for r in made[1:] if r and r[0] is not None and str(r[0])}
        return first, made_from
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise RegisterError([Problem(str(source), 1, "-", OLD_XLS)])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16, tabs
        text = raw.decode("utf-16").replace("\r\n", "\n")
    else:
        text = decode(raw, str(source))
    delimiter = separator(text)
    from pipeline.coordinators.csvtext import csv_rows

    rows = csv_rows(text, str(source), delimiter=delimiter)
    if delimiter != "," and rows:  # where Excel separates by ; or tabs, its decimal mark is a comma
        header = [h.strip().lower() for h in rows[0]]
        spots = [header.index(c) for c in ("lat", "lon") if c in header]
        for row in rows[1:]:
            for i in spots:
                if i < len(row) and _DECIMAL_COMMA.fullmatch(row[i].strip()):
                    row[i] = row[i].strip().replace(",", ".")
    return rows, None


def canonical(cells: list[list], order: str = "month-first") -> tuple[list[str], list[list[str]]]:
    """(header in the register's order, rows as text); blank rows become empty rows. ``order``
    is how dates typed with slashes are read (DATE_ORDER)."""
    header = [_text(c, "").strip().lower() for c in cells[0]] if cells else []
    while header and not header[-1]:
        header.pop()  # empty columns Excel keeps to the right
    dates = order
    columns = [c for c in COLUMNS if c in header] + [c for c in header if c not in COLUMNS]
    where = {c: header.index(c) for c in columns}
    rows = []
    for row in cells[1:]:
        rows.append([_text(row[where[c]], c, dates) if where[c] < len(row) else "" for c in columns])
    return columns, rows


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def fingerprint(row: dict[str, str]) -> str:
    """A short hash of what a row means (normalised values of the register's columns), so a row
    saved again with the same meaning keeps its fingerprint."""
    from pipeline.coordinators.compare import normal

    meaning = "\x1f".join(normal(c, row.get(c, "")) for c in COLUMNS)
    return hashlib.sha256(meaning.encode("utf-8")).hexdigest()[:16]


class ImportStopped(Exception):
    """Importing would lose something in the register: ``lines`` names each row and why."""

    def __init__(self, lines: list[str], flags: list[str]):
        self.lines, self.flags = lines, flags
        super().__init__("\n".join(lines))


def _typed_rows(header: list[str], rows: list[list[str]]) -> dict[str, dict[str, str]]:
    return {
        r[header.index("id")].strip(): dict(zip(header, (c.strip() for c in r)))
        for r in rows
        if "id" in header and r[header.index("id")].strip()
    }


def _register_rows(target: Path) -> dict[str, dict[str, str]] | None:
    """The register's rows by id as they are now (None when there is no register yet)."""
    if not target.exists():
        return None
    try:
        frame = read_table(target, decode(target.read_bytes(), str(target)))
    except RegisterError:
        return None  # unreadable: it is replaced (the backup keeps it)
    records = frame.drop(columns=ROW_COLUMN).to_dict("records")
    return {str(r.get("id", "")): {c: str(v) for c, v in r.items()} for r in records}


def losses(
    imported: dict[str, dict[str, str]],
    current: dict[str, dict[str, str]] | None,
    made_from: dict[str, str] | None,
    remove: bool,
    overwrite: bool,
) -> ImportStopped | None:
    """What importing would lose from the register as it is now, unless allowed.

    Removed: a row of the register that the file does not have (deleted in the workbook, or added
    to the register by ``intake`` after the workbook was made). Overwritten: a row changed in the
    register since the template was made (its fingerprint then differs from now), which the
    workbook would put back as it was; or a row deleted since, which it would bring back."""
    from pipeline.coordinators.compare import differing

    if current is None:
        return None
    lines, flags = [], []
    if not remove:
        gone = [i for i in current if i not in imported]
        for ident in gone:
            name = current[ident].get("name", "")
            why = (
                "added to the register after the workbook was made (by intake?)"
                if made_from is not None and ident not in made_from
                else "not in the file"
            )
            lines.append(f"would remove {ident} {name!r}: {why}")
        if gone:
            flags.append("--remove")
    if not overwrite and made_from is not None:
        stale = []
        for ident, row in imported.items():
            then = made_from.get(ident)
            if then is None:
                continue  # a row added in the workbook
            now = current.get(ident)
            if now is None:
                stale.append(
                    f"would bring back {ident} {row.get('name', '')!r}: deleted from "
                    "the register after the workbook was made"
                )
            elif fingerprint(now) != then and differing(now, row, COLUMNS):
                columns = ", ".join(differing(now, row, COLUMNS))
                stale.append(
                    f"would overwrite {ident} {now.get('name', '')!r}: changed in the "
                    f"register after the workbook was made ({columns})"
                )
        lines += stale
        if stale:
            flags.append("--overwrite")
    return ImportStopped(lines, flags) if lines else None


def import_register(
    source: Path, target: Path, remove: bool = False, overwrite: bool = False, tell=None, **rules
) -> ImportResult:
    """Validate ``source`` as the register and write it, canonical, to ``target``.

    Nothing is lost without a yes: rows the register would lose raise ImportStopped (see
    :func:`losses`) unless ``remove`` / ``overwrite``; letters lost to an encoding since the
    register was written are refused; the previous register is kept (backup.py). ``tell`` is
    given the line naming the workbook's sheet read, as soon as it is known."""
    from pipeline.register.backup import how_to_undo, keep_previous
    from pipeline.register.garbled import SAVE_AS_UTF8_EVERYWHERE, replaced_letters

    cells, made_from = read_workbook(source, tell)
    profile = rules.get("profile")
    header, rows = canonical(cells, profile.date_order if profile else "month-first")
    if not header:
        raise RegisterError(
            [
                Problem(
                    str(source),
                    1,
                    "-",
                    "nothing to read: row 1, where the register's header belongs, is empty",
                )
            ]
        )
    # blank rows stay in what is checked, so each problem names its workbook row
    register = load_register(source, raw=_csv(header, rows).encode("utf-8"), **rules)
    if "hours" in header:  # hours as read, in their one spelling ("Mo - Fr" -> "Mo-Fr")
        column, read = (
            header.index("hours"),
            {e.row: e.participant.hours.source for e in register.entries if e.participant.hours},
        )
        for number, row in enumerate(rows, start=2):
            if number in read:
                row[column] = read[number]
    kept = [r for r in rows if any(cell.strip() for cell in r)]
    imported = _typed_rows(header, kept)
    current = _register_rows(target)
    if current is not None:
        numbers = {e.participant.id: e.row for e in register.entries}
        lost = [
            Problem(
                str(source),
                numbers.get(ident, 0),
                column,
                f"{old!r} became {new!r} ({ident}): letters lost to a save in an encoding "
                f"that cannot hold them; {SAVE_AS_UTF8_EVERYWHERE}",
            )
            for ident, row in imported.items()
            if ident in current
            for column, new in row.items()
            if replaced_letters(current[ident].get(column, ""), new)
            for old in [current[ident][column]]
        ]
        if lost:
            raise RegisterError(lost)
    stopped = losses(imported, current, made_from, remove, overwrite)
    if stopped:
        raise stopped
    text = _csv(header, kept)
    before = target.read_bytes() if target.exists() else None
    changes = _changes(current, imported, before is not None)
    counts: dict[str, int] = {}
    for entry in register.entries:
        counts[entry.participant.status] = counts.get(entry.participant.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    written = before != text.encode("utf-8")
    if written:
        from pipeline.coordinators.atomic import write_atomically

        target.parent.mkdir(parents=True, exist_ok=True)
        if keep_previous(target):
            changes.append(how_to_undo(target))
        write_atomically(target, text.encode("utf-8"))  # never a half-written register
    return ImportResult(written, len(kept), summary, changes, register.warnings)


def _changes(
    old: dict[str, dict[str, str]] | None, new: dict[str, dict[str, str]], existed: bool
) -> list[str]:
    """Places added, removed and changed, compared by meaning (public columns old -> new;
    private ones named only)."""
    from pipeline.coordinators.compare import differing

    if old is None:
        return [
            f"new register: {len(new)} places"
            if not existed
            else "the register could not be read before: it is replaced"
        ]
    lines = []
    for ident in sorted(new.keys() | old.keys()):
        if ident not in old:
            lines.append(f"added {ident} {new[ident].get('name', '')!r} ({new[ident].get('status', '')})")
        elif ident not in new:
            lines.append(f"removed {ident} {old[ident].get('name', '')!r}")
        else:
            columns = differing(
                old[ident], new[ident], [c for c in COLUMNS if c in new[ident] or c in old[ident]]
            )
            shown = [
                f"{c}: {old[ident].get(c, '')!r} → {new[ident].get(c, '')!r}"
                if c not in PRIVATE_COLUMNS
                else f"{c} (private)"
                for c in columns
            ]
            if shown:
                lines.append(f"changed {ident} {new[ident].get('name', '')!r}: " + "; ".join(shown))
    return lines


def write_template(data: Path, out: Path, categories: tuple[str, ...]) -> int:
    """Write the register at ``data`` as a workbook made for editing; return its number of rows."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    frame = read_table(data)
    header = [c for c in frame.columns if c != ROW_COLUMN]
    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    lists = book.create_sheet("Lists")
    for i, category in enumerate(categories, start=1):
        lists.cell(row=i, column=1, value=category).data_type = "s"
    lists.sheet_state = "hidden"
    private = PatternFill("solid", fgColor="FFE0E0E0")
    bold = Font(bold=True)
    for j, column in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=j, value=column)
        cell.data_type, cell.font = "s", bold
        note = NOTES.get(column, "Not a register column: ignored and never published.")
        if column in PRIVATE_COLUMNS:
            note, cell.fill = f"PRIVATE: never published. {note}", private
        cell.comment = Comment(note, "Safe Place")
        letter = get_column_letter(j)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column) + 4))
        sheet.column_dimensions[letter].number_format = "yyyy-mm-dd" if column in DATE_COLUMNS else "@"
    records = frame[header].values.tolist()
    for i, record in enumerate(records, start=2):
        for j, (column, value) in enumerate(zip(header, record), start=1):
            if not value:
                cell = sheet.cell(row=i, column=j)
            elif column in DATE_COLUMNS and _is_day(value):
                cell = sheet.cell(row=i, column=j, value=parse_day(value))
            else:
                cell = sheet.cell(row=i, column=j, value=value)
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            cell.number_format = "yyyy-mm-dd" if column in DATE_COLUMNS else "@"
    last = len(records) + 1 + EXTRA_ROWS
    for column, formula in (
        ("status", f'"{",".join(STATUSES)}"'),
        ("category", f"Lists!$A$1:$A${max(len(categories), 1)}"),
    ):
        if column in header:
            letter = get_column_letter(header.index(column) + 1)
            check = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"Not a known {column}",
                error=f"Choose the {column} from the list.",
            )
            check.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    # What the workbook was made from, so `import` can tell a row changed in the register since
    # (by intake, or another coordinator) from a row edited in the workbook.
    made = book.create_sheet(MADE_FROM)
    made.append(["id", "fingerprint"])
    for record in frame[header].to_dict("records"):
        made.append([record.get("id", ""), fingerprint(record)])
    for row in made.iter_rows():
        for cell in row:
            cell.data_type = "s"
    made.sheet_state = "hidden"
    from pipeline.coordinators.atomic import write_atomically

    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()  # whole in memory, then written at once: never half a workbook
    book.save(buffer)
    write_atomically(out, buffer.getvalue())
    return len(records)


def _is_day(text: str) -> bool:
    try:
        parse_day(text)
        return True
    except ValueError:
        return False
