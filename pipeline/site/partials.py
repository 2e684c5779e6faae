"""``once(name, **values)`` in the templates: a partial template rendered once for each set of
values, for the parts that are the same on hundreds of pages (the menus, on every list page and
postal code page of a big register).

A partial sees the site's context (the menus, the strings: the same for every page of a build)
and the ``values`` it is given, never a page's own variables, so what it renders once is right
for every page that gives the same values.
"""

from __future__ import annotations

from markupsafe import Markup


def install(generator) -> None:
    """``generator_init``: ``once`` among the globals of ``generator``'s templates, with a cache
    of its own (one build's)."""
    env, site = generator.env, generator.context
    done: dict[tuple, Markup] = {}

    def once(name: str, **values) -> Markup:
        key = (name, *sorted(values.items()))
        html = done.get(key)
        if html is None:
            html = done[key] = Markup(env.get_template(name).render(site, **values))
        return html

    env.globals["once"] = once
