"""The database keeps its own rules on both engines, SQLite included."""

import sqlalchemy as sa

from forum.models import Role, UserRole


def test_deleting_a_row_applies_on_delete_rules(db, make_user):
    """SQLite enforces foreign keys only when asked on each connection; we ask."""
    user = make_user("amina", roles=[Role.STAFF])
    db.session.execute(sa.text("DELETE FROM users WHERE id = :id"), {"id": user.id})
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserRole)) == 0


def test_references_to_missing_rows_are_refused(db):
    try:
        db.session.execute(
            sa.text(
                "INSERT INTO user_roles (user_id, role, granted_at) "
                "VALUES (4242, 'staff', CURRENT_TIMESTAMP)"
            )
        )
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
    else:
        raise AssertionError("a role for a user that does not exist was stored")
