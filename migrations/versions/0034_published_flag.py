"""attacks: a published flag on each incident (verified with a standing aggregate
consent), kept by the services, and covering indexes for the pattern tallies

Revision ID: 0034_published_flag
Revises: 0033_notifications_seen
Create Date: 2026-12-07 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0034_published_flag"
down_revision = "0033_notifications_seen"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attack_incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_attack_incidents_published', ['published', 'country', 'setting', 'previously_threatened', 'stat_key'], unique=False)
        batch_op.create_index('ix_attack_incidents_published_months', ['published', 'occurred_on', 'date_precision', 'stat_key'], unique=False)
    with op.batch_alter_table('attack_responses', schema=None) as batch_op:
        batch_op.create_index('ix_attack_responses_kind', ['kind', 'incident_id', 'outcome'], unique=False)
    # Backfill with the rule the figures asked until now (forum.security.attacks).
    incidents = sa.table('attack_incidents', sa.column('id', sa.Integer),
                         sa.column('status', sa.String), sa.column('published', sa.Boolean))
    consents = sa.table('attack_consents', sa.column('incident_id', sa.Integer),
                        sa.column('use', sa.String), sa.column('withdrawn_on', sa.Date))
    op.get_bind().execute(
        sa.update(incidents)
        .where(
            incidents.c.status == 'verified',
            sa.exists().where(
                consents.c.incident_id == incidents.c.id,
                consents.c.use == 'aggregate',
                consents.c.withdrawn_on.is_(None),
            ),
        )
        .values(published=True)
    )


def downgrade():
    with op.batch_alter_table('attack_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_attack_responses_kind')
    with op.batch_alter_table('attack_incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_attack_incidents_published_months')
        batch_op.drop_index('ix_attack_incidents_published')
        batch_op.drop_column('published')
