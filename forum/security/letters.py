"""Rules for invitation letters: passport details are for the letter issuer only.

A registrant (pending or approved: visas take weeks, so asking need not wait for the
organizers' decision) may ask for a letter for their own registration, and download it
once it is issued while their registration is approved. Reading the passport details of
any request, and issuing or declining it, is for holders of the `letter_issuer` role
(with two-factor sign-in, like every role): not organizers, staff or administrators, who
see that a letter was asked for nowhere. Every such read is audited by the views.
"""

from __future__ import annotations

from typing import Any

from forum.events.registration.models import Registration, RegistrationStatus
from forum.letters.models import LetterRequest, LetterStatus
from forum.models import Role
from forum.security.core import has_role, is_member, rule

#: Registrations that may ask for a letter.
REQUESTING_STATUSES = frozenset(
    {RegistrationStatus.PENDING.value, RegistrationStatus.APPROVED.value}
)


def issues_letters(user: Any) -> bool:
    return has_role(user, Role.LETTER_ISSUER)


@rule("letter.request")
def _request_letter(user: Any, registration: Registration | None) -> bool:
    """Their own registration, still pending or approved."""
    return (
        is_member(user)
        and registration is not None
        and registration.user_id == user.id
        and registration.status in REQUESTING_STATUSES
    )


@rule("letter.download")
def _download_letter(user: Any, request: LetterRequest | None) -> bool:
    """Their own issued letter, while their registration stays approved."""
    return (
        is_member(user)
        and request is not None
        and request.user_id == user.id
        and request.status == LetterStatus.ISSUED.value
        and request.registration.status == RegistrationStatus.APPROVED.value
    )


@rule("letter.issue")
def _issue_letters(user: Any, _: Any) -> bool:
    """See the requests and their passport details; issue or decline them."""
    return issues_letters(user)
