"""insights: site settings (whether visitors see the public insights), post index

Revision ID: 0009_insights
Revises: 0008_calendar_feeds
Create Date: 2026-11-26 10:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_insights'
down_revision = '0008_calendar_feeds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_site_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_settings'))
    )
    # Counting posts per thread and month (insights) reads only this index.
    op.create_index('ix_exchange_posts_insights', 'exchange_posts', ['thread_id', 'created_at', 'hidden_at', 'deleted_at'], unique=False)


def downgrade():
    op.drop_index('ix_exchange_posts_insights', table_name='exchange_posts')
    op.drop_table('site_settings')
