"""The server-rendered find list, fast enough for 30,000 places in every language.

The markup of one list item lives in the theme (``find_place.html``) like every other template.
Rendering it through Jinja once per place and language costs seconds on a big register, nearly
all of it Jinja's per-expression overhead. So a :class:`ListRenderer` renders the item template
once per *shape* of place (which of its fields are empty, e.g. no phone or website, and how
many lines its week takes), with every per-place text, each line of the week included, replaced
by a marker. The result splits into literal HTML and slots, and every place is then written by
filling the slots of its shape with its own values, escaped by :func:`markupsafe.escape` exactly
as Jinja's autoescape does. A register has a handful of shapes however varied its places.

The fast path must never publish different markup from the template, so the first place of
every shape is also rendered through Jinja itself and the build stops if the two differ (a
template that passed a field through a filter, say, would make them differ).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import AnyStr, NamedTuple

from markupsafe import Markup, escape

SLOTS = ("id", "name", "category", "address", "phone", "tel", "website", "directions", "distance", "page")
_MARK = "\x00"  # the register refuses control characters, so no value or string contains it
_MARK_UTF8 = _MARK.encode("utf-8")
_SPLIT = re.compile(f"{_MARK}([a-z]+[0-9]*){_MARK}")


class PlaceView(NamedTuple):
    """What the list template shows for one participant (values stay raw: they are escaped
    where they are written).

    A tuple with named fields rather than a dict: Jinja resolves ``p.name`` by attribute first.
    """

    id: str
    name: str
    category: str
    address: str
    phone: str
    tel: str
    hours: tuple[str, ...]
    website: str
    directions: str
    distance: str = ""  # "0.3 miles · " on a page sorted by distance at build time (zip pages)
    page: str = ""  # the place's own page, relative to the list page that shows it


_SLOT_VALUES = itemgetter(*(PlaceView._fields.index(name) for name in SLOTS))
_HOURS = "hours"  # the week's lines are slots hours0, hours1, ... after those of SLOTS


class ListingError(Exception):
    """The item template cannot be filled in safely (it must be rendered the same both ways)."""


class _Form(NamedTuple):
    literals: tuple[str, ...]  # one more than fields
    fields: tuple[int, ...]  # for each slot, its index in the values it is filled with


class ListRenderer:
    """Renders list items of one language: ``render(view)`` gives one item's HTML."""

    def __init__(self, render_item: Callable[[PlaceView], str]):
        """``render_item(view)`` renders the item template through Jinja for ``view``."""
        self._render_item = render_item
        self._forms: dict[tuple, _Form] = {}
        self._escaped: dict[tuple, tuple] = {}  # each distinct week's lines, escaped

    @property
    def kinds(self) -> int:
        """How many kinds of place (fill-in forms) were met so far."""
        return len(self._forms)

    def render(self, view: PlaceView) -> str:
        return self.render_all([view])

    def render_all(self, views: list[PlaceView]) -> Markup:
        """The items of ``views``, one after another, ready to put in the page."""
        rows = list(map(_SLOT_VALUES, views))
        flat = escape_many([value for row in rows for value in row])
        width, items = len(SLOTS), []
        for n, (view, row) in enumerate(zip(views, rows)):
            hours = self._escaped.get(view.hours)
            if hours is None:
                hours = self._escaped[view.hours] = tuple(str(escape(line)) for line in view.hours)
            shape = (*map(bool, row), len(hours))
            form = self._forms.get(shape)
            if form is None:
                form = self._forms[shape] = self._compile(view)
            items.append(fill(form, (*flat[n * width : (n + 1) * width], *hours)))
        return Markup("\n".join(items))

    def _compile(self, view: PlaceView) -> _Form:
        """The fill-in form of ``view``'s shape, checked against a real Jinja rendering."""
        marked = view._replace(
            hours=tuple(Markup(f"{_MARK}{_HOURS}{n}{_MARK}") for n in range(len(view.hours))),
            **{name: Markup(f"{_MARK}{name}{_MARK}") if getattr(view, name) else "" for name in SLOTS},
        )
        pieces = _SPLIT.split(self._render_item(marked))
        literals, names = pieces[0::2], pieces[1::2]
        slots = {name: i for i, name in enumerate(SLOTS)}
        slots.update((f"{_HOURS}{n}", len(SLOTS) + n) for n in range(len(view.hours)))
        if any(_MARK in literal for literal in literals) or not set(names) <= set(slots):
            raise ListingError(
                "find_place.html changes a place's value before showing it "
                "(a filter?): show fields as {{ p.field }} only"
            )
        form = _Form(tuple(literals), tuple(slots[name] for name in names))
        values = (*map(escape, _SLOT_VALUES(view)), *map(escape, view.hours))
        if fill(form, values) != self._render_item(view):
            raise ListingError(
                f"find_place.html renders place {view.id!r} differently when "
                "filled in: show fields as {{ p.field }} only"
            )
        return form


def _each_joined(values: Sequence[str], transform: Callable[[str], AnyStr], mark: AnyStr) -> list[AnyStr]:
    """``[transform(v) for v in values]`` by one call of ``transform`` on the values joined by
    :data:`_MARK` (``mark``: the mark as ``transform`` leaves it), for a transform that works
    character by character and leaves the mark alone: the same result, without a call per value."""
    parts = transform(_MARK.join(values)).split(mark)
    if len(parts) != len(values):  # a value held the mark itself (or there are none)
        return [transform(value) for value in values]
    return parts


def escape_many(values: list[str]) -> list[str]:
    """``escape()`` of each value, in one call: a page of places holds hundreds of values, and
    escaping is a character-by-character replacement, so escaping them joined is the same."""
    return _each_joined(values, _escaped, _MARK)


def _escaped(text: str) -> str:
    return str(escape(text))


def utf8_many(values: Sequence[str]) -> list[bytes]:
    """Each value of ``values`` encoded as UTF-8, in one call (as :func:`escape_many`): a page
    put together from UTF-8 pieces is the page encoded, and encoding a whole page that holds one
    character beyond Latin-1 (a dash, say) costs ten times encoding its pieces."""
    return _each_joined(values, _utf8, _MARK_UTF8)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def fill(form: tuple[tuple[AnyStr, ...], tuple[int, ...]], values: Sequence[AnyStr]) -> AnyStr:
    """``form``'s literals with, between them, the values its fields name (by index in
    ``values``); tens of thousands of items a build, so the pieces go in by slices. Literals and
    values are all ``str`` or all ``bytes`` (a form's UTF-8 twin: :func:`utf8_form`)."""
    literals, fields = form
    parts = [literals[0]] * (2 * len(literals) - 1)
    parts[0::2] = literals
    parts[1::2] = [values[field] for field in fields]
    return literals[0][:0].join(parts)


def utf8_form(form: tuple) -> tuple:
    """``form`` with its literals encoded as UTF-8, to be filled with UTF-8 values."""
    literals, fields = form
    return (tuple(literal.encode("utf-8") for literal in literals), fields)


def page_links(current: int, count: int, around: int = 1) -> list[int | None]:
    """Which page numbers a list page links to: the first, the last and ``around`` either side
    of ``current``; ``None`` marks a gap (shown as "…"). The GOV.UK pagination pattern: a
    30,000-place register has hundreds of pages, and a link to each on every page would weigh
    more than the list itself."""
    wanted = {1, count, *range(current - around, current + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= count)
    links: list[int | None] = []
    for n in numbers:
        if links and n - links[-1] == 2:
            links.append(n - 1)  # a gap of one page: show the page, not "…"
        elif links and n - links[-1] > 2:
            links.append(None)
        links.append(n)
    return links
