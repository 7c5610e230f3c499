"""stored per-client facts, kept current by triggers

Revision ID: scores_1
Revises: team_1
Create Date: 2026-11-23 20:10:00

``client_scores`` holds each client's computed trust and page figures. Triggers bump a
row's ``version`` when the client or anything its facts are computed from changes, so
stale figures are never served, whatever wrote the change (the app, a bulk import, a
restore, or SQL by hand).
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "scores_1"
down_revision = "team_1"
branch_labels = None
depends_on = None

# table -> the column holding the client's id
WATCHED = {
    "interactions": "client_id",
    "commitments": "client_id",
    "revenue_entries": "client_id",
    "conversation_analyses": "client_id",
    "clients": "id",
}
BUMP = "UPDATE client_scores SET version = version + 1, valid_until = NULL"
PLACEHOLDER = "INSERT INTO client_scores (client_id, version) VALUES ({ref}.id, 1)"

# PostgreSQL: statement-level triggers with transition tables, so a bulk write (COPY,
# an import, a restore) bumps each client once per statement instead of once per row.
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION rapport_scores_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = '*' THEN
    {BUMP};
  ELSIF TG_ARGV[0] = 'new client' THEN
    INSERT INTO client_scores (client_id, version) SELECT id, 1 FROM new_rows;
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      EXECUTE format('{BUMP} WHERE client_id IN (SELECT %I FROM old_rows)', TG_ARGV[0]);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      EXECUTE format('{BUMP} WHERE client_id IN (SELECT %I FROM new_rows)', TG_ARGV[0]);
    END IF;
  END IF;
  RETURN NULL;
END $$
"""
PG_REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, column in WATCHED.items():
        for op_name, refs in (
            ("insert", ("NEW",)),
            ("update", ("OLD", "NEW")),
            ("delete", ("OLD",)),
        ):
            if table == "clients" and op_name == "insert":
                statements.append(
                    "CREATE TRIGGER scores_stale_clients_insert AFTER INSERT ON clients "
                    f"BEGIN {PLACEHOLDER.format(ref='NEW')}; END"
                )
                continue
            if table == "clients" and op_name == "delete":
                continue  # its row cascades
            body = " ".join(f"{BUMP} WHERE client_id = {r}.{column};" for r in refs)
            statements.append(
                f"CREATE TRIGGER scores_stale_{table}_{op_name} AFTER {op_name.upper()} "
                f"ON {table} BEGIN {body} END"
            )
    statements.extend(
        f"CREATE TRIGGER scores_stale_assessments_{op_name} AFTER {op_name.upper()} "
        f"ON assessments BEGIN {BUMP}; END"
        for op_name in ("insert", "update", "delete")
    )
    return statements


def _pg_triggers() -> list[str]:
    statements = [PG_FUNCTION]
    for table, column in WATCHED.items():
        for event, referencing in PG_REFERENCING.items():
            if table == "clients" and event == "DELETE":
                continue  # its row cascades
            argument = "new client" if (table, event) == ("clients", "INSERT") else column
            statements.append(
                f"CREATE TRIGGER scores_stale_{event.lower()} AFTER {event} ON {table} "
                f"{referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION rapport_scores_stale('{argument}')"
            )
    statements.append(
        "CREATE TRIGGER scores_stale AFTER INSERT OR UPDATE OR DELETE ON assessments "
        "FOR EACH STATEMENT EXECUTE FUNCTION rapport_scores_stale('*')"
    )
    return statements


def upgrade() -> None:
    op.create_table(
        "client_scores",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("computed_version", sa.Integer(), nullable=True),
        sa.Column("computed_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("valid_until", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("name_key", sa.String(length=200), nullable=True),
        sa.Column("trust", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("last_contact", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("touch_due_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("setbacks", sa.Integer(), nullable=True),
        sa.Column("revenue", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("open_promises", sa.Integer(), nullable=True),
        sa.Column("overdue_promises", sa.Integer(), nullable=True),
        sa.Column("personal_share", sa.Float(), nullable=True),
        sa.Column("personal_share_before", sa.Float(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_scores_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_scores")),
    )
    op.create_index(
        op.f("ix_client_scores_touch_due_at"), "client_scores", ["touch_due_at"], unique=False
    )
    op.create_index(
        op.f("ix_client_scores_valid_until"), "client_scores", ["valid_until"], unique=False
    )
    op.create_index("ix_client_scores_revenue", "client_scores", ["revenue"], unique=False)
    op.create_index(
        "ix_client_scores_name_key", "client_scores", ["name_key", "client_id"], unique=False
    )
    op.create_index(
        "ix_client_scores_trust_setbacks", "client_scores", ["trust", "setbacks"], unique=False
    )
    op.create_index("ix_commitments_status_due", "commitments", ["status", "due_at"], unique=False)
    # Every client has a row from the start (new clients get one from a trigger): a row
    # whose valid_until is empty or past is stale.
    op.execute("INSERT INTO client_scores (client_id, version) SELECT id, 0 FROM clients")
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        # Keep the evidence JSON out of line, so scans over the scores stay small.
        op.execute("ALTER TABLE client_scores SET (toast_tuple_target = 256)")
    for statement in _pg_triggers() if postgres else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            for event in PG_REFERENCING:
                op.execute(f"DROP TRIGGER IF EXISTS scores_stale_{event.lower()} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS scores_stale ON assessments")
        op.execute("DROP FUNCTION IF EXISTS rapport_scores_stale()")
    else:
        for table in [*WATCHED, "assessments"]:
            for op_name in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS scores_stale_{table}_{op_name}")
    op.drop_index(op.f("ix_client_scores_valid_until"), table_name="client_scores")
    op.drop_index("ix_client_scores_revenue", table_name="client_scores")
    op.drop_index("ix_client_scores_name_key", table_name="client_scores")
    op.drop_index("ix_commitments_status_due", table_name="commitments")
    op.drop_index("ix_client_scores_trust_setbacks", table_name="client_scores")
    op.drop_index(op.f("ix_client_scores_touch_due_at"), table_name="client_scores")
    op.drop_table("client_scores")
