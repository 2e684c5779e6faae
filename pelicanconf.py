"""Site settings for development builds (``make html``). ``publishconf.py`` builds on these.

Everything an adopting agency changes lives here: its name, jurisdiction, time zone, phone
numbers, tile server, application contact and the law it cites. What each setting means, and
its default when it is left out, is in docs/settings.md (from pipeline/settings.py).
"""

# --- The agency and its program -----------------------------------------------------------
SITENAME = "Safe Place Kansas City"
AGENCY_NAME = "Kansas City, Missouri Police Department"
AGENCY_SHORT = "KCPD"
AGENCY_NAME_BY_LANG = {"es": "Departamento de Policía de Kansas City, Misuri"}
AUTHOR = AGENCY_NAME
JURISDICTION = "Kansas City, Missouri"
REGION = "MO"  # the state every published place is in (was JURISDICTION_STATE)
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
# The site's languages (each has theme/strings/<lang>.json and content/pages/*.<lang>.md).
LANGUAGES = ("en", "es")
SITE_DESCRIPTION = (
    "Safe Place shows victims of hate and bias crimes in Kansas City, Missouri "
    "where staff will call 911 and let them stay until police arrive."
)
EMERGENCY_NUMBER = "911"
NON_EMERGENCY_PHONE = "(816) 234-5111"  # KCPD non-emergency line
NON_EMERGENCY_E164 = "+18162345111"  # optional: derived from NON_EMERGENCY_PHONE when left out

# --- The jurisdiction profile: country, phones, postal codes, units, dates --------------------
# (docs/adopting.md; e.g. Canada: COUNTRY = "CA", POSTCODE_PATTERN = r"[A-Z]\d[A-Z] \d[A-Z]\d",
# POSTCODE_SPACE_AFTER = 3, POSTCODE_CENTRES = "data/postcodes.csv", DISTANCE_UNIT = "km").
COUNTRY = "US"
PHONE_REGION = "US"  # phones without +country code are read as this country's
PHONE_EXAMPLE = "(816) 555-0100"  # the application form's example number
EMERGENCY_OTHER_NUMBERS = ()  # other emergency numbers, named in words (("999",) in Ireland)
POSTCODE_NAME = {"en": "ZIP code", "es": "código postal"}
POSTCODE_PATTERN = r"\d{5}"
POSTCODE_EXAMPLE = "64111"
POSTCODE_SPACE_AFTER = None
POSTCODE_CENTRES = "zipcodes"  # the US package; elsewhere a CSV postcode,lat,lon
POSTCODE_CENTRE_PREFIX = 0
ADDRESS_HAS_REGION = True
ADDRESS_FORMAT = "{address}, {city}, {region} {postcode}"
DISTANCE_UNIT = "mi"
DATE_ORDER = "month-first"  # how 2/4/2026 is read; "day-first", or "iso" to refuse such dates
# The agency's own words for any interface string ({"en": {"key": "text"}}), and strings files
# of its own (strings/<lang>.json), over the theme's theme/strings/.
SAFEPLACE_STRINGS: dict[str, dict[str, str]] = {}
STRINGS_FILES: tuple[str, ...] = ()

# Becoming a Safe Place: the application form on /participate/ posts to SIGNUP_FORM_ACTION, the
# agency's form service (its CSV export is what `safeplace intake` reads: field names in
# pipeline/intake.py). With none set, the form opens an e-mail to APPLY_EMAIL with the answers.
SIGNUP_FORM_ACTION = ""
APPLY_EMAIL = "safeplace@example.org"  # replace with the program coordinator's address

# "Exit this page": a neutral site that replaces this one at once (button, or Shift 3 times).
QUICK_EXIT_URL = "https://www.weather.gov/"
# Full address of the published site, for the sitemap, robots.txt, hreflang and Open Graph
# (publishconf.py reads it from SAFEPLACE_SITEURL). Empty: links stay relative.
SITE_ABSOLUTE_URL = ""

# Missouri's hate-offense law, as KCPD publishes it: one place, so a coordinator can correct it.
# Numbers and legal terms exact; the plain words are ours. The official text governs.
# The shape (docs/adopting.md, "The law"): groups, each with a heading and its sections.
LAW = {
    "citation": "RSMo 557.035",
    "url": "https://revisor.mo.gov/main/OneSection.aspx?section=557.035",
    "publisher": {"en": "the Missouri Revisor of Statutes", "es": "el Missouri Revisor of Statutes"},
    "lang": "en",
    "motives": {
        "en": ["race", "color", "religion", "national origin", "sex", "sexual orientation", "disability"],
        "es": ["raza", "color", "religión", "origen nacional", "sexo", "orientación sexual", "discapacidad"],
    },
    "intro": {
        "en": "Under {citation}, these offenses are a hate offense when the offender knowingly acted "
        "because of the {motives} of the victim or victims:",
        "es": "Según {citation}, estos delitos son un delito de odio (hate offense) cuando el autor "
        "actuó a sabiendas por motivo de {motives} de la víctima o las víctimas:",
    },
    "note": {
        "en": "The court assesses the punishment when the state pleads and proves that motive.",
        "es": "El tribunal fija la pena cuando la fiscalía alega y prueba ese motivo.",
    },
    "groups": [
        {
            "heading": {
                "en": "These become a class D felony:",
                "es": "Estos pasan a ser delito grave de clase D (class D felony):",
            },
            "sections": [
                {
                    "number": "565.054",
                    "legal": "Assault in the third degree",
                    "name": {"es": "Agresión en tercer grado"},
                    "plain": {
                        "en": "for example, knowingly hurting someone.",
                        "es": "por ejemplo, lastimar a alguien a sabiendas.",
                    },
                },
                {
                    "number": "565.090",
                    "legal": "Harassment in the first degree",
                    "name": {"es": "Acoso en primer grado"},
                    "plain": {
                        "en": "acting to cause someone emotional distress so serious that they fear for "
                        "their own safety or the safety of someone close to them.",
                        "es": "actuar para causarle a alguien una angustia tan grave que teme por su "
                        "seguridad o la de una persona cercana.",
                    },
                },
                {
                    "number": "569.100.1(1)",
                    "legal": "Property damage in the first degree",
                    "name": {"es": "Daños a la propiedad en primer grado"},
                    "plain": {
                        "en": "knowingly damaging someone else's property when the damage is costly.",
                        "es": "dañar a sabiendas la propiedad de otra persona cuando el daño es costoso.",
                    },
                },
                {
                    "number": "571.030.1(1), (2), (3), (4), (6), (7), (8)",
                    "legal": "Unlawful use of weapons",
                    "name": {"es": "Uso ilegal de armas"},
                    "plain": {
                        "en": "for example, showing a weapon in an angry or threatening way, or shooting "
                        "into a home or a car.",
                        "es": "por ejemplo, mostrar un arma de forma enojada o amenazante, o disparar "
                        "contra una casa o un auto.",
                    },
                },
            ],
        },
        {
            "heading": {
                "en": "These become a class E felony:",
                "es": "Estos pasan a ser delito grave de clase E (class E felony):",
            },
            "sections": [
                {
                    "number": "565.056",
                    "legal": "Assault in the fourth degree",
                    "name": {"es": "Agresión en cuarto grado"},
                    "plain": {
                        "en": "for example, trying to hurt someone, making them fear they are about to "
                        "be hurt, or touching them in a way meant to offend.",
                        "es": "por ejemplo, intentar lastimar a alguien, hacerle temer que lo van a "
                        "lastimar, o tocarlo de una manera que busca ofender.",
                    },
                },
                {
                    "number": "569.090.1(1)",
                    "legal": "Tampering in the second degree",
                    "name": {"es": "Alteración indebida de la propiedad en segundo grado"},
                    "plain": {
                        "en": "interfering with someone else's property to cause them serious trouble.",
                        "es": "meterse con la propiedad de otra persona para causarle problemas serios.",
                    },
                },
                {
                    "number": "569.120.1(1)",
                    "legal": "Property damage in the second degree",
                    "name": {"es": "Daños a la propiedad en segundo grado"},
                    "plain": {
                        "en": "knowingly damaging someone else's property, such as graffiti on a wall "
                        "or a broken window.",
                        "es": "dañar a sabiendas la propiedad de otra persona, por ejemplo con grafitis "
                        "en una pared o rompiendo una ventana.",
                    },
                },
                {
                    "number": "569.140",
                    "legal": "Trespass in the first degree",
                    "name": {"es": "Allanamiento en primer grado"},
                    "plain": {
                        "en": "knowingly going into, or staying in, a building or on land where you "
                        "have no right to be.",
                        "es": "entrar o quedarse a sabiendas en un edificio o un terreno donde uno no "
                        "tiene derecho a estar.",
                    },
                },
                {
                    "number": "574.050",
                    "legal": "Rioting",
                    "name": {"es": "Disturbios"},
                    "plain": {
                        "en": "joining a group of seven or more people who agree to break the law with "
                        "force or violence, and then do.",
                        "es": "unirse a un grupo de siete o más personas que acuerdan violar la ley con "
                        "fuerza o violencia, y luego lo hacen.",
                    },
                },
            ],
        },
    ],
}

# --- The register and the map ---------------------------------------------------------------
_HERE = __import__("pathlib").Path(__file__).resolve().parent
SAFEPLACE_DATA = str(_HERE / "data" / "participants.csv")
# The jurisdiction's limits: every published place must be inside. Replace with the official file.
SAFEPLACE_BOUNDARY = str(_HERE / "data" / "boundary.geojson")
# A visible notice that the register is fictional sample data. Set False for the real register.
SAMPLE_DATA = True
SAFEPLACE_CATEGORIES = (
    "Restaurant or café",
    "Shop",
    "Grocery or pharmacy",
    "Hotel",
    "Library",
    "Community center",
    "Social service organization",
    "Government office",
    "Health clinic",
    "Fuel station or convenience store",
)
# Intake (`safeplace intake`): other names the jurisdiction's city goes by (an applicant whose
# city is none of these, nor JURISDICTION's, is outside the jurisdiction), and, for a form service
# whose export uses the questions as headers, question text -> form field (docs/coordinators.md).
SAFEPLACE_CITY_NAMES: tuple[str, ...] = ("KCMO",)
SAFEPLACE_INTAKE_COLUMNS: dict[str, str] = {}
# Opening hours: every rule is evaluated for each day from the build date (in TIMEZONE) to
# HOURS_WINDOW_DAYS later; the site publishes the regular week plus the days that differ
# (holidays, "Mo[1]" weeks, months). The publish workflow rebuilds every week. HOURS_AS_OF fixes
# the first day (YYYY-MM-DD) instead of the build date, e.g. to preview a holiday.
HOURS_WINDOW_DAYS = 400
HOURS_AS_OF = None
# Public holidays, for "PH" in the hours column (`Mo-Fr 09:00-17:00; PH off`): the `holidays`
# package's calendar for a country (ISO code) and optionally a state or province ("subdiv", e.g.
# "MO" adds Truman Day), plus dates the agency adds ("YYYY-MM-DD" once, or "MM-DD" every year).
# "observed": a holiday on a weekend is also kept on the weekday offices close (Friday 3 July).
PUBLIC_HOLIDAYS = {"country": "US", "subdiv": None, "observed": True, "extra": {}}
# The find page: places per list page without JavaScript, and per window with it.
FIND_PAGE_SIZE = 100
FIND_WINDOW = 50
# Above FIND_SPLIT_ABOVE places the find page's data comes in pieces: a small index, then the
# cells near the visitor (at most FIND_CELL_SIZE places each), so a phone fetches about the same
# few dozen kilobytes at any size. The whole list loads only for a search, the map, or "more".
FIND_SPLIT_ABOVE = 1000
FIND_CELL_SIZE = 200
# The saved copy for use without signal holds every place up to OFFLINE_ALL_UP_TO places;
# beyond that, the index and the cells nearest the visitor holding about that many places.
OFFLINE_ALL_UP_TO = 5000
MAP_CENTER = (39.13, -94.58)  # the map's first view: the whole city on a phone
MAP_ZOOM = 10
# The only third-party host a visitor's browser contacts. Respect the tile server's usage policy.
MAP_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    "max_zoom": 19,
    "min_zoom": 9,
    # The OSM tile servers refuse requests without a Referer. Pages send none, tiles send the
    # site's origin only (no path): https://example.org/, never which page was open.
    "referrer_policy": "strict-origin-when-cross-origin",
}
# Websites whose host has letters outside A-Z (e.g. "https://café-example.org/") are refused,
# since such a host can imitate another site's address. After checking one with the
# participant, list its host here; the site then shows it in punycode (xn--...), as browsers do.
SAFEPLACE_CONFIRMED_HOSTS = ()
# Directions open in the visitor's maps app or site (a plain link: nothing loads until clicked).
# `safeplace geocode`: a Nominatim-compatible service. Follow its usage policy (max 1 request/s,
# an identifying user agent); answers are cached in data/geocode-cache.csv.
GEOCODER = {
    "endpoint": "https://nominatim.openstreetmap.org",
    "user_agent": "safeplace-register-geocoder (Kansas City, Missouri Police Department)",
    "min_delay_seconds": 1.0,
}
# {address} is the full street address, URL-encoded ({lat} and {lon} are there too).
DIRECTIONS_URL = "https://www.google.com/maps/dir/?api=1&destination={address}"

# --- Pelican ----------------------------------------------------------------------------------
# How Pelican makes the site (pages only, autoescape on, no feeds), the same for every agency.
from pipeline.site.pelican_machinery import *  # noqa: E402, F403

PATH = "content"
THEME = "theme"

# --- Safety of the build (pipeline/build.py) -------------------------------------------------
# A build that would list fewer than this share of the places the current site lists (or none
# at all) stops, unless `safeplace build --allow-shrink`: a register saved with every status
# blank, or cut short, must not empty the live site.
SAFEPLACE_MIN_SHARE = 0.5
# How long a build waits for another build of the same output to finish (seconds).
SAFEPLACE_LOCK_WAIT = 600
