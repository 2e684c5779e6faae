"""The register: reading the coordinators' CSV or workbook and checking every row.

What leaves this room is a validated :class:`~pipeline.register.checks.Register`; nothing else in
the pipeline reads ``data/participants.csv`` itself.
"""
