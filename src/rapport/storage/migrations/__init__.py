"""Alembic migrations: ``env.py`` (run by Alembic on the engine it is handed) and
``versions/``, one module per revision. A package, so the import graph sees env.py too."""
