"""Storage adapter: SQLAlchemy 2 rows, engine set-up, Alembic migrations, unit of work."""
