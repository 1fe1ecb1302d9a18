"""queue: export jobs remember the delivery working on them and how many started;
notices to people about their registrations, and their choice of notice emails

Revision ID: 0021_queue
Revises: 0020_attack_roles
Create Date: 2026-12-07 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_queue'
down_revision = '0020_attacks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('email_state', sa.String(length=10), nullable=False),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("email_state IN ('none', 'pending', 'sending', 'sent')", name=op.f('ck_notices_known_email_state')),
    sa.CheckConstraint("kind IN ('received', 'approved', 'waitlisted', 'declined', 'promoted')", name=op.f('ck_notices_known_kind')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_notices_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_notices_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notices_email_state', ['email_state'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('notice_emails', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_id', sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column('attempts', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('notice_emails')
    op.drop_table('notices')
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.drop_column('attempts')
        batch_op.drop_column('task_id')
