"""HSDS 3.0's tables as the site publishes them: every column in the specification's order,
with its type, format, required flag, uniqueness and enumeration, and the references between
tables.

Written from the specification's tabular data package (Open Referral, HSDS 3.0.0), so a
directory can check our folder against the specification's own table schemas: the same resource
names, file names, columns, types and keys. The program fills seven tables (organization,
service, location, service_at_location, address, phone, schedule). Two more are published with
their header row only, ``program`` and ``contact``: the specification's foreign keys from
``service`` and ``phone`` point at them, so a package carrying the specification's schemas must
have them. Tables nothing refers to (languages, taxonomies, ...) are left out.
``tests/build/test_open_data.py`` holds this module to the specification's rules.
"""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """One column of an HSDS table (a Table Schema field)."""

    name: str
    type: str = "string"
    fmt: str | None = None
    required: bool = False
    unique: bool = False
    enum: list[str] | None = None


_ID = Column("id", fmt="uuid", required=True, unique=True)

# table name -> (file name, columns), in the specification's order.
TABLES: dict[str, tuple[str, list[Column]]] = {
    "organization": (
        "organizations.csv",
        [
            _ID,
            Column("name", required=True),
            Column("alternate_name"),
            Column("description", required=True),
            Column("email", fmt="email"),
            Column("website", fmt="uri"),
            Column("tax_status"),
            Column("tax_id"),
            Column("year_incorporated", "number"),
            Column("legal_status"),
            Column("logo"),
            Column("uri", fmt="uri"),
            Column("parent_organization_id", fmt="uuid"),
        ],
    ),
    "program": (
        "programs.csv",
        [
            _ID,
            Column("organization_id", fmt="uuid", required=True, unique=True),
            Column("name", required=True),
            Column("alternate_name"),
            Column("description", required=True),
        ],
    ),
    "service": (
        "services.csv",
        [
            _ID,
            Column("organization_id", fmt="uuid", required=True),
            Column("program_id", fmt="uuid"),
            Column("name", required=True),
            Column("alternate_name"),
            Column("description"),
            Column("url", fmt="uri"),
            Column("email", fmt="email"),
            Column("status", required=True, enum=["active", "inactive", "defunct", "temporarily closed"]),
            Column("interpretation_services"),
            Column("application_process"),
            Column("fees_description"),
            Column("wait_time"),
            Column("fees"),
            Column("accreditations"),
            Column("eligibility_description"),
            Column("minimum_age", "number"),
            Column("maximum_age", "number"),
            Column("assured_date", "date"),
            Column("assurer_email", fmt="email"),
            Column("licenses"),
            Column("alert"),
            Column("last_modified", "datetime"),
        ],
    ),
    "service_at_location": (
        "service_at_location.csv",
        [
            _ID,
            Column("service_id", fmt="uuid", required=True),
            Column("location_id", fmt="uuid", required=True),
            Column("description"),
        ],
    ),
    "location": (
        "locations.csv",
        [
            _ID,
            Column("location_type", required=True, enum=["physical", "postal", "virtual"]),
            Column("url", fmt="uri"),
            Column("organization_id", fmt="uuid"),
            Column("name"),
            Column("alternate_name"),
            Column("description"),
            Column("transportation"),
            Column("latitude", "number"),
            Column("longitude", "number"),
            Column("external_identifier"),
            Column("external_identifier_type"),
        ],
    ),
    "phone": (
        "phones.csv",
        [
            _ID,
            Column("location_id", fmt="uuid"),
            Column("service_id", fmt="uuid"),
            Column("organization_id", fmt="uuid"),
            Column("contact_id", fmt="uuid"),
            Column("service_at_location_id", fmt="uuid"),
            Column("number", required=True),
            Column("extension", "number"),
            Column("type"),
            Column("description"),
        ],
    ),
    "contact": (
        "contacts.csv",
        [
            _ID,
            Column("organization_id", fmt="uuid"),
            Column("service_id", fmt="uuid"),
            Column("service_at_location_id", fmt="uuid"),
            Column("location_id", fmt="uuid"),
            Column("name"),
            Column("title"),
            Column("department"),
            Column("email", fmt="email"),
        ],
    ),
    "address": (
        "addresses.csv",
        [
            _ID,
            Column("location_id", fmt="uuid"),
            Column("attention"),
            Column("address_1", required=True),
            Column("address_2"),
            Column("city", required=True),
            Column("region"),
            Column("state_province", required=True),
            Column("postal_code", required=True),
            Column("country", required=True),
            Column("address_type", required=True, enum=["physical", "postal", "virtual"]),
        ],
    ),
    "schedule": (
        "schedules.csv",
        [
            _ID,
            Column("service_id", fmt="uuid"),
            Column("location_id", fmt="uuid"),
            Column("service_at_location_id", fmt="uuid"),
            Column("valid_from", "date"),
            Column("valid_to", "date"),
            Column("dtstart", "date"),
            Column("timezone", "number"),
            Column("until", "date"),
            Column("count", "number"),
            Column("wkst", enum=["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
            Column("freq", enum=["WEEKLY", "MONTHLY"]),
            Column("interval", "number"),
            Column("byday"),
            Column("byweekno"),
            Column("bymonthday"),
            Column("byyearday"),
            Column("description"),
            Column("opens_at", "time"),
            Column("closes_at", "time"),
            Column("schedule_link", fmt="uri"),
            Column("attending_type"),
            Column("notes"),
        ],
    ),
}

# Which column of a table refers to the id of which table (the specification's foreign keys).
REFERENCES: dict[str, dict[str, str]] = {
    "program": {"organization_id": "organization"},
    "service": {"organization_id": "organization", "program_id": "program"},
    "service_at_location": {"service_id": "service", "location_id": "location"},
    "location": {"organization_id": "organization"},
    "phone": {
        "contact_id": "contact",
        "location_id": "location",
        "organization_id": "organization",
        "service_id": "service",
        "service_at_location_id": "service_at_location",
    },
    "contact": {
        "location_id": "location",
        "organization_id": "organization",
        "service_id": "service",
        "service_at_location_id": "service_at_location",
    },
    "address": {"location_id": "location"},
    "schedule": {
        "location_id": "location",
        "service_id": "service",
        "service_at_location_id": "service_at_location",
    },
}
