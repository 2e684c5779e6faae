"""The find page's data in pieces, so a phone fetches what is near it and not the whole register.

Small registers ship one file per language (``places.json``, :class:`pipeline.find.exports.PlacesFile`).
Above ``FIND_SPLIT_ABOVE`` places the find page starts instead from a small **index** per
language (``<lang>/find/index.json``) and fetches **cells** as it needs them:

* the index holds what rows refer to (categories, cities, the schedules, the calendar, the ZIP
  centres; the schedules in words are in ``<lang>/find/words.json``, fetched once the first
  answer is shown), the first window of places in name order (the list as it first shows), how
  many places follow each schedule (so "N open now" is exact before any cell has arrived), and
  the cells: ``[name, south, west, north, east, places]``, the box being the smallest one
  around the cell's places; and, for the saved copy (:mod:`pipeline.site.offline`), how many places
  it keeps (``offline``) and where to keep them around when the visitor gave no position
  (``centre``, the map's);
* a cell (``find/cells/<name>.json``, the same for every language) holds the rows of the places
  in one square of a quadtree over the register, split until no square holds more than
  ``FIND_CELL_SIZE`` places: dense downtown blocks get small cells, the edges large ones.

A **search** needs only the cells that hold a match. Every place that matches a search holds
every run of three letters or digits of it (:func:`pieces`), so the index lists the runs that
many places share (``search.common``, over one place in ``COMMON_SHARE``) and the shards that
exist (``search.keys``), and ``find/search/<xy>.json`` (shared too) maps each other run starting
with ``xy`` to the places holding it: their positions counted cell by cell (the places of the
first cell, then of the second...), sorted, each written as the step from the one before. The
page fetches the shards of a few uncommon runs of the search, keeps the places all of them hold
and fetches only their cells: a search for one name costs a few kilobytes, not the register.

In **name order** (the list as it starts, "more", "open now" without a position) the page reads
``find/rows/<k>.json`` (shared): the rows of ``places.json`` cut into files of ``rows.size``
places, the ``k``-th of them. From the share of places open now (the index's counts) it knows
about how many files hold the next window of open places, and fetches them together.

From a position the page loads cells nearest first until the places it shows are certainly the
nearest (no unloaded cell can hold a nearer one); only the map loads the whole ``places.json``.
Rows carry their ``order`` (their index in ``places.json``), so the page sorts loaded places
exactly as it would sort all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from pipeline.find.exports import COMPACT_JSON, PlacesFile

CELLS_DIR = "find/cells"
SEARCH_DIR = "find/search"
ROWS_DIR = "find/rows"
COMMON_SHARE = 20  # a run held by more than one place in 20 narrows a search too little to ship
FIELDS = PlacesFile.FIELDS + ("order",)
MAX_DEPTH = 16  # squares of about 1 m at the equator: places at one address stay in one cell
_LAT, _LON = PlacesFile.FIELDS.index("lat"), PlacesFile.FIELDS.index("lon")
_SCHEDULE = PlacesFile.FIELDS.index("schedule")
_NAME, _ADDRESS = PlacesFile.FIELDS.index("name"), PlacesFile.FIELDS.index("address")
_CITY, _ZIP = PlacesFile.FIELDS.index("city"), PlacesFile.FIELDS.index("zip")
_WORD = re.compile(r"[a-z0-9]{3,}")
_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Text as the find page compares it (``fold`` in theme/static/js/find/search.js): accents
    dropped, lower case."""
    if text.isascii():  # nothing to drop (most names): the same, faster
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


def pieces(text: str) -> set[str]:
    """The overlapping runs of three letters or digits in ``text`` once folded: ``"Tom's Deli"``
    gives ``tom``, ``del``, ``eli``. find/search.js takes the same runs from a search's words
    (only ASCII ones, so both sides cut strings alike whatever UTF-16 does). The build finds them for
    every place at once (:func:`_holders`); this is what it finds."""
    return {word[i : i + 3] for word in _WORD.findall(fold(text)) for i in range(len(word) - 2)}


def quadtree(points: list[tuple[float, float]], capacity: int) -> list[tuple[str, list[int]]]:
    """The register cut into squares of at most ``capacity`` places: ``(name, indices)`` per
    non-empty square, in a fixed order (same register, same cells). A name is the path from
    the whole box: ``c``, ``c0``..``c3`` (south-west, south-east, north-west, north-east)."""
    if not points:
        return []
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    size = max(north - south, east - west) or 1e-5
    cells: list[tuple[str, list[int]]] = []

    def split(name: str, members: list[int], s: float, w: float, side: float) -> None:
        if len(members) <= capacity or len(name) > MAX_DEPTH:
            cells.append((name, members))
            return
        half = side / 2
        quarters: list[list[int]] = [[], [], [], []]
        for i in members:
            lat, lon = points[i]
            quarters[(2 if lat >= s + half else 0) + (1 if lon >= w + half else 0)].append(i)
        for q, part in enumerate(quarters):
            if part:
                split(name + str(q), part, s + half * (q >= 2), w + half * (q % 2), half)

    split("c", list(range(len(points))), south, west, size * (1 + 1e-9))
    return cells


class SplitPlaces:
    """The index (per language) and the cells (shared) of a register's find data."""

    def __init__(
        self,
        places: PlacesFile,
        *,
        capacity: int = 200,
        head: int = 50,
        offline: int = 5000,
        centre: tuple[float, float] = (0.0, 0.0),
    ):
        self.places = places
        rows: list[list[Any]] = [[*row, order] for order, row in enumerate(places.rows)]
        # each row as JSON with its order last: the places file's text of the row, its order
        # written in before the closing bracket
        texts = [f"{text[:-1]},{order}]" for order, text in enumerate(places.row_texts)]
        cells = quadtree([(row[_LAT], row[_LON]) for row in rows], capacity)
        self._cells = []
        entries = []
        for name, members in cells:
            chosen = [rows[i] for i in members]
            lats, lons = [r[_LAT] for r in chosen], [r[_LON] for r in chosen]
            entries.append([name, min(lats), min(lons), max(lats), max(lons), len(chosen)])
            self._cells.append((name, _places_file(texts[i] for i in members)))
        self._search, common = _search_shards(rows, cells, places)
        self._rows = [_places_file(texts[at : at + capacity]) for at in range(0, len(rows), capacity)]
        counts = [0] * len(places.schedules)
        for row in rows:
            if row[_SCHEDULE] is not None:
                counts[row[_SCHEDULE]] += 1
        self._tail = COMPACT_JSON.encode(
            {
                "total": len(rows),
                "counts": counts,
                "cells": {"base": CELLS_DIR + "/", "list": entries},
                "search": {
                    "base": SEARCH_DIR + "/",
                    "keys": "".join(key for key, _ in self._search),
                    "common": "".join(common),
                },
                "rows": {"base": ROWS_DIR + "/", "size": capacity},
                "offline": offline,
                "centre": list(centre),
                "places": rows[:head],
            }
        )[1:]

    def index(
        self,
        *,
        full: str,
        words: str,
        labels: list[str] | None = None,
        holiday_names: list[str] | None = None,
    ) -> str:
        """``index.json`` in one language; ``full`` and ``words`` are where its ``places.json``
        and ``words.json`` are (from the site's root)."""
        head = self.places.head(words=None, labels=labels, fields=FIELDS, holiday_names=holiday_names)
        return (
            f'{head},"full":{COMPACT_JSON.encode(full)},"words_file":{COMPACT_JSON.encode(words)},'
            f"{self._tail}\n"
        )

    def words(self, words: Callable) -> str:
        """``words.json`` in one language: every schedule in words (``words(schedule)``), kept
        out of the index, which stays small however varied the register's hours are."""
        return COMPACT_JSON.encode({"words": self.places.words(words)}) + "\n"

    def cells(self) -> Iterator[tuple[str, str]]:
        """``(path from the site's root, text)`` of every cell file."""
        for name, text in self._cells:
            yield f"{CELLS_DIR}/{name}.json", text

    def name_order(self) -> Iterator[tuple[str, str]]:
        """``(path from the site's root, text)`` of every file of rows in name order."""
        for k, text in enumerate(self._rows):
            yield f"{ROWS_DIR}/{k}.json", text

    def search(self) -> Iterator[tuple[str, str]]:
        """``(path from the site's root, text)`` of every search shard."""
        for key, text in self._search:
            yield f"{SEARCH_DIR}/{key}.json", text


def _places_file(row_texts: Iterable[str]) -> str:
    """A cell's or a name-order file's text, ``{"places":[row,...]}``, from its rows as JSON."""
    return f'{{"places":[{",".join(row_texts)}]}}\n'


def _search_shards(
    rows: list[list], cells: list[tuple[str, list[int]]], places: PlacesFile
) -> tuple[list[tuple[str, str]], list[str]]:
    """(the search shards as ``(first two characters, text)``, the common runs). A shard is
    ``{run: [first position, step, step...]}`` for the uncommon runs of names and addresses
    (with city and ZIP, as the page searches them; the category, which differs by language,
    the page checks against its own labels)."""
    cities = places.cities
    texts = [
        f"{row[_NAME]} {row[_ADDRESS]} {cities[row[_CITY]]} {row[_ZIP]}"
        for _, members in cells
        for row in (rows[i] for i in members)
    ]
    limit = len(texts) / COMMON_SHARE
    common: list[str] = []
    shards: dict[str, dict[str, list[int]]] = {}
    for piece, at in _holders(texts):
        if len(at) > limit:
            common.append(piece)
        else:
            steps = np.diff(at, prepend=0).tolist()
            shards.setdefault(piece[:2], {})[piece] = steps
    return [(key, COMPACT_JSON.encode(value) + "\n") for key, value in shards.items()], common


_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz"  # a run's letters as digits of a base-36 number
_CODE = np.full(256, -1, dtype=np.int64)
_CODE[np.frombuffer(_ALNUM.encode(), dtype=np.uint8)] = np.arange(36)


def _holders(texts: list[str]):
    """``(run, positions)`` for every run of :func:`pieces` in ``texts``, in the runs' order,
    positions sorted (indices into ``texts``). The same as looping over ``pieces(text)`` for
    every text, done on arrays: at 30,000 places that loop took 0.25 s of the build, this 0.1."""
    folded = [fold(text) for text in texts]
    # one byte per character (not a letter or digit of a-z, 0-9: "?", which ends a run), a
    # line break between texts
    data = "\n".join(folded).encode("ascii", "replace")
    code = _CODE[np.frombuffer(data, dtype=np.uint8)]
    lengths = np.fromiter((len(text) + 1 for text in folded), dtype=np.int64, count=len(folded))
    owner = np.repeat(np.arange(len(folded), dtype=np.int64), lengths)[: len(code)]
    whole = (code[:-2] >= 0) & (code[1:-1] >= 0) & (code[2:] >= 0)
    runs = (code[:-2] * 1296 + code[1:-1] * 36 + code[2:])[whole]
    if not runs.size:
        return
    keys = np.sort(runs * len(folded) + owner[:-2][whole])
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # each (run, text) once (np.unique: 20x slower)
    run_of, at = np.divmod(keys, len(folded))
    starts = np.flatnonzero(np.diff(run_of, prepend=-1))
    for first, last in zip(starts.tolist(), [*starts[1:].tolist(), len(keys)]):
        c = int(run_of[first])
        yield _ALNUM[c // 1296] + _ALNUM[c // 36 % 36] + _ALNUM[c % 36], at[first:last]
