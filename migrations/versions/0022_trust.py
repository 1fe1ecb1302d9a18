"""trust: server-side sessions (a keyed hash of the cookie's session id, a coarse device
label, no address), so that signing out ends a session on the server

Revision ID: 0022_trust
Revises: 0020_attack_roles
Create Date: 2026-12-07 15:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0022_trust"
down_revision = "0021_queue"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("browser", sa.String(length=20), nullable=False),
        sa.Column("system", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)
    # Failed sign-ins on names with no account (a keyed hash of the name).
    op.create_table(
        "name_lockouts",
        sa.Column("name_hash", sa.String(length=64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name_hash", name=op.f("pk_name_lockouts")),
    )
    with op.batch_alter_table("name_lockouts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_name_lockouts_updated_at"), ["updated_at"], unique=False
        )
    # The version every worker checks before serving a cached page or count.
    op.create_table(
        "cache_versions",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_versions")),
    )

    _coarsen_anonymous_times()


def _coarsen_anonymous_times():
    """Anonymous posts (and exchanges opened anonymously) keep only their day."""
    if op.get_bind().dialect.name == "postgresql":
        day = "date_trunc('day', {})"
    else:
        day = "datetime(date({}))"
    for column in ("created_at", "edited_at", "deleted_at"):
        op.execute(
            f"UPDATE exchange_posts SET {column} = {day.format(column)} "
            f"WHERE is_anonymous AND {column} IS NOT NULL"
        )
    for column in ("created_at", "last_activity_at"):
        op.execute(
            f"UPDATE exchange_threads SET {column} = {day.format(column)} WHERE id IN "
            "(SELECT thread_id FROM exchange_posts WHERE is_opening AND is_anonymous)"
        )


def downgrade():
    op.drop_table("cache_versions")
    with op.batch_alter_table("name_lockouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_name_lockouts_updated_at"))
    op.drop_table("name_lockouts")
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_sessions_user_id"))
    op.drop_table("user_sessions")
