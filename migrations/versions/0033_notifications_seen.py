"""The newest reply a person has seen on the notifications page (the header count
clears when the notifications are viewed, and counts only replies after it)

Revision ID: 0033_notifications_seen
Revises: 0032_search_patterns
Create Date: 2026-12-07 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0033_notifications_seen"
down_revision = "0032_search_patterns"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notifications_seen_post_id', sa.Integer(),
                                      server_default=sa.text('0'), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('notifications_seen_post_id')
