# ruff: noqa: E501
"""A dozen works in several languages, with real PDFs made at seed time (WeasyPrint), so
no binary file lives in the repository. Each goes through the same upload service as a
real one (content check, mat2, storage), then is read for search at once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from weasyprint import HTML

from forum.events.models import Event, EventStatus
from forum.extensions import db
from forum.library import jobs, services
from forum.library.models import Edition, WorkText
from forum.models import Role, User, UserRole

# (kind, date, authors, tags, visibility, {language: (title, text)})
WORKS = [
    (
        "manual",
        date(2024, 3, 1),
        [("Protection Desk", "organisation")],
        {"risk": ["criminalisation"], "region": ["americas"]},
        "public",
        {
            "en": (
                "Facing criminalisation: a manual for defenders",
                "Document every hearing. Keep a trusted lawyer's number on paper. Rapid response networks protect land defenders.",
            ),
            "es": (
                "Frente a la criminalización: manual para personas defensoras",
                "Documenta cada audiencia. La red de acompañamiento protege a las defensoras rurales.",
            ),
            "pt": (
                "Enfrentar a criminalização: manual para defensoras e defensores",
                "Documente cada audiência. As redes de resposta rápida protegem quem defende a terra.",
            ),
        },
    ),
    (
        "guide",
        date(2024, 6, 12),
        [("Digital Safety Collective", "organisation")],
        {"risk": ["digital"]},
        "public",
        {
            "en": (
                "Phones at the checkpoint",
                "Before a checkpoint, log out of messaging apps and carry a clean phone.",
            ),
            "fr": (
                "Les téléphones au poste de contrôle",
                "Avant un contrôle, déconnectez les messageries et emportez un téléphone vide.",
            ),
            "ar": (
                "الهواتف عند نقاط التفتيش",
                "قبل نقطة التفتيش سجّل الخروج من تطبيقات المراسلة واحمل هاتفًا نظيفًا.",
            ),
        },
    ),
    (
        "study",
        date(2023, 11, 20),
        [("Observatory team", "organisation"), ("Cedro", "pseudonym")],
        {"group": ["women"], "risk": ["gender-based-violence"]},
        "public",
        {
            "en": (
                "Women defenders under threat: a three-year study",
                "Threats against women defenders rose where land conflicts grew.",
            ),
            "es": (
                "Defensoras bajo amenaza: estudio de tres años",
                "Las amenazas contra las defensoras crecieron donde aumentaron los conflictos por la tierra.",
            ),
        },
    ),
    (
        "report",
        date(2025, 1, 15),
        [("Protection Desk", "organisation")],
        {"region": ["africa"], "risk": ["restrictions"]},
        "public",
        {
            "en": (
                "Restrictions on funding: annual report",
                "New laws limit foreign funding of organisations in several countries.",
            ),
            "fr": (
                "Restrictions au financement : rapport annuel",
                "De nouvelles lois limitent le financement étranger des organisations dans plusieurs pays.",
            ),
        },
    ),
    (
        "training",
        date(2025, 2, 3),
        [("Training team", "organisation")],
        {"risk": ["threats"]},
        "public",
        {
            "en": (
                "Risk mapping: a training module",
                "Draw the map of actors, then rank each threat by likelihood and impact.",
            ),
            "es": (
                "Mapa de riesgos: módulo de formación",
                "Dibuja el mapa de actores y ordena cada amenaza por probabilidad e impacto.",
            ),
            "fr": (
                "Cartographie des risques : module de formation",
                "Dessinez la carte des acteurs puis classez chaque menace.",
            ),
            "pt": (
                "Mapa de riscos: módulo de formação",
                "Desenhe o mapa de atores e ordene cada ameaça por probabilidade e impacto.",
            ),
            "ar": (
                "رسم خريطة المخاطر: وحدة تدريبية",
                "ارسم خريطة الجهات الفاعلة ثم رتّب كل تهديد بحسب الاحتمال والأثر.",
            ),
        },
    ),
    (
        "guide",
        date(2022, 9, 9),
        [("Lawyers network", "organisation")],
        {"group": ["lawyers"], "risk": ["criminalisation"]},
        "members",
        {
            "en": (
                "Defending the defenders in court",
                "A checklist for lawyers representing defenders.",
            )
        },
    ),
    (
        "manual",
        date(2023, 4, 4),
        [("Community radio alliance", "organisation")],
        {"group": ["journalists"]},
        "public",
        {
            "es": (
                "Radios comunitarias seguras",
                "Rotar las voces al aire protege a quienes informan.",
            ),
            "pt": ("Rádios comunitárias seguras", "Alternar as vozes no ar protege quem informa."),
        },
    ),
    (
        "report",
        date(2024, 12, 1),
        [("Observatory team", "organisation")],
        {"region": ["mena"], "risk": ["raids"]},
        "public",
        {
            "ar": (
                "تقرير عن مداهمات المكاتب",
                "تصاعدت مداهمات مكاتب المنظمات ومصادرة المعلومات خلال العام.",
            ),
            "en": (
                "Report on office raids",
                "Raids on offices and seizure of information increased during the year.",
            ),
        },
    ),
    (
        "study",
        date(2021, 7, 30),
        [("Ipê", "pseudonym")],
        {"group": ["land-environment-indigenous"], "risk": ["land-environment"]},
        "public",
        {
            "pt": (
                "Defensores da terra na Amazônia",
                "Redes comunitárias de alerta reduziram os ataques.",
            ),
            "es": (
                "Defensores de la tierra en la Amazonía",
                "Las redes comunitarias de alerta redujeron los ataques.",
            ),
        },
    ),
    (
        "guide",
        date(2025, 5, 5),
        [("Wellbeing circle", "organisation")],
        {"risk": ["threats"]},
        "public",
        {
            "fr": (
                "Prendre soin de soi sous pression",
                "Des pauses régulières et un cercle de confiance aident à tenir.",
            ),
            "en": (
                "Caring for yourself under pressure",
                "Regular breaks and a circle of trust help you keep going.",
            ),
        },
    ),
    (
        "manual",
        date(2024, 8, 18),
        [("Relocation desk", "organisation")],
        {"risk": ["displacement"]},
        "members",
        {
            "en": (
                "Temporary relocation: a practical manual",
                "Plan the move, the money and the return before you leave.",
            ),
            "ar": ("الانتقال المؤقت: دليل عملي", "خطّط للانتقال والمال والعودة قبل المغادرة."),
        },
    ),
    (
        "training",
        date(2025, 3, 22),
        [("Training team", "organisation")],
        {"risk": ["criminalisation"]},
        "participants",
        {
            "es": (
                "Protección colectiva: materiales del taller",
                "Ejercicios del taller de protección colectiva.",
            ),
            "en": (
                "Collective protection: workshop materials",
                "Exercises from the collective protection workshop.",
            ),
        },
    ),
]


def _pdf(title: str, text: str, language: str) -> bytes:
    direction = "rtl" if language == "ar" else "ltr"
    html = (
        f'<html lang="{language}" dir="{direction}"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _curator() -> User | None:
    return db.session.scalar(
        sa.select(User).join(UserRole).where(UserRole.role == Role.STAFF.value).limit(1)
    )


def seed() -> Iterable[str]:
    curator = _curator()
    if curator is None:
        return []
    existing = set(db.session.scalars(sa.select(WorkText.title)))
    event = db.session.scalar(
        sa.select(Event)
        .where(Event.status == EventStatus.PUBLISHED.value)
        .order_by(Event.starts_at)
    )
    created = 0
    for kind, published_on, authors, tags, visibility, editions in WORKS:
        languages = list(editions)
        first = languages[0]
        if editions[first][0] in existing:
            continue
        if visibility == "participants" and event is None:
            visibility = "members"
        title, text = editions[first]
        work = services.create_work(
            curator,
            services.WorkInput(
                kind,
                published_on,
                visibility,
                event.id if visibility == "participants" else None,
                authors,
                tags,
            ),
            services.EditionInput(first, title, text, _pdf(title, text, first)),
            curator=True,
        )
        for language in languages[1:]:
            title, text = editions[language]
            services.add_edition(
                work,
                curator,
                services.EditionInput(language, title, text, _pdf(title, text, language)),
            )
        if visibility == "participants" and event is not None:
            services.link_to_event(work, event, "curriculum", None, curator)
        db.session.commit()
        for edition_id in db.session.scalars(
            sa.select(Edition.id).where(Edition.work_id == work.id)
        ):
            jobs.process_edition(edition_id)
        created += 1
    return [f"Library: {created} works with their editions."] if created else []
