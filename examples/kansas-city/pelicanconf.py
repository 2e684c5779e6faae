"""Example agency: the default Kansas City, Missouri site, with a register of its own. Build it
with

    safeplace build --settings examples/kansas-city/pelicanconf.py --output output-kansas-city

(or `make example NAME=kansas-city`). It is the repository's own ``pelicanconf.py`` (read, not
copied, so the two never drift apart) with the register and boundary beside this file; the
pages are the repository's ``content/``.
"""

import runpy
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_REPOSITORY = _HERE.parent.parent

# Every setting of the repository's own site (upper-case names, as Pelican reads them) ...
_OWN = runpy.run_path(str(_REPOSITORY / "pelicanconf.py"))
globals().update({name: value for name, value in _OWN.items() if name.isupper() and name[0] != "_"})

# ... with this example's register and boundary, and the repository's pages and theme.
SAFEPLACE_DATA = str(_HERE / "register.csv")
SAFEPLACE_BOUNDARY = str(_HERE / "boundary.geojson")
PATH = str(_REPOSITORY / "content")
THEME = str(_REPOSITORY / "theme")
