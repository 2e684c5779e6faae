"""``once()`` in the templates (pipeline/site/partials.py): a partial rendered once for each set
of values, from the site's context and those values only, never a page's own variables."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2

from pipeline.site import partials


def _site(templates: dict[str, str], context: dict):
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)
    generator = SimpleNamespace(env=env, context=context)
    partials.install(generator)
    return env


def test_a_partial_is_rendered_once_for_each_set_of_values():
    renders = []
    context = {"NAV": ["Home", "Find <a> place"], "count": lambda: renders.append(1) or len(renders)}
    env = _site(
        {
            "menu.html": "{{ count() }}:{% for item in NAV %}<li>{{ SITEURL }}/{{ item }}</li>{% endfor %}",
            "page.html": '{{ once("menu.html", SITEURL=SITEURL) }}|{{ once("menu.html", SITEURL=SITEURL) }}',
        },
        context,
    )
    page = env.get_template("page.html")
    first = page.render(SITEURL="..")
    assert first == "1:<li>../Home</li><li>../Find &lt;a&gt; place</li>|" + first.split("|")[0]
    assert page.render(SITEURL="..") == first  # the same values: not rendered again
    deeper = page.render(SITEURL="../..")
    assert deeper.startswith("2:<li>../../Home</li>")  # other values: rendered for them
    assert len(renders) == 2


def test_a_partial_never_sees_the_page_it_is_in():
    """What only one page has cannot be cached for the next: a partial sees the site's
    context and the values it is given, not the page's own variables."""
    env = _site(
        {"part.html": "[{{ title }}|{{ SITENAME }}]", "page.html": '{{ once("part.html", lang="en") }}'},
        {"SITENAME": "Safe <Place>"},
    )
    page = env.get_template("page.html")
    assert page.render(title="Page one") == "[|Safe &lt;Place&gt;]"
    assert page.render(title="Page two") == "[|Safe &lt;Place&gt;]"
