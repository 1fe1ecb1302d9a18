"""attack roles: documenter (enters and verifies incidents) and analyst (patterns and
de-identified records) join the roles an account may be granted

Revision ID: 0020_attack_roles
Revises: 0011_exchange_drafts
Create Date: 2026-12-07 15:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_attack_roles'
down_revision = '0012_statistics'
branch_labels = None
depends_on = None

_OLD = "role IN ('organizer', 'staff', 'moderator', 'admin')"
_NEW = "role IN ('organizer', 'staff', 'moderator', 'admin', 'documenter', 'analyst')"


def upgrade():
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_roles_known_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_user_roles_known_role'), _NEW)


def downgrade():
    op.execute("DELETE FROM user_roles WHERE role IN ('documenter', 'analyst')")
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_roles_known_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_user_roles_known_role'), _OLD)
