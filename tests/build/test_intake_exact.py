"""Issue 22, point 5: intake is exact.

A register, boundary and settings made here; the form service's export written as the service
writes it; the real `safeplace intake` run.
"""

from __future__ import annotations

from coordinator_project import csv_text, place, project, read_rows

from conftest import application, run_safeplace, settings_file


def export(tmp_path, apps, header=None):
    path = tmp_path / "export.csv"
    path.write_text(csv_text(apps, header or list(application())), encoding="utf-8")
    return path


def test_exit_status_and_last_line_say_what_was_written(tmp_path):
    register, settings = project(tmp_path, [place(1)])
    apps = export(
        tmp_path,
        [
            application(),
            application(organization_name="No Consent Cafe", address="1 Oak St", agree_let_stay="no"),
        ],
    )
    result = run_safeplace("intake", str(apps), "--settings", str(settings))
    assert result.returncode == 1  # one application has problems...
    assert (
        f"{apps}:3: agree_let_stay: must be agreed to (yes) to take part  ['No Consent Cafe']"
        in result.stderr
    )
    assert "added SP-0002 'Gillham Park Bakery' as pending" in result.stdout  # ...the other is written
    assert (
        f"1 added to {register}, 0 already there, 0 outside the jurisdiction, 1 not added for "
        "problems (fix them in the export and run intake again: those added are skipped then)."
    ) in result.stdout
    assert [r["id"] for r in read_rows(register)] == ["SP-0001", "SP-0002"]
    again = run_safeplace("intake", str(apps), "--settings", str(settings))
    assert f"0 added to {register}, 1 already there" in again.stdout


def test_applicants_outside_the_boundary_are_named_by_city_and_never_added(tmp_path):
    register, settings = project(tmp_path, [place(1)])
    apps = export(
        tmp_path,
        [
            application(
                organization_name="Square Deal Hardware",
                address="200 N Main St",
                city="Independence",
                zip="64050",
            ),
            application(
                organization_name="Raytown Diner", address="6000 Raytown Rd", city="Raytown", zip="64133"
            ),
            application(
                organization_name="Summit Books", address="10 SW 3rd St", city="Lee's Summit", zip="64063"
            ),
        ],
    )
    result = run_safeplace("intake", str(apps), "--settings", str(settings))
    assert result.returncode == 0, result.stderr
    for row, city in ((2, "Independence"), (3, "Raytown"), (4, "Lee's Summit")):
        assert f"{apps}:{row}: city: outside the jurisdiction: {city} (" in result.stdout
    assert len(read_rows(register)) == 1
    assert "3 outside the jurisdiction" in result.stdout


def test_private_answers_get_the_hidden_character_rule_and_types_any_case(tmp_path):
    register, settings = project(tmp_path, [place(1)])
    apps = export(
        tmp_path,
        [
            application(
                organization_name="Quiet Tea", address="5 Oak St", applicant_name="Robin \u202eelpmaxE"
            ),  # right-to-left override
            application(
                organization_name="Capital Letters Cafe", address="6 Oak St", organization_type="Business"
            ),
            application(
                organization_name="Help Center", address="7 Oak St", organization_type="Social_Service"
            ),
        ],
    )
    result = run_safeplace("intake", str(apps), "--settings", str(settings))
    assert result.returncode == 1
    assert (
        f"{apps}:2: applicant_name: contains U+202E RIGHT-TO-LEFT OVERRIDE, which shows as "
        "nothing or changes how text reads: not added"
    ) in result.stderr
    rows = {r["name"]: r for r in read_rows(register)}
    assert "Quiet Tea" not in rows
    assert rows["Capital Letters Cafe"]["status"] == "pending"
    assert rows["Help Center"]["category"] == "Social service organization"


def test_a_likely_duplicate_is_flagged_for_the_coordinator(tmp_path):
    register, settings = project(
        tmp_path, [place(1, name="River Market Grocery Co-op", address="400 Grand Blvd")]
    )
    apps = export(
        tmp_path,
        [
            application(organization_name="River Market Grocery Coop", address="400 Grand Boulevard"),
            application(organization_name="river market grocery co-op!", address="999 Other St"),
        ],
    )
    result = run_safeplace("intake", str(apps), "--settings", str(settings))
    assert result.returncode == 0, result.stderr
    assert (
        f"{apps}:2: organization_name: warning: SP-0002 'River Market Grocery Coop' may be "
        "SP-0001 ('River Market Grocery Co-op', same address)"
    ) in result.stdout
    assert f"{apps}:3: organization_name: warning: SP-0003" in result.stdout
    assert "nearly the same name" in result.stdout
    rows = read_rows(register)
    assert "Possible duplicate of SP-0001 'River Market Grocery Co-op' (same address)" in rows[1]["notes"]


QUESTIONS = {
    "organization_name": "What is the name of your business or organization?",
    "organization_type": "What kind of organization is it?",
    "address": "Street address",
    "city": "City",
    "state": "State",
    "zip": "ZIP code",
    "public_space": "Is there a space open to the public?",
    "staff_on_site": "Are staff on site?",
    "hours": "Opening hours",
    "applicant_name": "Your name",
    "applicant_role": "Your role",
    "phone": "Phone",
    "email": "Email address",
    "agree_call_911": "Will staff call 911?",
    "agree_let_stay": "Will you let the person stay?",
    "agree_call_again": "May we call you again?",
    "agree_train_staff": "Will staff be trained?",
}


def test_a_form_export_with_question_headers_is_mapped_by_the_column_map_setting(tmp_path):
    register, settings = project(tmp_path, [place(1)])
    app = application()
    apps = export(tmp_path, [{QUESTIONS[k]: v for k, v in app.items()}], list(QUESTIONS.values()))
    result = run_safeplace("intake", str(apps), "--settings", str(settings))
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith(f"{apps}:1: -: ")]
    assert "the export has no column for organization_name, organization_type, address" in line
    # (headers are matched without regard to case, so the message may show them in lower case)
    assert (
        "SAFEPLACE_INTAKE_COLUMNS = {'what is the name of your business or organization?': "
        "'organization_name', ...}" in line
    )
    assert len(read_rows(register)) == 1
    # the coordinator maps the questions once, in the settings
    mapped = settings_file(
        settings.parent,
        name="mapped.py",
        **{
            "SAFEPLACE_DATA": str(register),
            "SAFEPLACE_BOUNDARY": str(register.with_name("boundary.geojson")),
            "SAFEPLACE_CATEGORIES": ("Shop",),
            "JURISDICTION_STATE": "MO",
            "SAFEPLACE_INTAKE_COLUMNS": {question: field for field, question in QUESTIONS.items()},
        },
    )
    result = run_safeplace("intake", str(apps), "--settings", str(mapped))
    assert result.returncode == 0, result.stderr
    assert "added SP-0002 'Gillham Park Bakery' as pending" in result.stdout
