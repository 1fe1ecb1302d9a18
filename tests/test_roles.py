import sqlalchemy as sa

from forum.models import AuditEntry, Role, User


def roles_of(db, username):
    user = db.session.scalar(sa.select(User).where(User.username == username))
    db.session.refresh(user)
    return user.role_names


def test_admin_grants_and_revokes_roles_and_it_is_audited(client, db, login_as, make_user):
    admin = login_as("root", Role.ADMIN)
    member = make_user("amina")
    response = client.post(f"/admin/roles/{member.id}", data={"role": "organizer", "grant": "1"})
    assert response.status_code == 303
    assert roles_of(db, "amina") == {"organizer"}
    client.post(f"/admin/roles/{member.id}", data={"role": "organizer", "revoke": "1"})
    assert roles_of(db, "amina") == set()
    entries = db.session.execute(
        sa.select(
            AuditEntry.action, AuditEntry.actor_id, AuditEntry.target_id, AuditEntry.detail
        ).order_by(AuditEntry.id)
    ).all()
    assert entries == [
        ("role.grant", admin.id, member.id, "organizer"),
        ("role.revoke", admin.id, member.id, "organizer"),
    ]
    log = client.get("/admin/audit").get_data(as_text=True)
    # Shown in words (forum/events/registration/labels.py), not as the stored codes.
    assert "Gave a role" in log and "Took back a role" in log


def test_roles_page_lists_and_searches_accounts(client, login_as, make_user):
    login_as("root", Role.ADMIN)
    make_user("amina", display_name="Amina K.")
    make_user("joao", display_name="João")
    page = client.get("/admin/roles?q=jo").get_data(as_text=True)
    assert "João" in page and "Amina K." not in page


def test_unknown_role_is_refused(client, db, login_as, make_user):
    login_as("root", Role.ADMIN)
    member = make_user("amina")
    response = client.post(
        f"/admin/roles/{member.id}", data={"role": "emperor", "grant": "1"}, follow_redirects=True
    )
    assert "Choose one of the roles offered." in response.get_data(as_text=True)
    assert roles_of(db, "amina") == set()


def test_the_last_admin_keeps_the_role(client, db, login_as):
    admin = login_as("root", Role.ADMIN)
    response = client.post(
        f"/admin/roles/{admin.id}", data={"role": "admin", "revoke": "1"}, follow_redirects=True
    )
    assert "The last administrator cannot lose the role." in response.get_data(as_text=True)
    assert roles_of(db, "root") == {"admin"}


def test_unknown_user_is_404(client, login_as):
    login_as("root", Role.ADMIN)
    assert client.post("/admin/roles/9999", data={"role": "staff", "grant": "1"}).status_code == 404


def test_non_admins_cannot_manage_roles(client, db, login_as, make_user):
    target = make_user("amina")
    for role in (None, Role.ORGANIZER, Role.STAFF, Role.MODERATOR):
        client.post("/auth/logout")
        login_as(f"user-{role or 'member'}", *([role] if role else []))
        assert client.get("/admin/roles").status_code == 403
        assert client.get("/admin/audit").status_code == 403
        response = client.post(f"/admin/roles/{target.id}", data={"role": "admin", "grant": "1"})
        assert response.status_code == 403
    assert roles_of(db, "amina") == set()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/roles")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_create_user_command_makes_the_first_admin(runner, db):
    result = runner.invoke(
        args=[
            "forum",
            "create-user",
            "--username",
            "root",
            "--display-name",
            "Root",
            "--password",
            "cobalt lantern river mango",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    assert roles_of(db, "root") == {"admin"}


def test_create_user_command_refuses_weak_passwords_and_taken_names(runner, db, make_user):
    make_user("taken")
    weak = runner.invoke(
        args=[
            "forum",
            "create-user",
            "--username",
            "root",
            "--display-name",
            "Root",
            "--password",
            "password123",
            "--role",
            "admin",
        ]
    )
    assert weak.exit_code != 0 and "too common" in weak.output
    taken = runner.invoke(
        args=[
            "forum",
            "create-user",
            "--username",
            "TAKEN",
            "--display-name",
            "T",
            "--password",
            "cobalt lantern river mango",
        ]
    )
    assert taken.exit_code != 0 and "taken" in taken.output
    bad_role = runner.invoke(
        args=[
            "forum",
            "create-user",
            "--username",
            "x1",
            "--display-name",
            "X",
            "--password",
            "cobalt lantern river mango",
            "--role",
            "god",
        ]
    )
    assert bad_role.exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
