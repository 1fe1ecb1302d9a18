"""statistics: a random record key on every counted row (posts, registrations)

The cell key method (forum/statistics) adds these keys per published cell. Existing rows
get a random key now; new rows get one from the model's default.

Revision ID: 0012_statistics
Revises: 0011_exchange_drafts
Create Date: 2026-12-07 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_statistics'
down_revision = '0011_exchange_drafts'
branch_labels = None
depends_on = None

TABLES = ('exchange_posts', 'registrations')


def _random_key():
    if op.get_bind().dialect.name == 'postgresql':
        return sa.text('floor(random() * 256)::smallint')
    return sa.text('abs(random()) % 256')


def upgrade():
    for table in TABLES:
        # Added with a default, not rebuilt: on SQLite a rebuilt table loses its triggers.
        op.add_column(table, sa.Column('stat_key', sa.SmallInteger(), nullable=False, server_default='0'))
        op.execute(sa.table(table, sa.column('stat_key')).update().values(stat_key=_random_key()))
        if op.get_bind().dialect.name == 'postgresql':
            op.alter_column(table, 'stat_key', server_default=None)
    # Counting posts and adding their keys per thread and month reads only this index.
    op.drop_index('ix_exchange_posts_insights', table_name='exchange_posts')
    op.create_index('ix_exchange_posts_insights', 'exchange_posts', ['thread_id', 'created_at', 'hidden_at', 'deleted_at', 'stat_key'], unique=False)


def downgrade():
    op.drop_index('ix_exchange_posts_insights', table_name='exchange_posts')
    op.create_index('ix_exchange_posts_insights', 'exchange_posts', ['thread_id', 'created_at', 'hidden_at', 'deleted_at'], unique=False)
    for table in reversed(TABLES):
        op.drop_column(table, 'stat_key')
