"""invitation letters: requests with encrypted passport details, and the letter issuer role

Revision ID: 0029_letters
Revises: 0028_workshops
Create Date: 2026-12-07 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0029_letters'
down_revision = "0028_workshops"
branch_labels = None
depends_on = None

_OLD = "role IN ('organizer', 'staff', 'moderator', 'admin', 'documenter', 'analyst')"
_NEW = ("role IN ('organizer', 'staff', 'moderator', 'admin', 'documenter', 'analyst', "
        "'letter_issuer')")


def upgrade():
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_roles_known_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_user_roles_known_role'), _NEW)
    op.create_table('letter_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('legal_name', sa.Text(), nullable=True),
    sa.Column('nationality', sa.Text(), nullable=True),
    sa.Column('passport_number', sa.Text(), nullable=True),
    sa.Column('birth_date', sa.Text(), nullable=True),
    sa.Column('passport_expiry', sa.Text(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('requested', 'issued', 'declined')", name=op.f('ck_letter_requests_known_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_letter_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_letter_requests_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_letter_requests_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_letter_requests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_requests')),
    sa.UniqueConstraint('registration_id', name='uq_letter_requests_registration')
    )
    with op.batch_alter_table('letter_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_requests_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_requests_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('letter_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_requests_user_id'))
        batch_op.drop_index(batch_op.f('ix_letter_requests_event_id'))
    op.drop_table('letter_requests')
    op.execute("DELETE FROM user_roles WHERE role = 'letter_issuer'")
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_roles_known_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_user_roles_known_role'), _OLD)
