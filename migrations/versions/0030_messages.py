"""organizers' messages to registrants, event-change notices, digests of followed topics

Revision ID: 0030_messages
Revises: 0029_letters
Create Date: 2026-12-07 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0030_messages'
down_revision = "0029_letters"
branch_labels = None
depends_on = None

OLD_KINDS = (
    "kind IN ('received', 'approved', 'waitlisted', 'declined', 'promoted', "
    "'prop_accepted', 'prop_rejected', 'prop_waitlisted')"
)
NEW_KINDS = (
    "kind IN ('received', 'approved', 'waitlisted', 'declined', 'promoted', "
    "'prop_accepted', 'prop_rejected', 'prop_waitlisted', 'event_changed', "
    "'event_cancelled', 'session_changed', 'session_cancelled', 'message')"
)


def upgrade():
    op.create_table('event_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=True),
    sa.Column('default_locale', sa.String(length=5), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('to_checked_in', sa.String(length=3), nullable=True),
    sa.Column('to_question_id', sa.Integer(), nullable=True),
    sa.Column('to_answer', sa.String(length=40), nullable=True),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('recipient_count >= 0', name=op.f('ck_event_messages_recipient_count_not_negative')),
    sa.CheckConstraint("to_checked_in IS NULL OR to_checked_in IN ('yes', 'no')", name=op.f('ck_event_messages_known_checked_in')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_messages_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_event_messages_sender_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_question_id'], ['questions.id'], name=op.f('fk_event_messages_to_question_id_questions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_messages'))
    )
    with op.batch_alter_table('event_messages', schema=None) as batch_op:
        batch_op.create_index('ix_event_messages_event_created', ['event_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_messages_sender_id'), ['sender_id'], unique=False)

    op.create_table('event_message_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['event_messages.id'], name=op.f('fk_event_message_texts_message_id_event_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_message_texts')),
    sa.UniqueConstraint('message_id', 'locale', name='uq_event_message_texts')
    )

    op.create_table('topic_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=6), nullable=False),
    sa.Column('period_start', sa.DateTime(), nullable=False),
    sa.Column('period_end', sa.DateTime(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('email_state', sa.String(length=10), nullable=False),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("frequency IN ('daily', 'weekly')", name=op.f('ck_topic_digests_known_frequency')),
    sa.CheckConstraint("email_state IN ('none', 'pending', 'sending', 'sent')", name=op.f('ck_topic_digests_known_email_state')),
    sa.CheckConstraint('total >= 0', name=op.f('ck_topic_digests_total_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_topic_digests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topic_digests')),
    sa.UniqueConstraint('user_id', 'frequency', 'period_start', name='uq_topic_digests_period')
    )
    with op.batch_alter_table('topic_digests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_topic_digests_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_topic_digests_email_state', ['email_state'], unique=False)

    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notices_message_id'), ['message_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notices_session_id_sessions'), 'sessions', ['session_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_notices_message_id_event_messages'), 'event_messages', ['message_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(op.f('ck_notices_known_kind'), type_='check')
        batch_op.create_check_constraint('known_kind', sa.text(NEW_KINDS))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=6), server_default='off', nullable=False))
        batch_op.add_column(sa.Column('digest_emails', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_emails')
        batch_op.drop_column('digest')

    op.execute(
        "DELETE FROM notices WHERE kind IN ('event_changed', 'event_cancelled', "
        "'session_changed', 'session_cancelled', 'message')"
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notices_known_kind'), type_='check')
        batch_op.create_check_constraint('known_kind', sa.text(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f('fk_notices_message_id_event_messages'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_notices_session_id_sessions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notices_message_id'))
        batch_op.drop_column('message_id')
        batch_op.drop_column('session_id')

    with op.batch_alter_table('topic_digests', schema=None) as batch_op:
        batch_op.drop_index('ix_topic_digests_email_state')
        batch_op.drop_index(batch_op.f('ix_topic_digests_user_id'))
    op.drop_table('topic_digests')
    op.drop_table('event_message_texts')
    with op.batch_alter_table('event_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_messages_sender_id'))
        batch_op.drop_index('ix_event_messages_event_created')
    op.drop_table('event_messages')
