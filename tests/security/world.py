"""A small world of real objects for tests that visit every route: users in every role,
an event with a session, a question and a registration, a thread and a reply.

`build_people` runs once; `build_things` can run again for each request that may change
what it touches, so that one request never changes what the next one sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from forum.attacks import services as attacks
from forum.auth import resets
from forum.auth.services import create_user
from forum.auth.two_factor import turn_on
from forum.events import agenda
from forum.events.exports.badges import services as export_services
from forum.events.feedback.models import Survey, SurveyQuestion
from forum.events.models import Event
from forum.events.registration.models import Registration
from forum.events.services import SessionData, SessionTextData
from forum.events.workshops import services as workshop_services
from forum.exchanges import services as exchanges
from forum.exchanges.drafts import services as drafts
from forum.exchanges.labels import Visibility
from forum.extensions import db
from forum.letters import services as letters
from forum.models import Role, User, utcnow
from forum.notices.mail import unsubscribe_token
from forum.search.glossary import services as glossary
from tests.attacks.factories import incident_data
from tests.conftest import PASSWORD, TOTP_SECRET, login
from tests.letters.factories import letter_details
from tests.library.factories import matrix_things
from tests.observatory.factories import matrix_things as observatory_things
from tests.proposals.factories import matrix_things as proposal_things
from tests.registration.factories import create_event, create_question, enrol_user

# The columns of the authorization matrix, in this order.
ROLES = (
    "anon",
    "member",
    "other_org",
    "organizer",
    "staff",
    "moderator",
    "admin",
    "documenter",
    "analyst",
)

_ROLE_GRANTS = {
    "member": (),
    "other_org": (Role.ORGANIZER,),
    "organizer": (Role.ORGANIZER,),
    "staff": (Role.STAFF,),
    "moderator": (Role.MODERATOR,),
    "admin": (Role.ADMIN,),
    "documenter": (Role.DOCUMENTER,),
    "analyst": (Role.ANALYST,),
    # Not a column of the matrix (every line would grow for four routes): the fuzzer
    # and tests/letters sign in as the letter issuer with this account.
    "issuer": (Role.LETTER_ISSUER,),
}
#: Accounts signed in besides the matrix's columns.
EXTRA_ROLES = ("issuer",)


@dataclass
class People:
    users: dict[str, User]
    author: User
    other_event: Event


@dataclass
class Things:
    """The values that fill a route's URL parameters."""

    event: Event
    values: dict[str, Any]


def make_person(username: str, roles: tuple[Role, ...] = ()) -> User:
    user = create_user(username, username.title(), PASSWORD, roles=roles)
    if roles:
        turn_on(user, TOTP_SECRET, step=0)
    db.session.commit()
    return user


def build_people() -> People:
    users = {name: make_person(f"matrix-{name}", grants) for name, grants in _ROLE_GRANTS.items()}
    author = make_person("matrix-author")
    other_event = create_event(0, [users["other_org"]], title="Another seminar", slug="another")
    return People(users=users, author=author, other_event=other_event)


_counter = {"n": 0}


def build_things(people: People) -> Things:
    """A published event run by `organizer` (the member holds an approved registration),
    with a session and a question; a participants-only exchange linked to it, started by
    the organizer, with a reply by the member; another account and a reset link for it."""
    _counter["n"] += 1
    n = _counter["n"]
    users = people.users
    event = create_event(n, [users["organizer"]], capacity=50)
    question = create_question(event, label="Dietary needs?")
    starts = event.starts_at + timedelta(hours=1)
    session = agenda.add_session(
        event,
        SessionData(
            texts={"en": SessionTextData(title="Risk mapping")},
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        ),
    )
    # The session takes sign-ups; the event has an open survey (not answerable before the
    # event starts) with one question.
    workshop_services.configure(session, 20, [])
    survey = Survey(event_id=event.id, is_open=True)
    survey.questions.append(SurveyQuestion(kind="short_text", labels={"en": "Ideas?"}))
    db.session.add(survey)
    db.session.commit()
    registration = enrol_user(event, users["member"])
    past_event, past_survey = _answerable_survey(n, users)
    thread = exchanges.create_thread(
        users["organizer"],
        title=f"Early warning networks {n}",
        body="Phone trees that work without data.",
        language="en",
        tags=exchanges.Tags(regions=["africa"], risks=["criminalisation"]),
        visibility=Visibility.PARTICIPANTS.value,
        event_id=event.id,
    )
    db.session.flush()
    post = exchanges.reply(users["member"], thread, body="We did this in Cauca.", language="en")
    db.session.commit()
    target = make_person(f"matrix-target-{n}")
    token = resets.issue(target, issued_by=None)
    # A background badge export the organizer asked for (only its requester may fetch it).
    job = export_services.start_badge_job(event, [registration], "a6", "en", users["organizer"])
    db.session.commit()
    # A glossary concept, and a draft of the member's (only they may touch it).
    concept = glossary.create_concept(None, f"matrix_{n}", {"en": ["phone"], "es": ["teléfono"]})
    draft = drafts.save(
        users["member"],
        drafts.NEW,
        {"title": "A draft", "body": "Not yet."},
        signed_in_at=event.created_at,
    )
    db.session.commit()
    library = matrix_things(event.id, session.id, thread.id, users["staff"].id)
    # A verified incident of an attack, entered by the documenter.
    incident = attacks.create_incident(users["documenter"], incident_data())
    attacks.review(users["documenter"], incident, "verified")
    db.session.commit()
    observatory = observatory_things()
    proposals = proposal_things(event, users["member"])
    # The member asked for an invitation letter (only the letter issuer may read it).
    letter = letters.request_letter(users["member"], registration, letter_details(), "en")
    db.session.commit()
    return Things(
        event=event,
        values={
            "slug": event.slug,
            "session_id": session.id,
            "survey_id": survey.id,
            "past_slug": past_event.slug,
            "past_survey_id": past_survey.id,
            "item_id": survey.questions[0].id,
            "question_id": question.id,
            "registration_id": registration.id,
            "thread_id": thread.id,
            "post_id": post.id,
            "user_id": target.id,
            "username": target.username,
            "token": token,
            "signed": unsubscribe_token(target),
            "job_id": job.id,
            "concept_id": concept.id,
            "draft_id": draft.id,
            "incident_id": incident.id,
            "request_id": letter.id,
            "filename": "css/app.css",
            **library,
            **observatory,
            **proposals,
        },
    )


def _answerable_survey(n: int, users: dict[str, User]) -> tuple[Event, Survey]:
    """An event that began yesterday, the member approved for it, and an open survey
    with a required choice and a free-text question (for the fuzzer's survey answers)."""
    started = utcnow() - timedelta(days=1)
    event = create_event(
        10_000 + n, [users["organizer"]], slug=f"past-seminar-{n}", starts_at=started
    )
    db.session.add(Registration(event_id=event.id, user_id=users["member"].id, status="approved"))
    survey = Survey(event_id=event.id, is_open=True)
    survey.questions.append(
        SurveyQuestion(
            kind="single_choice",
            labels={"en": "Format?"},
            choices=[{"key": "c1", "labels": {"en": "Role play"}}],
            required=True,
            position=0,
        )
    )
    survey.questions.append(SurveyQuestion(kind="long_text", labels={"en": "Ideas?"}, position=1))
    db.session.add(survey)
    db.session.commit()
    return event, survey


class Visitors:
    """One signed-in client per role, copied for each request so none leaks into the next."""

    def __init__(self, app: Flask, people: People) -> None:
        self.app = app
        self.people = people
        self.clients: dict[str, FlaskClient] = {}
        for role in (*ROLES, *EXTRA_ROLES):
            self.sign_in(role)

    def sign_in(self, role: str) -> None:
        client = self.app.test_client()
        if role != "anon":
            response = login(client, self.people.users[role].username)
            assert response.status_code == 302, f"{role} could not sign in"
        self.clients[role] = client

    def request(self, role: str, method: str, path: str):  # noqa: ANN201
        client = self.app.test_client()
        client._cookies = dict(self.clients[role]._cookies)
        data = {} if method == "POST" else None
        return client.open(path, method=method, data=data)
