"""The find page's ES modules (``theme/static/js/find.js`` and ``find/*.js``, no bundler).

A browser learns a module's imports only once it has it, so a slow phone would pay one round
trip per level of imports. The find page therefore names every module it will run in
``<link rel="modulepreload">`` (fetched at once, with the page); this reads the imports from
the modules themselves, so the list never drifts from the code. Modules loaded with
``import("./x.js")`` are left out unless asked for: the code for a split register is
preloaded only on a split register's page.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

# A statement starts a line, or follows ";" or "}" (the site serves modules minified, one line);
# no "(" before the specifier: ``import("./x.js")`` is a dynamic import, not a static one.
_STATIC = re.compile(r'(?:^|[;}])\s*(?:import|export)\b[^;"(]*?(?:\bfrom\s*)?"(\.{1,2}/[^"]+)"', re.M)
_DYNAMIC = re.compile(r'\bimport\(\s*"(\.{1,2}/[^"]+)"\s*\)')


def imports(source: str) -> tuple[list[str], list[str]]:
    """(static, dynamic) relative specifiers a module's text imports, in order."""
    return _STATIC.findall(source), _DYNAMIC.findall(source)


def _resolve(module: str, specifier: str) -> str:
    parts: list[str] = []
    for part in (PurePosixPath(module).parent / specifier).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def closure(folder: Path, entries: list[str], *, dynamic: bool = False) -> list[str]:
    """Every module ``entries`` (paths relative to ``folder``) import, directly or not, in the
    order first met; with ``dynamic``, also those loaded with ``import()`` and theirs."""
    seen: list[str] = []
    queue = list(entries)
    while queue:
        module = queue.pop(0)
        if module in seen:
            continue
        seen.append(module)
        static, later = imports((folder / module).read_text(encoding="utf-8"))
        queue += [_resolve(module, s) for s in static + (later if dynamic else [])]
    return seen


def find_page_modules(js_folder: Path, split: bool) -> list[str]:
    """The modules the find page preloads besides its two entry scripts (``find.js`` and
    ``find/offline.js``), relative to the theme's ``js`` folder; ``split``: the register is
    split, so the modules for its pieces too."""
    entries = ["find.js", "find/offline.js"]
    return [m for m in closure(js_folder, entries, dynamic=split) if m not in entries]
