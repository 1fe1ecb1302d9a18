"""Demo profiles, registration questions and registrations. Development only; idempotent.

Runs after the events' demo step: it attaches questions to every published event that
has none and registers the demo members for events still taking registrations. Without
published events it only fills in profiles.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from forum.auth.services import find_user
from forum.events.models import Event, EventStatus
from forum.events.registration import services
from forum.events.registration.models import Question, Registration
from forum.events.registration.questions import services as question_services
from forum.events.registration.questions.services import ChoiceInput, QuestionInput
from forum.events.registration.services import Decision, RegistrationError
from forum.extensions import db
from forum.models import utcnow
from forum.profiles.services import profile_of, save_profile

# username -> profile fields and their visibility (pseudonymous demo people).
PROFILES: dict[str, dict[str, object]] = {
    "amina": {
        "organisation": "Collectif des défenseures du fleuve",
        "organisation_visibility": "participants",
        "country": "SN",
        "country_visibility": "members",
        "languages": ["fr", "wo"],
        "languages_visibility": "members",
        "pronouns": "elle",
        "pronouns_visibility": "participants",
    },
    "joao": {
        "country": "BR",
        "country_visibility": "participants",
        "languages": ["pt", "es"],
        "languages_visibility": "members",
        "bio": "Advogado popular, defende comunidades quilombolas.",
        "bio_visibility": "organizers",
    },
    "layla": {
        "country": "LB",
        "country_visibility": "organizers",
        "languages": ["ar", "en", "fr"],
        "languages_visibility": "participants",
    },
    "mariana": {
        "legal_name": "Mariana (demo legal name)",
        "legal_name_visibility": "organizers",
        "organisation": "Red de defensoras de la tierra",
        "organisation_visibility": "members",
        "country": "GT",
        "country_visibility": "members",
        "languages": ["es", "qu"],
        "languages_visibility": "members",
        "pronouns": "ella",
        "pronouns_visibility": "members",
    },
    "tenzin": {"languages": ["en", "ne"], "languages_visibility": "participants"},
    "olena": {
        "country": "UA",
        "country_visibility": "participants",
        "contact": "signal: olena.demo",
        "contact_visibility": "organizers",
    },
}


def _labels(en: str, es: str, fr: str, pt: str, ar: str) -> dict[str, str]:
    return {"en": en, "es": es, "fr": fr, "pt": pt, "ar": ar}


QUESTIONS = (
    QuestionInput(
        kind="multiple_choice",
        purpose="dietary",
        required=False,
        sensitive=True,
        labels=_labels(
            "Dietary needs",
            "Necesidades alimentarias",
            "Besoins alimentaires",
            "Necessidades alimentares",
            "الاحتياجات الغذائية",
        ),
        choices=[
            ChoiceInput(
                None, _labels("Vegetarian", "Vegetariana", "Végétarien", "Vegetariana", "نباتي")
            ),
            ChoiceInput(None, _labels("Vegan", "Vegana", "Végétalien", "Vegana", "نباتي صرف")),
            ChoiceInput(None, _labels("Halal", "Halal", "Halal", "Halal", "حلال")),
            ChoiceInput(
                None,
                _labels("No gluten", "Sin gluten", "Sans gluten", "Sem glúten", "خالٍ من الغلوتين"),
            ),
        ],
    ),
    QuestionInput(
        kind="long_text",
        purpose="accessibility",
        required=False,
        sensitive=True,
        labels=_labels(
            "Accessibility needs",
            "Necesidades de accesibilidad",
            "Besoins d'accessibilité",
            "Necessidades de acessibilidade",
            "احتياجات إمكانية الوصول",
        ),
    ),
    QuestionInput(
        kind="single_choice",
        purpose="interpretation",
        required=True,
        sensitive=False,
        labels=_labels(
            "Which language do you follow the sessions in?",
            "¿En qué idioma sigues las sesiones?",
            "Dans quelle langue suivez-vous les sessions ?",
            "Em que idioma acompanha as sessões?",
            "بأي لغة تتابع الجلسات؟",
        ),
        choices=[
            ChoiceInput(None, _labels("English", "Inglés", "Anglais", "Inglês", "الإنجليزية")),
            ChoiceInput(None, _labels("Spanish", "Español", "Espagnol", "Espanhol", "الإسبانية")),
            ChoiceInput(None, _labels("French", "Francés", "Français", "Francês", "الفرنسية")),
            ChoiceInput(
                None, _labels("Portuguese", "Portugués", "Portugais", "Português", "البرتغالية")
            ),
            ChoiceInput(None, _labels("Arabic", "Árabe", "Arabe", "Árabe", "العربية")),
        ],
    ),
    QuestionInput(
        kind="short_text",
        purpose="emergency_contact",
        required=False,
        sensitive=True,
        labels=_labels(
            "Emergency contact (name and phone)",
            "Contacto de emergencia (nombre y teléfono)",
            "Contact d'urgence (nom et téléphone)",
            "Contacto de emergência (nome e telefone)",
            "جهة اتصال للطوارئ (الاسم والهاتف)",
        ),
    ),
)

# username, listing choice, interpretation choice key, dietary choice keys
REGISTRANTS = (
    ("amina", "participants", "c3", ["c1"]),
    ("joao", "members", "c4", []),
    ("layla", "participants", "c5", ["c3"]),
    ("mariana", "nobody", "c2", ["c2", "c4"]),
    ("tenzin", "participants", "c1", []),
)


def seed() -> Iterator[str]:
    yield "Registration demo data:"
    made = 0
    for username, values in PROFILES.items():
        user = find_user(username)
        if user is not None and profile_of(user) is None:
            save_profile(user, values)
            made += 1
    db.session.commit()  # the registrations below lock events: nothing may be pending
    yield f"  profiles: {made} added"
    events = db.session.scalars(
        sa.select(Event)
        .where(Event.status == EventStatus.PUBLISHED.value)
        .order_by(Event.starts_at)
    ).all()
    if not events:
        yield "  no published events yet: questions and registrations skipped"
        return
    for event in events:
        yield from _seed_event(event.id)


def _seed_event(event_id: int) -> Iterator[str]:
    event = db.session.get(Event, event_id)
    has_questions = db.session.scalar(
        sa.select(sa.func.count()).select_from(Question).where(Question.event_id == event.id)
    )
    if not has_questions:
        for question in QUESTIONS:
            question_services.create_question(event, question)
        db.session.commit()
        yield f"  {event.slug}: {len(QUESTIONS)} questions"
    questions = {
        q.purpose: q
        for q in db.session.scalars(sa.select(Question).where(Question.event_id == event_id))
    }
    registered = 0
    for username, listing, language, diet in REGISTRANTS:
        user = find_user(username)
        if user is None or services.find_registration(event_id, user.id) is not None:
            continue
        answers: dict[int, object] = {}
        if "interpretation" in questions:
            answers[questions["interpretation"].id] = language
        if "dietary" in questions and diet:
            answers[questions["dietary"].id] = diet
        request = services.RegistrationRequest(
            badge_name="", locale=user.locale or "en", listing=listing, consent=True,
            answers=answers,
        )  # fmt: skip
        try:
            services.register(event_id, user, request)
        except RegistrationError:
            db.session.rollback()  # closed, over, or the demo questions were changed
            continue
        db.session.commit()
        registered += 1
    if registered:
        yield f"  {event.slug}: {registered} demo members registered"
    yield from _approve_first_requests(event_id)


def _approve_first_requests(event_id: int) -> Iterator[str]:
    """In events that vet requests, the organizer approves the first two."""
    event = db.session.get(Event, event_id)
    if not event.requires_approval or not event.organizers or event.ends_at < utcnow():
        return
    pending = db.session.scalars(
        sa.select(Registration.id)
        .where(Registration.event_id == event_id, Registration.status == "pending")
        .order_by(Registration.created_at)
        .limit(2)
    ).all()
    if pending:
        services.decide(event_id, pending, Decision.APPROVE, actor=event.organizers[0])
        db.session.commit()
        yield f"  {event.slug}: {len(pending)} requests approved by the organizer"
