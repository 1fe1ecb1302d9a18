"""Members following topics get a daily or weekly digest: counts and links, in-app and
by email when asked for; building it twice gives one digest."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from forum.exchanges.models import Thread
from forum.profiles.data_rights import erase_user, export_user
from forum.queue.runner import queue_of
from forum.topics import services as follows
from forum.topics.digests import services
from forum.topics.digests.jobs import build_and_send
from forum.topics.digests.models import Digest
from forum.topics.queries import Topic
from tests.conftest import login

NOW = datetime(2026, 12, 9, 7, 30)  # a Wednesday
YESTERDAY = datetime(2026, 12, 8, 15, 0)
LAST_WEEK = datetime(2026, 12, 2, 10, 0)  # Wednesday of the week before


def made_at(db, thread: Thread, moment: datetime) -> None:  # noqa: ANN001
    db.session.execute(sa.update(Thread).where(Thread.id == thread.id).values(created_at=moment))
    db.session.commit()


def follower(db, make_user, frequency: str = "daily", *, emails: bool = True, **fields):  # noqa: ANN001, ANN201
    user = make_user(fields.pop("username", "amina"), **fields)
    follows.follow(user, Topic("region", "africa"))
    user.digest = frequency
    if emails:
        user.email, user.digest_emails = "amina@example.org", True
    db.session.commit()
    return user


def test_periods_are_the_last_finished_day_and_week():
    assert services.period_of("daily", NOW) == (datetime(2026, 12, 8), datetime(2026, 12, 9))
    assert services.period_of("weekly", NOW) == (datetime(2026, 11, 30), datetime(2026, 12, 7))


def test_a_daily_digest_counts_what_the_member_may_read_once(app, db, make_user, make_thread, smtp):
    amina = follower(db, make_user)
    author = make_user("joao")
    for title in ("Early warning in Cauca", "Legal rota"):
        made_at(db, make_thread(author, title=title), YESTERDAY)
    made_at(db, make_thread(author, title="Old news"), LAST_WEEK)
    made_at(db, make_thread(author, title="Other region", tags=_tags("americas")), YESTERDAY)
    hidden = make_thread(author, title="Hidden by moderators")
    made_at(db, hidden, YESTERDAY)
    db.session.execute(sa.update(Thread).where(Thread.id == hidden.id).values(hidden_at=NOW))
    queue_of(app).pending.clear()
    ids = services.build_digests(NOW)
    db.session.commit()
    [digest] = db.session.scalars(sa.select(Digest)).all()
    assert digest.user_id == amina.id and ids == [digest.id]
    assert digest.counts == [["region", "africa", 2]] and digest.total == 2
    # Building again, at any time of the same day, makes nothing new.
    assert services.build_digests(NOW + timedelta(hours=10)) == []
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Digest)) == 1


def _tags(region: str):  # noqa: ANN202
    from forum.exchanges.services import Tags

    return Tags(regions=[region], risks=["criminalisation"], groups=["women"])


def test_the_digest_email_has_counts_and_links_and_no_titles(app, db, make_user, make_thread, smtp):
    follower(db, make_user, locale="es")
    made_at(db, make_thread(make_user("joao"), title="Early warning in Cauca"), YESTERDAY)
    queue_of(app).pending.clear()
    [digest_id] = services.build_digests(NOW)
    db.session.commit()
    from forum.topics.digests.jobs import email_digest

    email_digest(digest_id)
    [email] = smtp.messages()
    text = email.as_string()
    assert email["Subject"] == "Tu resumen de temas seguidos"
    assert "Early warning" not in text and "Africa" not in text and "África" not in text
    assert "/topics/region" not in text  # not even the topic's address
    assert "https://forum.example.org/topics/digests/" in text
    assert "1 intercambio nuevo en los temas que sigues" in text
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email["Message-ID"] == f"<digest.{digest_id}@forum.example.org>"
    email_digest(digest_id)  # a second run of the task sends nothing again
    assert len(smtp.messages()) == 1


def test_no_email_without_asking_and_nothing_for_an_empty_period(app, db, make_user, smtp):
    follower(db, make_user, emails=False)
    assert services.build_digests(NOW) == []
    db.session.commit()
    digest = db.session.scalar(sa.select(Digest))
    assert digest.total == 0 and digest.email_state == "none"  # marks the day done


def test_the_worker_sweep_and_the_command_build_digests(app, db, make_user, runner, smtp):
    follower(db, make_user, "weekly", emails=False)
    result = runner.invoke(args=["forum", "send-digests"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["forum", "send-digests"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Digest)) == 1
    assert build_and_send() == 0


def test_the_digest_page_and_the_account_choice(client, db, make_user, make_thread):
    amina = follower(db, make_user, emails=False)
    made_at(db, make_thread(make_user("joao")), YESTERDAY)
    services.build_digests(NOW)
    db.session.commit()
    assert login(client, "amina").status_code == 302
    page = client.get("/topics/digests/").get_data(as_text=True)
    assert "Africa" in page and "1 new exchange" in page
    account = client.get("/account/").get_data(as_text=True)
    assert "Digest of the topics you follow" in account
    settings = {"display_name": "Amina", "locale": "en", "timezone": "UTC"}
    client.post("/account/", data={**settings, "digest": "weekly", "digest_emails": "y"})
    db.session.expire_all()
    assert amina.digest == "weekly" and amina.digest_emails is False  # no address
    bad = client.post("/account/", data={**settings, "digest": "hourly"})
    assert bad.status_code == 422 and "Choose one of the options offered." in bad.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert amina.digest == "weekly"


def test_my_data_holds_my_digests_and_erasure_removes_them(db, make_user, make_thread):
    amina = follower(db, make_user)
    made_at(db, make_thread(make_user("joao")), YESTERDAY)
    services.build_digests(NOW)
    db.session.commit()
    exported = export_user(amina)
    assert exported["digest"] == {"frequency": "daily", "by_email": True}
    assert exported["digests"][0]["counts"] == [["region", "africa", 1]]
    erase_user(amina, keep_posts=False)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Digest)) == 0
