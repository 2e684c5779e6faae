"""Settings for the published site (``make publish``): development settings plus the real URL.

URLs stay relative, so the same output works at a domain root or under a path prefix such as a
GitHub Pages project site; SITEURL is used only where a full address is required.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SAFEPLACE_SITEURL", "https://safeplace.example.org").rstrip("/")
SITE_ABSOLUTE_URL = SITEURL  # sitemap.xml, robots.txt, hreflang and Open Graph need full URLs
RELATIVE_URLS = True
