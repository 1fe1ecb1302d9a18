"""queue: export jobs remember the delivery working on them and how many started

Revision ID: 0021_queue
Revises: 0011_exchange_drafts
Create Date: 2026-12-07 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_queue'
down_revision = '0011_exchange_drafts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_id', sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column('attempts', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.drop_column('attempts')
        batch_op.drop_column('task_id')
