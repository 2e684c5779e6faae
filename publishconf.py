"""Settings for the published site (``make publish``): development settings plus the real URL.

URLs stay relative, so the same output works at a domain root or under a path prefix such as a
GitHub Pages project site; SITEURL is used only where a full address is required.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

# No default address: `make publish` refuses to run without one (pipeline/publishing.py), as it
# refuses example.org addresses and SAMPLE_DATA = True unless SAFEPLACE_ALLOW_PLACEHOLDERS=1.
SITEURL = os.environ.get("SAFEPLACE_SITEURL", "").rstrip("/")
SITE_ABSOLUTE_URL = SITEURL  # sitemap.xml, robots.txt, hreflang and Open Graph need full URLs
RELATIVE_URLS = True
SAFEPLACE_PUBLISH = True  # a production build: placeholder settings stop it
