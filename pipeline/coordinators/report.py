"""``safeplace report``: what will be published, what needs attention, what changed.

For coordinators before a build or a pull request: counts by status and category, re-training
due, pending applications with what each still lacks, and what changes for the public against the
register at a git revision (by default the base branch of the pull request, or ``main``, where the
site is published from): places added and removed (and why), changed with old -> new values. The
comparison is with the register as committed, never with a local ``output/``, so it means the same
on a fresh clone and after ``make html``. Printed as a terminal table (rich) and written as an HTML
page *outside* ``output/``, so it is never published.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, select_autoescape

from pipeline.coordinators.compare import Changes, View, compare, view_of, view_of_bytes  # noqa: F401
from pipeline.coordinators.gitfiles import GitError, register_at  # noqa: F401 (named here too)
from pipeline.hours.status import says_holidays
from pipeline.register.model import REQUIRED_TO_PUBLISH, RETRAINING_AFTER, Register

#: what a coordinator adds to hours that say nothing about holidays
HOLIDAY_ADVICE = (
    'on a public holiday the site says "hours may differ — call first": add what the place does, '
    "e.g. '; PH off' (closed) or '; PH 10:00-14:00'"
)


def without_holiday_rule(published) -> list[tuple[str, str, str]]:
    """(id, name, hours) of the published places whose hours say nothing about public holidays
    (no ``PH`` rule and not 24/7); places without hours already read "Call to check hours"."""
    return [
        (p.id, p.name, p.hours.source)
        for p in published
        if p.hours is not None and not says_holidays(p.hours)
    ]


@dataclass
class Report:
    register: Path
    by_status: dict[str, int]
    by_category: dict[str, int]
    published: int
    retraining_due: list[tuple[str, str, str]]  # (id, name, trained_on)
    pending: list[tuple[str, str, str]]  # (id, name, what it still lacks)
    warnings: list[str]
    changes: Changes
    #: published places whose hours say nothing about public holidays (no ``PH`` rule): on a
    #: holiday the find page says "hours may differ — call first" and ranks them after the
    #: places known to be open (id, name, hours)
    no_holiday_rule: list[tuple[str, str, str]] = field(default_factory=list)


def lacking(entry, warnings: list) -> str:
    """What a pending application still needs before it can be approved, in words."""
    p, v = entry.participant, entry.vetting
    values = {
        "category": p.category,
        "city": p.city,
        "state": p.state,
        "zip": p.zip,
        "lat": p.lat,
        "lon": p.lon,
        "hours": p.hours,
    }
    missing = [c for c in REQUIRED_TO_PUBLISH if values[c] in (None, "")]
    missing += [c for c in ("approved_on", "trained_on") if getattr(v, c) is None]
    problems = sum(w.row == entry.row for w in warnings)
    parts = [", ".join(missing)] if missing else []
    if problems:
        parts.append(f"{problems} problem(s) to fix")
    return "; ".join(parts) or "nothing: ready to approve"


def build_report(
    register: Register,
    today: date,
    baseline: View | None = None,
    against: str = "",
    current: View | None = None,
) -> Report:
    """``current`` is the register's own view with its typed rows (view_of_bytes), so private
    changes and lost letters are found too; without it only public columns are compared."""
    entries = register.entries
    due = [
        (e.participant.id, e.participant.name, e.vetting.trained_on.isoformat())
        for e in entries
        if e.participant.status == "approved"
        and e.vetting.trained_on
        and today - e.vetting.trained_on > RETRAINING_AFTER
    ]
    pending = [
        (e.participant.id, e.participant.name, lacking(e, register.warnings))
        for e in entries
        if e.participant.status == "pending"
    ]
    return Report(
        register=register.path,
        by_status=dict(sorted(Counter(e.participant.status for e in entries).items())),
        by_category=dict(sorted(Counter(p.category for p in register.published).items())),
        published=len(register.published),
        retraining_due=sorted(due),
        pending=pending,
        warnings=[str(w) for w in register.warnings],
        changes=compare(current or view_of(register), baseline, against),
        no_holiday_rule=without_holiday_rule(register.published),
    )


def describe(values: list[tuple[str, str, str]]) -> str:
    """``phone: 555-010-0102 → 555-010-0199; hours: ...``"""
    return "; ".join(f"{c}: {old or '(empty)'} → {new or '(empty)'}" for c, old, new in values)


def print_report(report: Report, console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def show(title, columns, rows):
        """One table; register values are text, never rich markup ("[/]" would fail)."""
        table = Table(title=title)
        for column in columns:
            table.add_column(column, justify="right" if column == "count" else "left")
        for row in rows:
            table.add_row(*(Text(str(value)) for value in row))
        console.print(table)

    console = console or Console()
    console.print(
        f"[bold]Safe Place register[/bold] {report.register}: {report.published} will be published."
    )
    show("By status", ("status", "count"), report.by_status.items())
    show("Published, by category", ("category", "count"), report.by_category.items())
    show(
        f"Re-training due ({len(report.retraining_due)})",
        ("id", "name", "last trained"),
        report.retraining_due,
    )
    show(f"Pending applications ({len(report.pending)})", ("id", "name", "still lacks"), report.pending)
    show(
        f"Hours with no public holiday rule (PH): {len(report.no_holiday_rule)} of {report.published}",
        ("id", "name", "hours"),
        report.no_holiday_rule,
    )
    if report.no_holiday_rule:
        console.print(Text(HOLIDAY_ADVICE), highlight=False)
    c = report.changes
    title = (
        f"Changes for the public against {c.baseline}"
        if c.baseline
        else "Nothing to compare with: everything is new"
    )
    show(
        f"{title}: {c.count}",
        ("change", "id", "name", "what"),
        [
            *(("added", row["id"], row["name"], why) for row, why in c.added),
            *(("removed", row["id"], row["name"], why) for row, why in c.removed),
            *(("changed", row["id"], row["name"], describe(values)) for row, values in c.changed),
        ],
    )
    if c.private:
        show(
            f"Private columns changed (for coordinators, never published): {len(c.private)}",
            ("id", "name", "columns"),
            [(i, n, ", ".join(cols)) for i, n, cols in c.private],
        )
    if c.garbled:
        show(
            f"Letters lost to an encoding (save as CSV UTF-8): {len(c.garbled)}",
            ("id", "column", "was", "now"),
            c.garbled,
        )
    for warning in report.warnings:
        console.print(Text(warning, style="yellow"), highlight=False)


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
<h2>Pending applications ({{ r.pending|length }})</h2>
<table><tr><th>Id</th><th>Name</th><th>Still lacks</th></tr>{% for i, n, w in r.pending %}<tr><td>{{ i }}</td><td>{{ n }}</td><td>{{ w }}</td></tr>{% endfor %}</table>
<h2>Hours with no public holiday rule (PH): {{ r.no_holiday_rule|length }} of {{ r.published }}</h2>
{% if r.no_holiday_rule %}<p>{{ holiday_advice }}</p>{% endif %}
<table><tr><th>Id</th><th>Name</th><th>Hours</th></tr>{% for i, n, h in r.no_holiday_rule %}<tr><td>{{ i }}</td><td>{{ n }}</td><td>{{ h }}</td></tr>{% endfor %}</table>
<h2>{% if r.changes.baseline %}Changes for the public against {{ r.changes.baseline }}{% else %}Nothing to compare with: everything is new{% endif %}: {{ r.changes.count }}</h2>
<table><tr><th>Change</th><th>Id</th><th>Name</th><th>What</th></tr>
{% for row, why in r.changes.added %}<tr><td>added</td><td>{{ row.id }}</td><td>{{ row.name }}</td><td>{{ why }}</td></tr>{% endfor %}
{% for row, why in r.changes.removed %}<tr><td>removed</td><td>{{ row.id }}</td><td>{{ row.name }}</td><td>{{ why }}</td></tr>{% endfor %}
{% for row, values in r.changes.changed %}<tr><td>changed</td><td>{{ row.id }}</td><td>{{ row.name }}</td><td>{{ describe(values) }}</td></tr>{% endfor %}
</table>
{% if r.changes.private %}<h2>Private columns changed (for coordinators, never published): {{ r.changes.private|length }}</h2>
<table><tr><th>Id</th><th>Name</th><th>Columns</th></tr>{% for i, n, cols in r.changes.private %}<tr><td>{{ i }}</td><td>{{ n }}</td><td>{{ cols|join(", ") }}</td></tr>{% endfor %}</table>{% endif %}
{% if r.changes.garbled %}<h2>Letters lost to an encoding (save as CSV UTF-8): {{ r.changes.garbled|length }}</h2>
<table><tr><th>Id</th><th>Column</th><th>Was</th><th>Now</th></tr>{% for i, c, old, new in r.changes.garbled %}<tr><td>{{ i }}</td><td>{{ c }}</td><td>{{ old }}</td><td>{{ new }}</td></tr>{% endfor %}</table>{% endif %}
<h2>Warnings ({{ r.warnings|length }})</h2>
<ul>{% for w in r.warnings %}<li>{{ w }}</li>{% endfor %}</ul>
</body></html>
"""  # noqa: E501 (the page, one element a line)


def write_html(report: Report, path: Path) -> Path:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        env.from_string(_HTML).render(r=report, describe=describe, holiday_advice=HOLIDAY_ADVICE),
        encoding="utf-8",
    )
    return path
