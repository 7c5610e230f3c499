"""the user's corrections of utterance labels

Revision ID: convo_2
Revises: jobs_2
Create Date: 2026-12-04 10:40:00

``utterance_corrections`` holds the label the user gave an utterance of an analysed
meeting. Like the analysed meetings themselves, a change to it makes the client's stored
facts stale (the triggers of scores_1, extended to this table).
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "convo_2"
down_revision = "jobs_2"
branch_labels = None
depends_on = None

TABLE = "utterance_corrections"
BUMP = "UPDATE client_scores SET version = version + 1, valid_until = NULL"
PG_REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _triggers(postgres: bool) -> list[str]:
    if postgres:  # the statement-level function of scores_1
        return [
            f"CREATE TRIGGER scores_stale_{event.lower()} AFTER {event} ON {TABLE} "
            f"{referencing} FOR EACH STATEMENT "
            "EXECUTE FUNCTION rapport_scores_stale('client_id')"
            for event, referencing in PG_REFERENCING.items()
        ]
    statements = []
    for op_name, refs in (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",))):
        body = " ".join(f"{BUMP} WHERE client_id = {r}.client_id;" for r in refs)
        statements.append(
            f"CREATE TRIGGER scores_stale_{TABLE}_{op_name} AFTER {op_name.upper()} "
            f"ON {TABLE} BEGIN {body} END"
        )
    return statements


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("analysis_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("model_label", sa.String(length=16), nullable=False),
        sa.Column("model_confidence", sa.Float(), nullable=False),
        sa.Column("corrected_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["conversation_analyses.id"],
            name=op.f("fk_utterance_corrections_analysis_id_conversation_analyses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_utterance_corrections_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_utterance_corrections")),
        sa.UniqueConstraint("analysis_id", "number", name="analysis_number"),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_utterance_corrections_client_id"), ["client_id"], unique=False
        )
    for statement in _triggers(op.get_bind().dialect.name == "postgresql"):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in PG_REFERENCING:
            op.execute(f"DROP TRIGGER IF EXISTS scores_stale_{event.lower()} ON {TABLE}")
    else:
        for op_name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS scores_stale_{TABLE}_{op_name}")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_utterance_corrections_client_id"))
    op.drop_table(TABLE)
