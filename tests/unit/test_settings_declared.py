"""Every setting the code or a template reads is declared once in pipeline/settings.py, and documented.

The code under pipeline/ is read as Python (its syntax tree) and the templates as Jinja, so the
test finds what is really read, not what a comment mentions.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jinja2
import jinja2.meta
import pytest
from pelican.settings import DEFAULT_CONFIG

from pipeline import settings as registry
from pipeline.settings import BUILT, PELICAN, REQUIRED, SETTINGS, MissingSetting, setting

ROOT = Path(__file__).resolve().parents[2]
SETTING_NAME = re.compile(r"[A-Z][A-Z0-9_]+")
MAPPINGS = ("settings", "context")  # what the settings and the templates' context are called


def _mapping_name(node: ast.expr) -> str | None:
    """``settings``, ``self.settings``, ``pelican.settings``... -> their last name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and SETTING_NAME.fullmatch(node.value):
        return node.value
    return None


def reads_in_code(source: str) -> tuple[set[str], set[str], list[str]]:
    """(names read through setting(), names read straight from a settings mapping, reads that
    give their own default) in one module's source."""
    through, direct, own_default = set(), set(), []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == "setting" and len(node.args) == 2 and (name := _name(node.args[1])):
                through.add(name)
            elif (
                called == "get"
                and isinstance(func, ast.Attribute)
                and _mapping_name(func.value) in MAPPINGS
                and node.args
                and (name := _name(node.args[0]))
            ):
                direct.add(name)
                if len(node.args) > 1 or node.keywords:
                    own_default.append(name)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and _mapping_name(node.value) in MAPPINGS
            and (name := _name(node.slice))
        ):
            direct.add(name)
    return through, direct, own_default


def code_reads() -> dict[str, tuple[set[str], set[str], list[str]]]:
    return {
        str(path.relative_to(ROOT)): reads_in_code(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "pipeline").rglob("*.py"))
    }


def template_reads() -> dict[str, set[str]]:
    """The upper-case names each template takes from its context (settings and build values),
    less those a template sets itself (``{% set LANG = ... %}`` in base.html, which the pages
    that extend it use too)."""
    env = jinja2.Environment()
    trees = {
        path.name: env.parse(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "theme" / "templates").glob("*.html"))
    }
    own = {
        assign.target.name
        for tree in trees.values()
        for assign in tree.find_all(jinja2.nodes.Assign)
        if isinstance(assign.target, jinja2.nodes.Name)
    }
    return {
        name: {
            n
            for n in jinja2.meta.find_undeclared_variables(tree)
            if SETTING_NAME.fullmatch(n) and n not in own
        }
        for name, tree in trees.items()
    }


# --- what the scan finds (so a scan that finds nothing cannot pass the tests below) -------------


def test_the_scan_finds_reads_of_every_kind():
    through, direct, own = reads_in_code(
        'setting(settings, "MAP_ZOOM")\nself.settings["STRINGS"]\nsettings.get("FIND_WINDOW", 5)\n'
        'other["NOT_SETTINGS"]\nsettings["LANGUAGES"] = []\n'
    )
    assert through == {"MAP_ZOOM"}
    assert direct == {"STRINGS", "FIND_WINDOW"}
    assert own == ["FIND_WINDOW"]
    assert any(reads[0] for reads in code_reads().values())
    assert any(template_reads().values())


# --- every read is declared ---------------------------------------------------------------------


def test_every_setting_the_code_reads_is_declared():
    undeclared = {
        f"{module}: {name}"
        for module, (through, _, _) in code_reads().items()
        for name in through - SETTINGS.keys()
    }
    assert not undeclared, "declare these in pipeline/settings.py: " + ", ".join(sorted(undeclared))


def test_the_code_reads_settings_only_through_the_registry():
    """A setting read straight from the settings dict would carry its own default (or none);
    only the values the build puts there itself are read so."""
    straight = {
        f"{module}: {name}"
        for module, (_, direct, _) in code_reads().items()
        for name in direct - BUILT.keys()
    }
    assert not straight, "read these with pipeline.settings.setting(): " + ", ".join(sorted(straight))
    second_defaults = [
        f"{module}: {name}"
        for module, (_, _, own) in code_reads().items()
        for name in own
        if name in SETTINGS
    ]
    assert not second_defaults, "a second default: " + ", ".join(second_defaults)


def test_every_setting_a_template_reads_is_declared():
    undeclared = {
        f"{template}: {name}"
        for template, names in template_reads().items()
        for name in names - SETTINGS.keys() - BUILT.keys()
    }
    assert not undeclared, "declare these in pipeline/settings.py: " + ", ".join(sorted(undeclared))


def test_every_declared_setting_is_read_somewhere():
    read = set().union(*(r[0] | r[1] for r in code_reads().values()), *template_reads().values())
    assert not (SETTINGS.keys() | BUILT.keys()) - read


def test_no_setting_is_both_declared_and_built():
    assert not SETTINGS.keys() & BUILT.keys()


# --- declarations -------------------------------------------------------------------------------


def test_every_setting_has_a_line_of_help():
    for declared in SETTINGS.values():
        assert declared.help.strip() and "\n" not in declared.help, declared.name
    assert all(text.strip() for text in BUILT.values())


def test_pelican_settings_are_pelicans_own():
    """A setting marked as Pelican's is one Pelican knows (its default applies)."""
    for declared in SETTINGS.values():
        if declared.default is PELICAN:
            assert declared.name in DEFAULT_CONFIG, declared.name


# --- reading one --------------------------------------------------------------------------------


def test_a_setting_given_is_its_value_and_one_not_given_is_its_default():
    assert setting({"FIND_WINDOW": 7}, "FIND_WINDOW") == 7
    assert setting({}, "FIND_WINDOW") == SETTINGS["FIND_WINDOW"].default
    assert setting({"FIND_WINDOW": None}, "FIND_WINDOW") == SETTINGS["FIND_WINDOW"].default


def test_a_required_setting_not_given_names_itself():
    required = next(s.name for s in SETTINGS.values() if s.default is REQUIRED)
    with pytest.raises(MissingSetting) as caught:
        setting({}, required)
    assert caught.value.args[0] == required
    assert str(caught.value) == f"the settings have no {required} (see docs/settings.md)"


def test_an_undeclared_name_is_a_mistake_in_the_code():
    with pytest.raises(KeyError):
        setting({"NOT_A_SETTING": 1}, "NOT_A_SETTING")


def test_a_pelican_setting_falls_back_to_pelicans_default():
    assert setting({}, "OUTPUT_PATH") == DEFAULT_CONFIG["OUTPUT_PATH"]
    assert setting({"OUTPUT_PATH": "elsewhere"}, "OUTPUT_PATH") == "elsewhere"


def test_a_dict_setting_keeps_the_default_keys_it_does_not_give():
    merged = setting({"GEOCODER": {"user_agent": "agency-geocoder"}}, "GEOCODER")
    assert merged["user_agent"] == "agency-geocoder"
    assert merged["endpoint"] == SETTINGS["GEOCODER"].default["endpoint"]


def test_a_default_handed_out_cannot_change_the_declaration():
    setting({}, "GEOCODER")["endpoint"] = "changed"
    filled: dict = {}
    registry.fill_defaults(filled)
    filled["PUBLIC_HOLIDAYS"]["extra"]["01-02"] = "changed"
    assert SETTINGS["GEOCODER"].default["endpoint"] != "changed"
    assert SETTINGS["PUBLIC_HOLIDAYS"].default["extra"] == {}


def test_fill_defaults_gives_templates_the_declared_defaults_and_keeps_what_is_set():
    values = {"FIND_WINDOW": 7}
    registry.fill_defaults(values)
    assert values["FIND_WINDOW"] == 7
    assert values["SITE_SHORT_NAME"] == SETTINGS["SITE_SHORT_NAME"].default
    assert not any(s.name in values for s in SETTINGS.values() if s.default in (REQUIRED, PELICAN))


# --- the document -------------------------------------------------------------------------------


def test_docs_settings_md_is_generated_from_the_registry():
    doc = ROOT / "docs" / "settings.md"
    assert doc.read_text(encoding="utf-8") == registry.markdown(), (
        "docs/settings.md is out of date: run `safeplace settings --markdown > docs/settings.md`"
    )


def test_the_document_names_every_setting_once():
    doc = registry.markdown()
    for name in [*SETTINGS, *BUILT]:
        assert doc.count(f"| `{name}` |") == 1, name


def test_safeplace_settings_prints_the_document(capsys):
    from pipeline.cli.commands import main

    assert main(["settings", "--markdown"]) == 0
    assert capsys.readouterr().out == registry.markdown()
    assert main(["settings"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in SETTINGS)
