"""Importers: files in common formats -> a plan of what to create (see ``plan``).

One module per format: ``csv_tables`` (clients, interactions, revenue), ``vcard``
(contacts), ``ical`` (meetings), ``workspace_json`` (a whole workspace). None of them
writes; :mod:`rapport.services.imports` applies a plan in one transaction.
"""
