"""The law the site cites (the ``LAW`` setting), read once and put into words per language.

Hate-crime laws have no common shape: one state raises listed offenses to one of two felony
classes (two groups of sections), another has a single offense (one group of one section), a
national criminal code has a sentencing rule and offenses of its own. So the setting is data,
and the law page (``theme/templates/law.html``) draws whatever shape it is given::

    LAW = {
        "citation": "...",                     # exact, as the law is cited (or {lang: text})
        "url": "https://...",                  # the official text (or {lang: address})
        "publisher": {"en": "the ... legislature"},
        "lang": "en",                          # the language the law is written in
        "motives": {"en": ["race", ...], "es": ["raza", ...]},
        "intro": {"en": "Under {citation}, ... because of the {motives} ..."},
        "note": {"en": "The court ..."},       # optional, after the sections
        "groups": [
            {
                "heading": {"en": "These become a class D felony:"},  # optional
                "sections": [
                    {
                        "number": "565.054",                      # exact
                        "legal": "Assault in the third degree",   # exact; or {lang: term}
                        "name": {"es": "Agresión en tercer grado"},  # optional, per language
                        "plain": {"en": "for example, ...", "es": "por ejemplo, ..."},
                    },
                ],
            },
        ],
    }

Numbers and legal terms are shown exactly as given; everything else is per language, and a
language the law gives no words in shows the law's own language's words, marked with their
``lang`` (a screen reader reads them in the right voice). :func:`check` names every mistake in
the setting before anything is built; :func:`in_language` gives the template plain values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class LawError(ValueError):
    """The LAW setting is not in the shape the law page reads; the message names the place."""


_WORDS = ("publisher", "motives", "intro", "note")


def _per_language(value: Any, where: str, *, listed: bool = False) -> list[str]:
    """Problems with one per-language value: a dict of language -> text (or list of texts)."""
    if not isinstance(value, Mapping) or not value:
        return [f"{where} must be a dict of language -> {'list of words' if listed else 'text'}"]
    problems = []
    for lang, text in value.items():
        if listed:
            if not isinstance(text, (list, tuple)) or not all(isinstance(t, str) and t for t in text):
                problems.append(f"{where}[{lang!r}] must be a list of words")
        elif not isinstance(text, str) or not text.strip():
            problems.append(f"{where}[{lang!r}] must be a text")
    return problems


def problems(law: Any) -> list[str]:
    """Every mistake in the LAW setting, each naming where it is (empty: none)."""
    if not isinstance(law, Mapping):
        return ["LAW must be a dict (see docs/adopting.md, 'The law')"]
    found = []
    if isinstance(law.get("citation"), Mapping):
        found += _per_language(law["citation"], "LAW['citation']")
    elif not isinstance(law.get("citation"), str) or not law["citation"].strip():
        found.append("LAW['citation'] must be a text (or language -> text): the law as it is cited")
    urls = law.get("url")
    if isinstance(urls, str):
        urls = {"": urls}
    if not isinstance(urls, Mapping) or not urls:
        urls = {"": None}
    for lang, url in urls.items():
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            where = f"LAW['url'][{lang!r}]" if lang else "LAW['url']"
            found.append(f"{where} must be the official text's web address (https://...)")
    for key in _WORDS:
        if key in law or key in ("publisher", "intro"):
            found += _per_language(law.get(key), f"LAW[{key!r}]", listed=key == "motives")
    unknown = sorted(set(law) - {"citation", "url", "lang", "groups", *_WORDS})
    found += [f"LAW has no setting {key!r}" for key in unknown]
    groups = law.get("groups")
    if not isinstance(groups, (list, tuple)) or not groups:
        return found + ["LAW['groups'] must be a list of groups, each a dict with its sections"]
    for g, group in enumerate(groups):
        where = f"LAW['groups'][{g}]"
        if not isinstance(group, Mapping):
            found.append(f"{where} must be a dict with 'sections' (and 'heading')")
            continue
        if "heading" in group:
            found += _per_language(group["heading"], f"{where}['heading']")
        found += [f"{where} has no setting {key!r}" for key in sorted(set(group) - {"heading", "sections"})]
        sections = group.get("sections")
        if not isinstance(sections, (list, tuple)) or not sections:
            found.append(f"{where}['sections'] must be a list of sections")
            continue
        for s, section in enumerate(sections):
            found += _section_problems(section, f"{where}['sections'][{s}]")
    return found


def _section_problems(section: Any, where: str) -> list[str]:
    if not isinstance(section, Mapping):
        return [f"{where} must be a dict with number, legal and plain"]
    found = []
    if not isinstance(section.get("number"), str) or not section["number"].strip():
        found.append(f"{where}['number'] must be the section's number, as a text")
    legal = section.get("legal")
    if isinstance(legal, Mapping):
        found += _per_language(legal, f"{where}['legal']")
    elif not isinstance(legal, str) or not legal.strip():
        found.append(f"{where}['legal'] must be the offense's legal name (a text, or language -> text)")
    found += _per_language(section.get("plain"), f"{where}['plain']")
    if "name" in section:
        found += _per_language(section["name"], f"{where}['name']")
    found += [
        f"{where} has no setting {key!r}"
        for key in sorted(set(section) - {"number", "legal", "name", "plain"})
    ]
    return found


def check(law: Any) -> None:
    """Raise :class:`LawError` naming every mistake in the LAW setting."""
    found = problems(law)
    if found:
        raise LawError("the LAW setting: " + "; ".join(found))


def _pick(value: Mapping[str, Any] | None, lang: str, fallback: str) -> tuple[Any, str] | None:
    """``value`` in ``lang``, or else in ``fallback``, or else its first language; with the
    language it is in (None when there is no value)."""
    if not value:
        return None
    for choice in (lang, fallback):
        if choice in value:
            return value[choice], choice
    first = next(iter(value))
    return value[first], first


def in_language(law: Mapping[str, Any], lang: str, default_lang: str) -> dict[str, Any]:
    """The law in ``lang``'s words, for the template: texts are ``{"text", "lang"}`` (the
    language they are in); sections carry ``number``, ``legal`` and ``name`` (``name`` only
    when it differs from the legal term)."""
    law_lang = str(law.get("lang") or default_lang)

    def words(value):
        picked = _pick(value, lang, law_lang)
        return None if picked is None else {"text": picked[0], "lang": picked[1]}

    def exact(value):  # a number or a legal term: as the law writes it, in its language(s)
        return words({law_lang: value} if isinstance(value, str) else value)

    citation = exact(law["citation"])
    motives = words(law.get("motives"))
    result: dict[str, Any] = {
        "citation": citation,
        "url": exact(law["url"]),
        "lang": law_lang,
        "publisher": words(law.get("publisher")),
        "motives": None if motives is None else {**motives, "text": ", ".join(motives["text"])},
        "note": words(law.get("note")),
        "groups": [],
    }
    intro = words(law.get("intro"))
    if intro is not None:
        text = intro["text"].replace("{citation}", citation["text"])
        text = text.replace("{motives}", result["motives"]["text"] if motives else "")
        intro = {**intro, "text": text}
    result["intro"] = intro
    for group in law["groups"]:
        sections = []
        for section in group["sections"]:
            legal_words = exact(section["legal"])
            # A name in plain words is the page's language's own, or none: the legal term then
            # stands alone (never a name in a third language beside it).
            names = section.get("name") or {}
            name = {"text": names[lang], "lang": lang} if lang in names else None
            if name is not None and name["text"].casefold() == legal_words["text"].casefold():
                name = None
            sections.append(
                {
                    "number": section["number"],
                    "legal": legal_words,
                    "name": name,
                    "plain": words(section["plain"]),
                }
            )
        result["groups"].append({"heading": words(group.get("heading")), "sections": sections})
    return result


def prepare(pelican) -> None:
    """Check the LAW setting and put it in every language's words (``LAW_PAGES``) for the
    templates; a mistake stops the build before anything is written."""
    from pipeline.settings import setting

    settings = pelican.settings
    law = setting(settings, "LAW")
    check(law)
    default = setting(settings, "DEFAULT_LANG")
    languages = setting(settings, "LANGUAGES") or [default]
    settings["LAW_PAGES"] = {lang: in_language(law, lang, default) for lang in languages}
