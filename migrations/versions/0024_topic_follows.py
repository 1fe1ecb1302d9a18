"""topic follows: members follow a region, country, risk or group of defenders

Revision ID: 0024_topic_follows
Revises: 0023_observatory
Create Date: 2026-12-07 16:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_topic_follows'
down_revision = '0023_observatory'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('topic_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('seen_thread_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('region', 'country', 'risk', 'group')", name=op.f('ck_topic_follows_known_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_topic_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topic_follows')),
    sa.UniqueConstraint('user_id', 'kind', 'code', name='uq_topic_follows_topic')
    )
    with op.batch_alter_table('topic_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_topic_follows_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('topic_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_topic_follows_user_id'))

    op.drop_table('topic_follows')
