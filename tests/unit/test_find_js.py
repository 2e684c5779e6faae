"""The find page's pure ES modules (theme/static/js/find/: hours, search, order) under Node's own
test runner, held to the Python answers.

The hours and search modules have Python twins (pipeline.hours.status ``minutes_open`` and
``status_at``; pipeline.find.cells ``fold`` and ``pieces``). This writes golden files with those
functions (every boundary of every schedule on days with holidays, first Mondays, the end of the
window; texts with accents, other scripts, punctuation), copies the modules into a folder marked
as ES modules, and runs ``node --test tests/unit/js/`` on them. Without Node the test fails
(``scripts/install-test-deps`` installs Debian's ``nodejs``): it never skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pipeline.find import cells
from pipeline.find.exports import exception_runs
from pipeline.find.nearest import KM_PER_MILE, Nearest, ranked
from pipeline.hours.calendar import holiday_calendar, holiday_names
from pipeline.hours.schedule import SOON, parse_hours
from pipeline.hours.status import holiday_unsure, minutes_open, rank_of, says_holidays, status_at
from pipeline.hours.words import words_for

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "theme" / "static" / "js" / "find"
NODE_TESTS = Path(__file__).resolve().parent / "js"

AS_OF = date(2026, 11, 20)
RULES = [
    "Mo-Fr 09:00-17:00; PH off",
    "Mo-Fr 08:00-22:00; PH 10:00-14:00",
    "Mo[1] 10:00-12:00",
    "Mo-Fr 08:00-17:00; Mo[1] off",
    "24/7",
    "24/7; PH off",
    "Fr-Sa 22:00-02:00",
    "Tu-Fr 09:00-17:00",
    "Mo-Su 00:00-24:00; Dec 25 off",
    "Sa 12:30-13:15,14:00-24:00",
    "Mo-Fr 00:00-09:00,17:00-24:00",
]
TEXTS = [
    "Tom's Deli",
    "Café Olé",
    "PHỞ 64 · Bánh Mì",
    "Straße 12",
    "İstanbul Kebab",
    "ÅÄÖ åäö",
    "Niño's Taquería #3",
    "ΟΔΟΣ Σοφίας",
    "東京ラーメン 123",
    "e\u0301cole",
    "A-1 Auto & Tire",
    "  many   spaces\there ",
    "ABCdef123GHI",
    "ﬁne ligature",
    "x",
    "",
]


def _hours_golden(folder: Path) -> None:
    calendar = holiday_calendar(AS_OF, {"country": "US"})
    schedules = [parse_hours(rule, calendar) for rule in RULES]
    days = [calendar.start + timedelta(days=n) for n in (0, 1, 6, 17, 18, 24, 35, 42, 46, 60, 80)]
    days += [calendar.end - timedelta(days=n) for n in (1, 2, 3, 8)]
    words = {lang: words_for(lang) for lang in ("en", "es")}
    cases = []
    for day in days:
        minutes = {0, 1, 719, 720, 721, 1380, 1439}
        for schedule in schedules:
            for start, end in schedule.day(day) or ():
                minutes |= {
                    m
                    for m in (start - 1, start, start + 1, end - 31, end - 30, end - 29, end - 1, end)
                    if 0 <= m < 1440
                }
        for minute in sorted(minutes):
            moment = datetime.combine(day, time()) + timedelta(minutes=minute)
            for n, schedule in [*enumerate(schedules), (None, None)]:
                cases.append(
                    {
                        "schedule": n,
                        "date": calendar.offset(day),
                        "day": day.weekday(),
                        "minute": minute,
                        "minutes_open": minutes_open(schedule, moment),
                        "status": {lang: list(status_at(schedule, moment, w)) for lang, w in words.items()},
                        "rank": rank_of(status_at(schedule, moment), holiday_unsure(schedule, day)),
                    }
                )
    golden = {
        "calendar": {
            "from": calendar.start.isoformat(),
            "days": calendar.days,
            "holidays": [calendar.offset(d) for d, _ in calendar.holidays],
        },
        "schedules": [s.compact() for s in schedules],
        "exceptions": [exception_runs(s, calendar) for s in schedules],
        "holiday_known": [int(says_holidays(s)) for s in schedules],
        "holiday_names": {lang: holiday_names(calendar, lang, w) for lang, w in words.items()},
        "words": words,
        "soon": SOON,
        "cases": cases,
    }
    (folder / "hours.json").write_text(json.dumps(golden, ensure_ascii=False), encoding="utf-8")


# The order of the list (issue 23): places around a point, each with one of RULES (or none),
# at moments where ranks differ: Thanksgiving (holiday), a weekday at 16:45 and at 21:52.
ORIGIN = (39.0997, -94.5786)
ORDER_PLACES = [  # (schedule: index into RULES or None, lat, lon)
    (0, 39.1000, -94.5786),  # Mo-Fr 09-17, PH off
    (7, 39.1010, -94.5786),  # Tu-Fr 09-17, nothing about holidays
    (1, 39.1020, -94.5786),  # Mo-Fr 08-22, PH 10-14
    (4, 39.1030, -94.5786),  # 24/7
    (None, 39.0998, -94.5786),  # no hours
    (8, 39.1040, -94.5786),  # 24/7 but Dec 25: nothing about other holidays
    (5, 39.1050, -94.5786),  # 24/7; PH off
    (7, 39.0990, -94.5786),
    (1, 39.0950, -94.5786),
    (9, 39.1100, -94.5786),
]
ORDER_MOMENTS = [
    datetime(2026, 11, 26, 12, 0),  # Thanksgiving, a Thursday
    datetime(2026, 11, 26, 13, 45),
    datetime(2026, 11, 24, 16, 45),  # a Tuesday
    datetime(2026, 11, 24, 21, 52),
    datetime(2026, 11, 28, 13, 0),  # a Saturday
]


def _order_golden(folder: Path) -> None:
    calendar = holiday_calendar(AS_OF, {"country": "US"})
    schedules = [parse_hours(rule, calendar) for rule in RULES]
    near = Nearest([lat for _, lat, _ in ORDER_PLACES], [lon for _, _, lon in ORDER_PLACES])
    miles = [km / KM_PER_MILE for km in near.km_from(*ORIGIN)]
    moments = []
    for moment in ORDER_MOMENTS:
        places = [None if n is None else schedules[n] for n, _, _ in ORDER_PLACES]
        ranks = [rank_of(status_at(s, moment), holiday_unsure(s, moment.date())) for s in places]
        moments.append(
            {
                "date": calendar.offset(moment.date()),
                "day": moment.weekday(),
                "minute": moment.hour * 60 + moment.minute,
                "ranks": ranks,
                "nearest": ranked(ranks, miles),
                "nearest_open": ranked(ranks, miles, open_only=True),
                "open_only": ranked(ranks, open_only=True),
                "by_name": ranked(ranks),
            }
        )
    golden = {
        "origin": list(ORIGIN),
        "places": [list(p) for p in ORDER_PLACES],
        "moments": moments,
        "soon": SOON,
    }
    (folder / "order.json").write_text(json.dumps(golden), encoding="utf-8")


def _search_golden(folder: Path) -> None:
    cases = [{"text": t, "fold": cells.fold(t), "pieces": sorted(cells.pieces(t))} for t in TEXTS]
    (folder / "search.json").write_text(json.dumps({"cases": cases}, ensure_ascii=False), encoding="utf-8")


def test_the_pure_modules_pass_under_node_and_agree_with_python(tmp_path):
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is missing: scripts/install-test-deps installs Debian's nodejs"
    modules = tmp_path / "find"
    shutil.copytree(MODULES, modules)
    (modules / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    goldens = tmp_path / "golden"
    goldens.mkdir()
    _hours_golden(goldens)
    _search_golden(goldens)
    _order_golden(goldens)
    tests = sorted(str(p) for p in NODE_TESTS.glob("*.test.mjs"))
    assert len(tests) >= 3, tests
    result = subprocess.run(
        [node, "--test", *tests],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "FIND_JS": str(modules), "FIND_GOLDEN": str(goldens)},
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout, result.stdout[-2000:]
