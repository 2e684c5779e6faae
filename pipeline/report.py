"""``safeplace report``: what will be published, what needs attention, what changed.

For coordinators before a build or a pull request: counts by status and category, re-training due,
and the difference between the register and the site currently built in ``output/`` (added,
removed and changed participants, by their public columns). Printed as a terminal table (rich)
and written as an HTML page *outside* ``output/``, so it is never published.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, select_autoescape

from pipeline.register import PUBLIC_COLUMNS, RETRAINING_AFTER, Register


@dataclass
class Changes:
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[tuple[dict[str, str], list[str]]] = field(default_factory=list)  # (row, columns)
    baseline: bool = False  # False when there is no built site to compare with


@dataclass
class Report:
    register: Path
    by_status: dict[str, int]
    by_category: dict[str, int]
    published: int
    retraining_due: list[tuple[str, str, str]]  # (id, name, trained_on)
    warnings: list[str]
    changes: Changes


def published_rows(register: Register) -> dict[str, dict[str, str]]:
    return {p.id: p.public_row() for p in register.published}


def built_rows(output: Path) -> dict[str, dict[str, str]] | None:
    export = output / "data" / "participants.csv"
    if not export.exists():
        return None
    text = export.read_text(encoding="utf-8")
    rows = {}
    for r in csv.DictReader(io.StringIO(text)):
        # undo the export's formula neutralisation so values compare as typed
        rows[r["id"]] = {k: (v[1:] if v.startswith("'") and v[1:2] in "=+-@" else v) for k, v in r.items()}
    return rows


def compare(new: dict[str, dict[str, str]], old: dict[str, dict[str, str]] | None) -> Changes:
    if old is None:
        return Changes(added=[new[k] for k in sorted(new)], baseline=False)
    changes = Changes(baseline=True)
    for ident in sorted(new.keys() | old.keys()):
        if ident not in old:
            changes.added.append(new[ident])
        elif ident not in new:
            changes.removed.append(old[ident])
        else:
            columns = [c for c in PUBLIC_COLUMNS if new[ident].get(c, "") != old[ident].get(c, "")]
            if columns:
                changes.changed.append((new[ident], columns))
    return changes


def build_report(register: Register, output: Path, today: date) -> Report:
    entries = register.entries
    due = [(e.participant.id, e.participant.name, e.vetting.trained_on.isoformat())
           for e in entries
           if e.participant.status == "approved" and e.vetting.trained_on
           and today - e.vetting.trained_on > RETRAINING_AFTER]
    return Report(
        register=register.path,
        by_status=dict(sorted(Counter(e.participant.status for e in entries).items())),
        by_category=dict(sorted(Counter(p.category for p in register.published).items())),
        published=len(register.published),
        retraining_due=sorted(due),
        warnings=[str(w) for w in register.warnings],
        changes=compare(published_rows(register), built_rows(output)),
    )


def print_report(report: Report, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    console.print(f"[bold]Safe Place register[/bold] {report.register}: "
                  f"{report.published} will be published.")
    table = Table(title="By status")
    table.add_column("status")
    table.add_column("count", justify="right")
    for status, count in report.by_status.items():
        table.add_row(status, str(count))
    console.print(table)
    table = Table(title="Published, by category")
    table.add_column("category")
    table.add_column("count", justify="right")
    for category, count in report.by_category.items():
        table.add_row(category, str(count))
    console.print(table)
    table = Table(title=f"Re-training due ({len(report.retraining_due)})")
    for column in ("id", "name", "last trained"):
        table.add_column(column)
    for row in report.retraining_due:
        table.add_row(*row)
    console.print(table)
    c = report.changes
    title = "Changes against the built site" if c.baseline else "No built site yet: everything is new"
    table = Table(title=f"{title}: {len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed")
    for column in ("change", "id", "name", "columns"):
        table.add_column(column)
    for row in c.added:
        table.add_row("added", row["id"], row["name"], "")
    for row in c.removed:
        table.add_row("removed", row["id"], row["name"], "")
    for row, columns in c.changed:
        table.add_row("changed", row["id"], row["name"], ", ".join(columns))
    console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]{warning}[/yellow]", markup=True, highlight=False)


_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Safe Place register report</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}
table{border-collapse:collapse;margin:0 0 1.5rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}</style>
</head><body>
<h1>Safe Place register report</h1>
<p>Register: {{ r.register }}. <strong>{{ r.published }}</strong> participant(s) will be published.
This report is for coordinators and is never published.</p>
<h2>By status</h2>
<table><tr><th>Status</th><th>Count</th></tr>{% for k, v in r.by_status.items() %}<tr><td>{{ k }}</td><td>{{ v }}</td></tr>{% endfor %}</table>
<h2>Published, by category</h2>
<table><tr><th>Category</th><th>Count</th></tr>{% for k, v in r.by_category.items() %}<tr><td>{{ k }}</td><td>{{ v }}</td></tr>{% endfor %}</table>
<h2>Re-training due ({{ r.retraining_due|length }})</h2>
<table><tr><th>Id</th><th>Name</th><th>Last trained</th></tr>{% for i, n, t in r.retraining_due %}<tr><td>{{ i }}</td><td>{{ n }}</td><td>{{ t }}</td></tr>{% endfor %}</table>
<h2>{% if r.changes.baseline %}Changes against the built site{% else %}No built site yet: everything is new{% endif %}</h2>
<table><tr><th>Change</th><th>Id</th><th>Name</th><th>Columns</th></tr>
{% for row in r.changes.added %}<tr><td>added</td><td>{{ row.id }}</td><td>{{ row.name }}</td><td></td></tr>{% endfor %}
{% for row in r.changes.removed %}<tr><td>removed</td><td>{{ row.id }}</td><td>{{ row.name }}</td><td></td></tr>{% endfor %}
{% for row, cols in r.changes.changed %}<tr><td>changed</td><td>{{ row.id }}</td><td>{{ row.name }}</td><td>{{ cols|join(", ") }}</td></tr>{% endfor %}
</table>
<h2>Warnings ({{ r.warnings|length }})</h2>
<ul>{% for w in r.warnings %}<li>{{ w }}</li>{% endfor %}</ul>
</body></html>
"""


def write_html(report: Report, path: Path) -> Path:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(env.from_string(_HTML).render(r=report), encoding="utf-8")
    return path
