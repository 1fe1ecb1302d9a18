"""Rules for workshop sign-up and feedback surveys.

* Signing up for a workshop, and answering a survey: approved participants of the event.
* Who signed up for a workshop: its facilitators (member accounts the organizers linked,
  with two-factor sign-in like every privilege) and those who run the event. The list
  itself is shown only while the session runs (`workshops.services.list_is_open`); before
  and after, a count.
* Surveys are built by those who run the event; their published figures are for the
  event's team; free-text answers for those who run it only.
"""

from __future__ import annotations

from typing import Any

from forum.events.models import Event
from forum.events.workshops.models import WorkshopSettings
from forum.security.core import is_member, rule, uses_privileges
from forum.security.events import is_approved_participant, runs_event, sees_all_of_event


def facilitates(user: Any, settings: WorkshopSettings | None) -> bool:
    return (
        settings is not None
        and uses_privileges(user)
        and any(person.id == user.id for person in settings.facilitators)
    )


@rule("workshop.sign_up")
def _sign_up(user: Any, event: Event) -> bool:
    return is_member(user) and is_approved_participant(user, event)


@rule("workshop.configure")
def _configure(user: Any, event: Event) -> bool:
    return runs_event(user, event)


@rule("workshop.attendees")
def _see_attendees(user: Any, event_and_settings: Any) -> bool:
    event, settings = event_and_settings
    return runs_event(user, event) or facilitates(user, settings)


@rule("survey.answer")
def _answer_survey(user: Any, event: Event) -> bool:
    return is_member(user) and is_approved_participant(user, event)


@rule("survey.manage")
def _manage_surveys(user: Any, event: Event) -> bool:
    return runs_event(user, event)


@rule("survey.results")
def _see_results(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)


@rule("survey.free_text")
def _read_free_text(user: Any, event: Event) -> bool:
    return runs_event(user, event)
