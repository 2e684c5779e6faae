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

import html
import os
import re
from pathlib import Path

from pipeline.register.problems import Problem

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


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


def command(problem: Problem, file: str) -> str:
    """``::error file=F,line=N,title=COLUMN::message`` (``::warning`` for a warning)."""
    kind = "warning" if problem.warning else "error"
    line = max(problem.row, 1)
    return (f"::{kind} file={_property(file)},line={line},title={_property(problem.column)}"
            f"::{_data(problem.message)}")


def markdown(text: object) -> str:
    """Text shown as typed in GitHub Markdown: entities for <, > and &, backslashes for the rest."""
    one_line = " ".join(str(text).split())
    return _MARKDOWN.sub(r"\\\1", html.escape(one_line, quote=False))


def summary(register: str, problems: list[Problem], counts: dict[str, int] | None,
            published: int | None, changes=None, note: str = "") -> str:
    """The step summary: the verdict, counts, every problem, and the changes for the public."""
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    out = [f"## Safe Place register: `{register}`", ""]
    if errors:
        out.append(f"**{len(errors)} error(s): the register cannot be published.** "
                   "Fix each one in the file (the line is marked in *Files changed*), then commit again.")
    else:
        listed = ", ".join(f"{n} {s}" for s, n in sorted((counts or {}).items()))
        out.append(f"**Valid**: {listed}; **{published}** will be published.")
    if warnings:
        out.append(f"{len(warnings)} warning(s): they do not stop publishing.")
    out.append("")
    if problems:
        out += [f"### Problems ({len(problems)})", "", "| row | column | problem |", "| ---: | --- | --- |"]
        for p in problems:
            kind = "warning: " if p.warning else ""
            out.append(f"| {p.row} | {markdown(p.column)} | {kind}{markdown(p.message)} |")
        out.append("")
    if changes is not None:
        against = f" (against `{changes.baseline}`)" if changes.baseline else ""
        out += [f"### What this changes for the public{against}", "", f"**{changes.count}**", ""]
        rows = ([("added", r, why) for r, why in changes.added]
                + [("removed", r, why) for r, why in changes.removed]
                + [("changed", r, "; ".join(f"{c}: {old or '(empty)'} → {new or '(empty)'}"
                                              for c, old, new in values))
                   for r, values in changes.changed])
        if rows:
            out += ["| change | id | name | what |", "| --- | --- | --- | --- |"]
            out += [f"| {kind} | {markdown(r['id'])} | {markdown(r['name'])} | {markdown(what)} |"
                    for kind, r, what in rows]
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
