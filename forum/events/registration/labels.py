"""Translated names for registration codes: listing consent, statuses, event roles,
and the actions an event's audit log records."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.events.registration.models import (
    EventRole,
    ListingConsent,
    RegistrationStatus,
)

LISTING_LABELS = {
    ListingConsent.NOBODY.value: _l("Nobody: do not list me"),
    ListingConsent.PARTICIPANTS.value: _l("Approved participants of this event"),
    ListingConsent.MEMBERS.value: _l("All members"),
}


STATUS_LABELS = {
    RegistrationStatus.PENDING.value: _l("Awaiting approval"),
    RegistrationStatus.APPROVED.value: _l("Approved"),
    RegistrationStatus.WAITLISTED.value: _l("On the waiting list"),
    RegistrationStatus.DECLINED.value: _l("Declined"),
    RegistrationStatus.CANCELLED.value: _l("Cancelled"),
}


EVENT_ROLE_LABELS = {
    EventRole.PARTICIPANT.value: _l("Participant"),
    EventRole.SPEAKER.value: _l("Speaker"),
    EventRole.ORGANIZER.value: _l("Organizer"),
    EventRole.STAFF.value: _l("Staff"),
    EventRole.INTERPRETER.value: _l("Interpreter"),
}


# Actions recorded in the audit log, as the log pages and a person's data export name them.
# Other features (exports, badges, check-in desks, accounts) add theirs here.
AUDIT_ACTION_LABELS = {
    "proposals.decide": _l("Decided on a proposal"),
    "registrations.view": _l("Viewed the registrations list"),
    "registration.approve": _l("Approved a registration"),
    "registration.decline": _l("Declined a registration"),
    "registration.check_in": _l("Checked someone in"),
    "registration.check_in_undone": _l("Undid a check-in"),
    "registration.check_in_repeat": _l("Scanned a badge already checked in"),
    "registration.check_in_refused": _l("Refused a check-in: registration not approved"),
    "registration.check_in_other_event": _l("Scanned a badge of another event"),
    "registration.check_in_unknown": _l("Scanned an unknown badge code"),
    "badges.export": _l("Printed badges"),
    "badges.export_started": _l("Started a badge export in the background"),
    "badges.download": _l("Downloaded badges printed in the background"),
    "attendees.view": _l("Viewed the attendee list"),
    "attendees.export": _l("Downloaded the attendee list (CSV)"),
    "agenda.confidential_pdf": _l("Downloaded the agenda with the confidential venue"),
    "message.send": _l("Sent a message to registrants (number of recipients)"),
    "badges.view": _l("Opened the badge page (names of registrants)"),
    "checkin.search": _l("Searched the check-in desk by name"),
    "event_audit.view": _l("Read this audit log"),
    "logistics.view": _l("Viewed the logistics figures"),
    "logistics.view_exact": _l("Viewed the logistics figures with exact counts"),
    "admin.audit_view": _l("Read the audit log"),
    "admin.reset_view": _l("Opened an account's reset page"),
    "admin.users_view": _l("Viewed the list of accounts"),
    "attacks.read": _l("Read an incident record"),
    "role.grant": _l("Gave a role"),
    "role.revoke": _l("Took back a role"),
    "password_reset.issue": _l("Issued a password reset link"),
    "password_reset.email": _l("Sent a password reset link by email"),
}
