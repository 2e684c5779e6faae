"""The register: reading the coordinators' CSV or workbook and checking every row.

What leaves this room is a validated :class:`~pipeline.register.model.Register`; nothing else in
the pipeline reads ``data/participants.csv`` itself. The modules, by job:

- :mod:`~pipeline.register.model`: the columns, statuses and record types;
- :mod:`~pipeline.register.problems`: ``FILE:ROW: COLUMN: message`` and :class:`RegisterError`;
- :mod:`~pipeline.register.encoding`: the bytes Excel saved, as text (or refused with the fix);
- :mod:`~pipeline.register.table`: the file as rows and columns, with a size guard;
- :mod:`~pipeline.register.text`, :mod:`~pipeline.register.values`,
  :mod:`~pipeline.register.phones`, :mod:`~pipeline.register.web`: the rules for one cell;
- :mod:`~pipeline.register.checks`: the checker that applies them all (``load_register``);
- :mod:`~pipeline.register.rules`: the rules a site's settings give the checker;
- :mod:`~pipeline.register.workbook`, :mod:`~pipeline.register.geography`: Excel and the map.
"""
