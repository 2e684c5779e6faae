"""Example agency: a fictional Irish city's police, in English. Settings only: build it with

    safeplace build --settings examples/ireland/pelicanconf.py --output output-ireland

(or `make example NAME=ireland`). 112 and 999 both reach the emergency services; Eircodes;
+353 phone numbers; kilometres; dates written day-first; addresses without a county line. The
register beside this file is fictional, the boundary approximate; docs/adopting.md says what an
agency replaces. What each setting means is in docs/settings.md.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_REPOSITORY = _HERE.parent.parent

# --- The agency and its program -----------------------------------------------------------
SITENAME = "Safe Place Liffeyside"
AGENCY_NAME = "Liffeyside Community Police"
AGENCY_SHORT = "LCP"
AUTHOR = AGENCY_NAME
JURISDICTION = "Liffeyside"
TIMEZONE = "Europe/Dublin"
DEFAULT_LANG = "en"
LANGUAGES = ("en",)
SITE_DESCRIPTION = (
    "Safe Place shows victims of hate crime in Liffeyside where staff will call 112 and let "
    "them stay until the Gardaí arrive."
)
APPLY_EMAIL = "safeplace@example.org"  # replace with the program coordinator's address
SIGNUP_FORM_ACTION = ""
QUICK_EXIT_URL = "https://www.met.ie/"
SITE_ABSOLUTE_URL = ""
SAMPLE_DATA = True  # the register is fictional

# --- The jurisdiction profile ---------------------------------------------------------------
COUNTRY = "IE"
PHONE_REGION = "IE"
PHONE_EXAMPLE = "01 555 0100"
EMERGENCY_NUMBER = "112"
EMERGENCY_OTHER_NUMBERS = ("999",)
NON_EMERGENCY_PHONE = "+353 1 555 0100"  # fictional
ADDRESS_HAS_REGION = False  # an Irish address needs no county when it has an Eircode
REGION = ""
ADDRESS_FORMAT = "{address}, {city}, {postcode}"
POSTCODE_NAME = {"en": "Eircode"}
POSTCODE_PATTERN = r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) [0-9AC-FHKNPRTV-Y]{4}"
POSTCODE_EXAMPLE = "D02 X285"
POSTCODE_SPACE_AFTER = 3  # "d02x285" is written "D02 X285"
# Eircode centres: the service gives the centre of each routing key (the first three characters)
# of its city.
POSTCODE_CENTRES = str(_HERE / "eircode-centres.csv")
POSTCODE_CENTRE_PREFIX = 3
DISTANCE_UNIT = "km"
DATE_ORDER = "day-first"  # Irish spreadsheets write 10/03/2026 for 10 March
PUBLIC_HOLIDAYS = {"country": "IE", "subdiv": None, "observed": True, "extra": {}}

# The law the site cites. Section numbers and the Act's headings exact; the plain words are
# ours. The official text on the Irish Statute Book governs.
LAW = {
    "citation": "Criminal Justice (Hate Offences) Act 2024",
    "url": "https://www.irishstatutebook.ie/eli/2024/act/41/enacted/en/html",
    "publisher": {"en": "the Irish Statute Book"},
    "lang": "en",
    "motives": {
        "en": [
            "race",
            "colour",
            "nationality",
            "religion",
            "national or ethnic origin",
            "descent",
            "gender",
            "sex characteristics",
            "sexual orientation",
            "disability",
        ]
    },
    "intro": {
        "en": "Under the {citation}, a crime is a hate crime when it was motivated by hatred, or "
        "showed hatred, against a person because of their {motives}. The Act calls these protected "
        "characteristics."
    },
    "note": {"en": "If hatred is not proven, the person can still be charged with the ordinary offence."},
    "groups": [
        {
            "heading": {"en": "Offences aggravated by hatred, with heavier penalties:"},
            "sections": [
                {
                    "number": "5",
                    "legal": "Amendment of Criminal Damage Act 1991",
                    "name": {"en": "Criminal damage aggravated by hatred"},
                    "plain": {"en": "damaging someone's property, or threatening to, out of hatred."},
                },
                {
                    "number": "6",
                    "legal": "Amendment of Criminal Justice (Public Order) Act 1994",
                    "name": {"en": "Public order offences aggravated by hatred"},
                    "plain": {
                        "en": "some public order offences, such as threatening or abusive behaviour "
                        "in a public place, when driven by hatred."
                    },
                },
                {
                    "number": "7",
                    "legal": "Amendment of Non-Fatal Offences against the Person Act 1997",
                    "name": {"en": "Assault, threats and harassment aggravated by hatred"},
                    "plain": {"en": "assaults, threats and harassment, when driven by hatred."},
                },
            ],
        },
        {
            "heading": {"en": "For other crimes:"},
            "sections": [
                {
                    "number": "8",
                    "legal": "Hatred against persons on account of their protected characteristics "
                    "as aggravating factor in sentencing for certain offences",
                    "name": {"en": "Hatred as a reason for a heavier sentence"},
                    "plain": {
                        "en": "when hatred played a part in another crime, the judge must treat it "
                        "as a reason for a heavier sentence."
                    },
                },
            ],
        },
    ],
}

# --- The register and the map ---------------------------------------------------------------
SAFEPLACE_DATA = str(_HERE / "register.csv")
SAFEPLACE_BOUNDARY = str(_HERE / "boundary.geojson")  # approximate: replace with the official one
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
SAFEPLACE_CITY_NAMES: tuple[str, ...] = ()
MAP_CENTER = (53.345, -6.265)
MAP_ZOOM = 14
MAP_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    "max_zoom": 19,
    "min_zoom": 9,
    "referrer_policy": "strict-origin-when-cross-origin",
}
GEOCODER = {
    "endpoint": "https://nominatim.openstreetmap.org",
    "user_agent": "safeplace-register-geocoder (Liffeyside Community Police)",
    "min_delay_seconds": 1.0,
}
DIRECTIONS_URL = "https://www.openstreetmap.org/directions?to={lat}%2C{lon}"

# --- Pelican ----------------------------------------------------------------------------------
# How Pelican makes the site (pages only, autoescape on, no feeds), the same for every agency.
from pipeline.site.pelican_machinery import *  # noqa: E402, F403

PATH = str(_HERE / "content")
THEME = str(_REPOSITORY / "theme")

# --- Safety of the build (pipeline/build.py) -------------------------------------------------
# A build that would list fewer than this share of the places the current site lists (or none
# at all) stops, unless `safeplace build --allow-shrink`: a register saved with every status
# blank, or cut short, must not empty the live site.
SAFEPLACE_MIN_SHARE = 0.5
# How long a build waits for another build of the same output to finish (seconds).
SAFEPLACE_LOCK_WAIT = 600
