"""`flask forum …` commands for operators."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from forum import crypto
from forum.auth import services
from forum.auth.passwords import password_problem
from forum.extensions import db
from forum.i18n import LOCALES
from forum.models import ROLE_VALUES, Role, User

forum_cli = AppGroup("forum", help="Convene administration commands.")


@forum_cli.command("create-user")
@click.option("--username", prompt=True, help="Login name (Latin letters, digits, . _ -).")
@click.option("--display-name", prompt=True, help="The name others see; a pseudonym is fine.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLE_VALUES))
@click.option("--locale", default="en", type=click.Choice(list(LOCALES)))
def create_user(
    username: str, display_name: str, password: str, roles: tuple[str, ...], locale: str
) -> None:
    """Create an account, e.g. the first administrator: --role admin."""
    if services.username_taken(username):
        raise click.ClickException(f"The username {username!r} is taken.")
    problem = password_problem(password, username=username, display_name=display_name)
    if problem:
        raise click.ClickException(problem)
    user = services.create_user(
        username, display_name, password, locale=locale, roles=tuple(Role(r) for r in roles)
    )
    db.session.commit()
    click.echo(f"Created {user.username} with roles: member{''.join(', ' + r for r in roles)}.")


@forum_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no accounts yet.")
def seed_demo(if_empty: bool) -> None:
    """Load demo data (idempotent). Development only: refused in production."""
    from forum.demo import seed

    if current_app.config["FORUM_ENV"] == "production":
        raise click.ClickException("Demo data is never loaded in production.")
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(User)):
        click.echo("Accounts exist already: demo data not loaded (run `make demo` to add it).")
        return
    for line in seed():
        click.echo(line)


@forum_cli.command("rotate-keys")
def rotate_keys() -> None:
    """Re-encrypt every encrypted field under the newest key in FORUM_DATA_KEYS."""
    count = crypto.rotate_all(db.session, db.metadata)
    db.session.commit()
    click.echo(f"Re-encrypted {count} values under the newest key.")


@forum_cli.command("purge")
def purge() -> None:
    """Delete registration data of events past their retention; keep anonymous counts.

    Also deletes incidents of attacks whose own retention date has passed, and the
    proposals (with their speakers) of events past their retention.

    Also deletes export files (badge PDFs) past their expiry, and those of purged events,
    drafts untouched for 30 days, search terms no post holds any more, ended sessions,
    and failed sign-ins on names with no account a day after the last.

    Idempotent and safe to run from cron (e.g. daily): a second run finds nothing to do.
    """
    from forum.attacks.search import reconcile as reconcile_pattern_terms
    from forum.attacks.search import sync as sync_pattern_views
    from forum.attacks.services import purge_expired as purge_expired_incidents
    from forum.auth.lockout import purge_name_lockouts
    from forum.auth.services import purge_ended_sessions
    from forum.events.exports.badges.services import delete_event_jobs, purge_expired_jobs
    from forum.events.registration.retention import due_event_ids, purge_event
    from forum.exchanges.drafts.services import purge_expired as purge_expired_drafts
    from forum.exchanges.search import reconcile as reconcile_search_terms
    from forum.library.search import reconcile as reconcile_library_terms
    from forum.models import utcnow
    from forum.proposals.services import purge_expired as purge_expired_proposals

    now = utcnow()
    expired = purge_expired_jobs(now)
    db.session.commit()
    if expired:
        click.echo(f"Deleted {expired} expired export files.")
    drafts = purge_expired_drafts(now)
    reconcile_search_terms()
    reconcile_library_terms()
    sync_pattern_views()  # labels of the running code, in case a translation changed
    reconcile_pattern_terms()
    purge_ended_sessions(now)
    purge_name_lockouts()
    db.session.commit()
    if drafts:
        click.echo(f"Deleted {drafts} drafts untouched for 30 days.")
    incidents = purge_expired_incidents(now.date())
    db.session.commit()
    if incidents:
        click.echo(f"Deleted {incidents} incidents past their retention date.")
    proposals = purge_expired_proposals(now)
    db.session.commit()
    if proposals:
        click.echo(f"Deleted {proposals} proposals of events past their retention.")
    purged = 0
    for event_id in due_event_ids(now):
        report = purge_event(event_id, now)
        delete_event_jobs(event_id)  # badge files carry names too
        db.session.commit()  # one event at a time: a failure loses no finished work
        if report is None:
            continue
        purged += 1
        click.echo(
            f"{report.slug}: deleted {report.registrations} registrations and "
            f"{report.answers} answers (badge names, answers, notes); kept "
            f"{len(report.counts)} anonymous counts by status and country."
        )
    if not purged and not expired and not drafts and not incidents and not proposals:
        click.echo("Nothing to purge.")


@forum_cli.command("worker")
@click.option("--threads", type=click.IntRange(1, 64), help="Tasks run at once.")
def worker(threads: int | None) -> None:
    """Run background tasks (badge exports, library files, mail) from Redis until stopped.

    Run one or more next to gunicorn (README: Background work). Needs FORUM_REDIS_URL.
    """
    from forum.queue.worker import run_worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["FORUM_QUEUE"] != "redis":
        raise click.UsageError(
            "The worker takes its tasks from Redis: set FORUM_REDIS_URL (or FORUM_QUEUE_URL). "
            "Without Redis, `flask run` does background work in its own process."
        )
    count = threads or app.config["FORUM_QUEUE_THREADS"]
    run_worker(app, count, lambda: click.echo(f"Worker ready ({count} threads).", err=True))


@forum_cli.command("glossary-load")
def glossary_load() -> None:
    """Add the glossary concepts and terms of forum/search/glossary/terms.csv that are
    missing; what staff wrote on /glossary/ is never changed or removed."""
    from forum.search.glossary.services import load_seed

    concepts, terms = load_seed()
    db.session.commit()
    click.echo(f"Glossary: {concepts} concepts and {terms} terms added.")


@forum_cli.command("search-reindex")
def search_reindex() -> None:
    """Rebuild the search indexes from the posts, the library's editions and the views of
    the attack patterns (after changing stop words, upgrading the stemmers, or changing the
    taxonomy or its translations); searches keep working meanwhile, on the old rows."""
    from forum.attacks.search import reconcile as reconcile_patterns
    from forum.attacks.search import sync as sync_patterns
    from forum.exchanges.search import reindex_all
    from forum.library.search import reindex_all as reindex_library

    count = reindex_all()
    db.session.commit()
    editions = reindex_library()
    db.session.commit()
    views = sync_patterns()
    reconcile_patterns()
    db.session.commit()
    click.echo(
        f"Search: {count} posts, {editions} library editions and {views} documents of "
        "attack pattern views (one per view and language) indexed."
    )


@forum_cli.command("send-digests")
def send_digests() -> None:
    """Build the daily and weekly digests of followed topics that are due, and queue their
    emails. The worker does this every minute by itself; the command is for cron where no
    worker runs. Idempotent: a period gets one digest however often it runs."""
    from forum.topics.digests.jobs import build_and_send

    emailed = build_and_send()
    click.echo(f"Digests built; {emailed} queued for email.")
