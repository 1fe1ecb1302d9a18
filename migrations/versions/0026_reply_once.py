"""a reply sent twice is stored once: the form's random submission key on each post

Revision ID: 0026_reply_once
Revises: 0025_library_search
Create Date: 2026-12-07 18:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026_reply_once"
down_revision = "0025_library_search"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("exchange_posts") as batch_op:
        batch_op.add_column(sa.Column("submission_key", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_exchange_posts_submission_key"), ["submission_key"]
        )


def downgrade():
    with op.batch_alter_table("exchange_posts") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_exchange_posts_submission_key"), type_="unique")
        batch_op.drop_column("submission_key")
