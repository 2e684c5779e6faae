"""How Pelican makes a Safe Place site: the same for every agency, so it lives here once and
each settings file imports it (``from pipeline.site.pelican_machinery import *``) instead of
carrying a copy that could drift; above all Jinja's autoescape, which Pelican leaves off.

Pages only (no articles, archives, tags or feeds); a translation (``Lang: es``, same ``Slug``)
under ``/<lang>/``. An agency's own settings (``PATH``, ``THEME``, its name...) follow the import.
"""

PAGE_PATHS = ["pages"]
ARTICLE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
THEME_STATIC_DIR = "theme"
PLUGINS = ["pipeline.site.plugin"]
SITEURL = ""
RELATIVE_URLS = True
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DIRECT_TEMPLATES: list[str] = []
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Pelican leaves Jinja autoescape off; every value from data must be escaped, so turn it on and
# mark only trusted HTML (our rendered Markdown) as safe in the templates.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
SLUGIFY_SOURCE = "basename"
DELETE_OUTPUT_DIRECTORY = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
