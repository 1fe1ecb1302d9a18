"""trust: display-name skeletons (look-alikes refused); whom each audit entry was about

Revision ID: 0031_trust_names_audit
Revises: 0030_messages
Create Date: 2026-12-07 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from forum.names import name_key


# revision identifiers, used by Alembic.
revision = '0031_trust_names_audit'
down_revision = "0030_messages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_subjects',
    sa.Column('audit_entry_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['audit_entry_id'], ['audit_entries.id'], name=op.f('fk_audit_subjects_audit_entry_id_audit_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_subjects_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('audit_entry_id', 'user_id', name=op.f('pk_audit_subjects'))
    )
    with op.batch_alter_table('audit_subjects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_subjects_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name_key', sa.String(length=120), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_users_display_name_key'), ['display_name_key'], unique=False)
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('display_name', sa.String),
                     sa.column('display_name_key', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.display_name)).all()
    for user_id, display_name in rows:
        connection.execute(
            sa.update(users).where(users.c.id == user_id)
            .values(display_name_key=name_key(display_name or ''))
        )


def downgrade():
    with op.batch_alter_table('audit_subjects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_subjects_user_id'))
    op.drop_table('audit_subjects')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_display_name_key'))
        batch_op.drop_column('display_name_key')
