"""Safe Place: a vetted participant register and program pages become a static public site.

Data flows one way: CSV -> :mod:`pipeline.register` (validated records) -> :mod:`pipeline.site.plugin`
(the Pelican plugin that writes the find page, map and exports) -> ``output/``.
"""
