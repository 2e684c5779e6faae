"""Meet a coordinator who only uses GitHub's web pages: annotations and a step summary.

When ``safeplace validate`` runs in GitHub Actions (``GITHUB_ACTIONS=true``), every problem is
also printed as a workflow command, so GitHub puts it on its line of the register in the pull
request's "Files changed" view, and a Markdown summary (counts, problems, what the pull request
changes for the public) is appended to ``$GITHUB_STEP_SUMMARY``, the page shown for the run.

Register values reach both, so both are escaped: workflow command data as GitHub specifies
(``%``, CR, LF; in properties also ``:`` and ``,``), so no value can end a command or start
another; Markdown by HTML entities and backslashes, so no value becomes a link, an image or
markup in the summary.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from pathlib import Path

from pipeline.register.encoding import decode
from pipeline.register.problems import Problem, RegisterError

# What GitHub shows of one step: 10 error and 10 warning annotations (more are dropped).
SHOWN_PER_KIND = 10

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


class CommandSafe:
    """A text stream for Actions' logs in which no line of ours (a register value, a header
    cell with a line break in it) can start a workflow command such as ``::stop-commands::``:
    such a line gets a visible ``(text) `` in front. Our own commands go through :func:`emit`."""

    def __init__(self, stream):
        self.stream = stream
        self._line_start = True

    def write(self, text: str) -> int:
        out = []
        for piece in str(text).splitlines(keepends=True):
            if self._line_start and piece.lstrip().startswith("::"):
                piece = "(text) " + piece
            out.append(piece)
            self._line_start = piece != piece.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        self.stream.write("".join(out))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)


def emit(line: str) -> None:
    """Print one workflow command of ours, unescaped (to the stream under :class:`CommandSafe`)."""
    import sys

    stream = sys.stdout.stream if isinstance(sys.stdout, CommandSafe) else sys.stdout
    stream.write(line + "\n")
    stream.flush()


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(path: Path | str) -> str:
    """``path`` as GitHub names files: relative to the checkout (GITHUB_WORKSPACE), with /."""
    path = Path(path)
    root = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def record_lines(raw: bytes, name: str = "the register") -> dict[int, int]:
    """{spreadsheet row: the file line where its record starts}.

    A cell with a line break (a note typed on two lines) makes its record span two lines of the
    file, so the spreadsheet row and the file line part from there on; GitHub wants the line."""
    try:
        text = decode(raw, name)
    except RegisterError:
        return {}
    reader = csv.reader(io.StringIO(text, newline=""))
    lines, previous, row = {}, 0, 0
    try:
        for _ in reader:
            row += 1
            lines[row] = previous + 1
            previous = reader.line_num
    except csv.Error:
        pass  # an unclosed quote: rows below it keep their own number
    return lines


def command(problem: Problem, file: str, line: int | None = None) -> str:
    """``::error file=F,line=N,title=COLUMN::message`` (``::warning`` for a warning)."""
    kind = "warning" if problem.warning else "error"
    line = max(line or problem.row, 1)
    title = f"{problem.column} ({problem.place})" if problem.place else problem.column
    return f"::{kind} file={_property(file)},line={line},title={_property(title)}::{_data(problem.message)}"


def workflow_commands(
    problems: list[Problem], file: str, lines: dict[int, int], changed_rows: set[int] | None = None
) -> list[str]:
    """The workflow commands for ``problems``, as many as GitHub shows.

    Errors first; then warnings on rows the pull request changed (a new row's warnings, not an
    old row's re-training reminder), then the rest. When a kind has more than GitHub shows, the
    last one it shows says how many more the summary lists."""
    changed_rows = changed_rows or set()
    errors = [p for p in problems if not p.warning]
    warnings = sorted((p for p in problems if p.warning), key=lambda p: p.row not in changed_rows)
    out = []
    for kind, found in (("error", errors), ("warning", warnings)):
        shown = found if len(found) <= SHOWN_PER_KIND else found[: SHOWN_PER_KIND - 1]
        out += [command(p, file, lines.get(p.row)) for p in shown]
        if len(found) > len(shown):
            more = len(found) - len(shown)
            out.append(
                f"::{kind} title={_property(f'{more} more')}::"
                + _data(
                    f"{more} more {kind}(s) in the summary of this run (Checks tab, "
                    "Summary): GitHub shows only 10 here"
                )
            )
    return out


def lost_letter_problems(file: str, changes, current) -> list[Problem]:
    """Errors for letters that became "?" since the compared register (see garbled.py)."""
    from pipeline.register.garbled import replaced_message

    return [
        Problem(
            file,
            current.rows.get(ident, 0),
            column,
            replaced_message(old, new),
            place=f"{ident} {current.typed.get(ident, {}).get('name', '')!r}",
        )
        for ident, column, old, new in changes.garbled
    ]


def markdown(text: object) -> str:
    """Text shown as typed in GitHub Markdown: entities for <, > and &, backslashes for the rest."""
    one_line = " ".join(str(text).split())
    return _MARKDOWN.sub(r"\\\1", html.escape(one_line, quote=False))


def summary(
    register: str,
    problems: list[Problem],
    counts: dict[str, int] | None,
    published: int | None,
    changes=None,
    note: str = "",
    no_holiday_rule: int | None = None,
) -> str:
    """The step summary: the verdict, counts, every problem, and the changes for the public;
    ``no_holiday_rule``: how many published places have hours that say nothing about public
    holidays (``safeplace report`` lists them)."""
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    out = [f"## Safe Place register: `{register}`", ""]
    if errors:
        out.append(
            f"**{len(errors)} error(s): the register cannot be published.** "
            "Fix each one in the file (the line is marked in *Files changed*), then commit again."
        )
    else:
        listed = ", ".join(f"{n} {s}" for s, n in sorted((counts or {}).items()))
        out.append(f"**Valid**: {listed}; **{published}** will be published.")
    if warnings:
        out.append(f"{len(warnings)} warning(s): they do not stop publishing.")
    if no_holiday_rule and not errors:
        out.append(
            f"{no_holiday_rule} of {published} published place(s) have hours with no public holiday "
            "rule (PH): on a holiday the site says their hours may differ (call first). "
            "`safeplace report` lists them; add e.g. `; PH off` or `; PH 10:00-14:00`."
        )
    out.append("")
    if problems:
        out += [
            f"### Problems ({len(problems)})",
            "",
            "| row | place | column | problem |",
            "| ---: | --- | --- | --- |",
        ]
        for p in problems:
            kind = "warning: " if p.warning else ""
            out.append(
                f"| {p.row} | {markdown(p.place)} | {markdown(p.column)} | {kind}{markdown(p.message)} |"
            )
        out.append("")
    if changes is not None:
        against = f" (against `{changes.baseline}`)" if changes.baseline else ""
        out += [f"### What this changes for the public{against}", "", f"**{changes.count}**", ""]
        if errors:
            out += [
                "Counting only the rows without errors: a row with an error is not published "
                "until it is fixed.",
                "",
            ]
        rows = (
            [("added", r, why) for r, why in changes.added]
            + [("removed", r, why) for r, why in changes.removed]
            + [
                (
                    "changed",
                    r,
                    "; ".join(f"{c}: {old or '(empty)'} → {new or '(empty)'}" for c, old, new in values),
                )
                for r, values in changes.changed
            ]
        )
        if rows:
            out += ["| change | id | name | what |", "| --- | --- | --- | --- |"]
            out += [
                f"| {kind} | {markdown(r['id'])} | {markdown(r['name'])} | {markdown(what)} |"
                for kind, r, what in rows
            ]
            out.append("")
    if changes is not None and changes.private:
        out += [
            f"### Private columns changed (for coordinators; never published): {len(changes.private)}",
            "",
            "| id | name | columns |",
            "| --- | --- | --- |",
        ]
        out += [
            f"| {markdown(i)} | {markdown(n)} | {markdown(', '.join(cols))} |"
            for i, n, cols in changes.private
        ]
        out.append("")
    if note:
        out += [markdown(note), ""]
    return "\n".join(out) + "\n"


def write_summary(text: str) -> None:
    """Append to the step summary file, when GitHub provides one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
