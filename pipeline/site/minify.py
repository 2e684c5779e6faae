"""The theme's own scripts and style sheets, served without comments and indentation.

A phone on a slow connection pays for every byte of ``/find/`` (issue 27: at most 80 KB gzip
with the map). The theme's files are written to be read, with long comments; the site serves
them through ``rjsmin`` and ``rcssmin`` (well-kept minifiers from PyPI that only drop comments
and whitespace, never rename), about a third less after gzip. Only the theme's own ``.js`` and
``.css`` are minified; the map's vendor files (Leaflet, markercluster) are served as their
packages ship them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.settings import setting

_SUFFIXES = (".js", ".css")


def minified(source: Path) -> bytes | None:
    """``source`` (a theme file) as the site serves it, or None when it is served as it is."""
    if source.suffix not in _SUFFIXES:
        return None
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".js":
        import rjsmin

        small = rjsmin.jsmin(text, keep_bang_comments=True)
    else:
        import rcssmin

        small = rcssmin.cssmin(text, keep_bang_comments=True)
    return (small.strip() + "\n").encode("utf-8")


def theme_files(settings: dict, output: Path) -> list[tuple[Path, Path]]:
    """(source in the theme, copy in ``output``) of every file of the theme's static folders."""
    pairs = []
    theme = Path(setting(settings, "THEME"))
    static = output / setting(settings, "THEME_STATIC_DIR")
    for folder in setting(settings, "THEME_STATIC_PATHS"):
        source = theme / folder
        if source.is_dir():
            pairs += [(f, static / f.relative_to(source)) for f in sorted(source.rglob("*")) if f.is_file()]
        elif source.is_file():
            pairs.append((source, static / source.name))
    return pairs


def minify_theme_files(settings: dict, output: Path) -> None:
    """Replace the copies of the theme's scripts and style sheets in ``output`` by their
    minified text (once Pelican has copied them, before the saved copy's files are hashed)."""
    for source, copy in theme_files(settings, output):
        small = minified(source)
        if small is not None and copy.is_file():
            copy.write_bytes(small)
