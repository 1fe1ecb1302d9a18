# ruff: noqa: E501
"""Thirty instruments in fifteen countries, in every region, with their timelines and a few
assessments, entered through the observatory's services as an editor would.

Demo data only: the instruments are modelled on real ones, but titles, dates and ratings
are simplified for trying the pages out — never a reference on any country's law.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from forum.extensions import db
from forum.library.models import Work, WorkText
from forum.models import Role, User, UserRole
from forum.observatory import services
from forum.observatory.models import Element, Instrument

D = date
# (country, level, kind, original language, original title, authority,
#  {language: (title, summary)}, [(status, date, {language: note})], {element code: (rating, note)})
INSTRUMENTS = [
    (
        "MX",
        "national",
        "law",
        "es",
        "Ley para la Protección de Personas Defensoras de Derechos Humanos y Periodistas",
        "Congreso de la Unión",
        {
            "en": (
                "Law for the Protection of Human Rights Defenders and Journalists",
                "Creates the federal protection mechanism, with a governing board where civil society sits.",
            ),
            "es": (
                "Ley para la Protección de Personas Defensoras de Derechos Humanos y Periodistas",
                "Crea el mecanismo federal de protección, con una junta de gobierno en la que participa la sociedad civil.",
            ),
        },
        [
            ("parliament", D(2012, 3, 1), {}),
            ("adopted", D(2012, 4, 30), {}),
            (
                "in_force",
                D(2012, 6, 26),
                {
                    "en": "Published in the official gazette.",
                    "es": "Publicada en el Diario Oficial.",
                },
            ),
            ("implemented", D(2012, 11, 12), {"en": "The mechanism took its first cases."}),
        ],
        {
            "recognition": ("meets", "Recognised in article 1."),
            "mechanism": ("meets", "Civil society holds seats on the governing board."),
            "budget": ("partly", "A trust fund exists; delays in payments are reported."),
            "gender-collective": ("partly", "Collective measures only by practice."),
        },
    ),
    (
        "MX",
        "subnational",
        "law",
        "es",
        "Ley de protección de personas defensoras del estado",
        "Congreso del estado",
        {
            "en": (
                "State law on the protection of defenders",
                "A state mechanism that coordinates with the federal one.",
            )
        },
        [
            ("proposed", D(2019, 2, 1), {}),
            ("parliament", D(2020, 9, 15), {"en": "Sent to committee."}),
        ],
        {},
    ),
    (
        "CO",
        "national",
        "decree",
        "es",
        "Decreto por el cual se organiza el Programa de Prevención y Protección",
        "Presidencia de la República",
        {
            "en": (
                "Decree organising the Prevention and Protection Programme",
                "Sets up the national protection unit and its risk assessment committee.",
            ),
            "es": (
                "Decreto por el cual se organiza el Programa de Prevención y Protección",
                "Organiza la unidad nacional de protección y su comité de evaluación del riesgo.",
            ),
        },
        [
            ("adopted", D(2011, 12, 27), {}),
            ("in_force", D(2011, 12, 27), {}),
            ("implemented", D(2012, 6, 1), {"en": "The protection unit runs the programme."}),
        ],
        {
            "mechanism": (
                "partly",
                "Civil society takes part in the committee as a guest, without a vote.",
            ),
            "gender-collective": (
                "meets",
                "A protocol for women defenders and collective routes exist.",
            ),
            "budget": ("meets", ""),
            "no-criminalisation": ("meets", ""),
        },
    ),
    (
        "CO",
        "national",
        "policy",
        "es",
        "Política pública integral de respeto y garantías para la labor de defensa de los derechos humanos",
        "Ministerio del Interior",
        {
            "en": (
                "Comprehensive public policy on guarantees for defending human rights",
                "A national policy agreed with social movements, with an action plan.",
            ),
            "es": (
                "Política pública integral de garantías para la defensa de los derechos humanos",
                "Una política nacional acordada con los movimientos sociales, con plan de acción.",
            ),
        },
        [
            ("proposed", D(2018, 8, 1), {}),
            ("adopted", D(2023, 7, 10), {"es": "Aprobada tras la mesa nacional de garantías."}),
        ],
        {},
    ),
    (
        "CO",
        "regional",
        "recommendation",
        "es",
        "Recomendaciones sobre la protección de líderes sociales",
        "Comisión Interamericana de Derechos Humanos",
        {
            "en": (
                "Recommendations on protecting social leaders",
                "Regional recommendations following an on-site visit.",
            )
        },
        [("adopted", D(2019, 12, 6), {})],
        {},
    ),
    (
        "BR",
        "national",
        "policy",
        "pt",
        "Programa de Proteção aos Defensores de Direitos Humanos, Comunicadores e Ambientalistas",
        "Ministério dos Direitos Humanos e da Cidadania",
        {
            "en": (
                "Protection Programme for Human Rights Defenders, Communicators and Environmentalists",
                "The federal programme, with state programmes under agreements.",
            ),
            "pt": (
                "Programa de Proteção aos Defensores de Direitos Humanos, Comunicadores e Ambientalistas",
                "O programa federal, com programas estaduais por convênio.",
            ),
        },
        [
            ("adopted", D(2004, 10, 26), {}),
            ("in_force", D(2007, 2, 12), {"pt": "Política nacional por decreto."}),
            ("implemented", D(2009, 1, 1), {}),
        ],
        {
            "recognition": ("meets", ""),
            "mechanism": ("partly", "A deliberative council includes civil society."),
            "budget": ("missing", "No budget set by law."),
            "gender-collective": ("partly", ""),
        },
    ),
    (
        "BR",
        "national",
        "bill",
        "pt",
        "Projeto de Lei sobre a proteção de defensores de direitos humanos",
        "Câmara dos Deputados",
        {
            "en": (
                "Bill on the protection of human rights defenders",
                "Would give the programme a legal basis.",
            )
        },
        [("proposed", D(2009, 12, 15), {}), ("parliament", D(2021, 5, 4), {"pt": "Em comissão."})],
        {},
    ),
    (
        "BR",
        "subnational",
        "mechanism",
        "pt",
        "Programa Estadual de Proteção aos Defensores de Direitos Humanos",
        "Governo do estado",
        {
            "en": (
                "State protection programme for defenders",
                "Run by the state government with a civil-society partner.",
            )
        },
        [
            ("adopted", D(2016, 3, 1), {}),
            ("suspended", D(2019, 1, 15), {"en": "The agreement lapsed."}),
            ("in_force", D(2021, 6, 1), {"en": "Renewed."}),
        ],
        {},
    ),
    (
        "HN",
        "national",
        "law",
        "es",
        "Ley de Protección para las y los Defensores de Derechos Humanos, Periodistas, Comunicadores Sociales y Operadores de Justicia",
        "Congreso Nacional",
        {
            "en": (
                "Law on the Protection of Human Rights Defenders, Journalists, Social Communicators and Justice Operators",
                "Creates the national protection system and council.",
            ),
            "es": (
                "Ley de Protección para Defensores de Derechos Humanos, Periodistas, Comunicadores Sociales y Operadores de Justicia",
                "Crea el sistema nacional de protección y su consejo.",
            ),
        },
        [
            ("parliament", D(2014, 10, 1), {}),
            ("adopted", D(2015, 4, 15), {}),
            ("in_force", D(2015, 5, 15), {}),
            ("implemented", D(2016, 1, 1), {}),
        ],
        {
            "recognition": ("meets", ""),
            "mechanism": ("meets", "Civil society sits on the national council."),
            "budget": ("partly", "Underfunded according to the council."),
        },
    ),
    (
        "HN",
        "national",
        "ruling",
        "es",
        "Sentencia sobre la protección de defensoras del territorio",
        "Corte Interamericana de Derechos Humanos",
        {
            "en": (
                "Ruling on the protection of land defenders",
                "Orders the State to strengthen protection and investigate.",
            )
        },
        [("adopted", D(2021, 10, 1), {})],
        {},
    ),
    (
        "GT",
        "national",
        "policy",
        "es",
        "Política Pública de Protección a Defensoras y Defensores de Derechos Humanos",
        "Comisión Presidencial",
        {
            "en": (
                "Public policy on the protection of human rights defenders",
                "Ordered by a regional court; drafted with civil society.",
            )
        },
        [
            ("proposed", D(2017, 6, 1), {}),
            (
                "suspended",
                D(2020, 8, 1),
                {"en": "Drafting stopped when the commission was dissolved."},
            ),
        ],
        {"mechanism": ("missing", "No mechanism exists.")},
    ),
    (
        "GT",
        "regional",
        "ruling",
        "es",
        "Caso Defensor de Derechos Humanos y otros vs. Guatemala",
        "Corte Interamericana de Derechos Humanos",
        {
            "en": (
                "Case of Human Rights Defender et al. v. Guatemala",
                "Orders a public policy for the protection of defenders.",
            )
        },
        [("adopted", D(2014, 8, 28), {})],
        {},
    ),
    (
        "PE",
        "national",
        "protocol",
        "es",
        "Protocolo para garantizar la protección de personas defensoras de derechos humanos",
        "Ministerio de Justicia y Derechos Humanos",
        {
            "en": (
                "Protocol to guarantee the protection of human rights defenders",
                "Early warnings and urgent measures, replaced by the intersectoral mechanism.",
            )
        },
        [
            ("adopted", D(2019, 4, 25), {}),
            ("repealed", D(2021, 4, 22), {"en": "Replaced by the intersectoral mechanism."}),
        ],
        {},
    ),
    (
        "PE",
        "national",
        "mechanism",
        "es",
        "Mecanismo intersectorial para la protección de las personas defensoras de derechos humanos",
        "Poder Ejecutivo",
        {
            "en": (
                "Intersectoral mechanism for the protection of human rights defenders",
                "Coordinates ministries for prevention, protection and access to justice.",
            )
        },
        [("adopted", D(2021, 4, 22), {}), ("in_force", D(2021, 4, 23), {})],
        {
            "mechanism": ("partly", "Civil society is consulted, not a member."),
            "gender-collective": ("meets", "Specific attention to indigenous and women defenders."),
        },
    ),
    (
        "CI",
        "national",
        "law",
        "fr",
        "Loi portant promotion et protection des défenseurs des droits de l'homme",
        "Assemblée nationale",
        {
            "en": (
                "Law on the promotion and protection of human rights defenders",
                "The first such law in Africa.",
            ),
            "fr": (
                "Loi portant promotion et protection des défenseurs des droits de l'homme",
                "La première loi de ce type en Afrique.",
            ),
        },
        [
            ("parliament", D(2014, 5, 1), {}),
            ("adopted", D(2014, 6, 20), {}),
            ("in_force", D(2014, 6, 20), {}),
        ],
        {
            "recognition": ("meets", ""),
            "gender-collective": ("partly", "Women defenders are named; no collective measures."),
            "no-restrictive-duties": (
                "restrictive",
                "Defenders must act 'in accordance with the law'.",
            ),
        },
    ),
    (
        "CI",
        "national",
        "decree",
        "fr",
        "Décret portant modalités d'application de la loi relative aux défenseurs des droits de l'homme",
        "Gouvernement",
        {
            "en": (
                "Decree implementing the law on human rights defenders",
                "Gives the national human rights council the protection mandate.",
            )
        },
        [("adopted", D(2017, 2, 15), {}), ("implemented", D(2018, 1, 1), {})],
        {"mechanism": ("partly", "")},
    ),
    (
        "BF",
        "national",
        "law",
        "fr",
        "Loi portant protection des défenseurs des droits humains",
        "Assemblée législative",
        {
            "en": (
                "Law on the protection of human rights defenders",
                "Recognises defenders and the State's duty to protect them.",
            )
        },
        [("adopted", D(2017, 6, 27), {}), ("in_force", D(2017, 7, 20), {})],
        {"recognition": ("meets", ""), "mechanism": ("missing", ""), "budget": ("missing", "")},
    ),
    (
        "ML",
        "national",
        "law",
        "fr",
        "Loi relative aux défenseurs des droits de l'homme",
        "Assemblée nationale",
        {
            "en": (
                "Law on human rights defenders",
                "Includes a protection mechanism within the national human rights commission.",
            )
        },
        [("adopted", D(2017, 12, 5), {}), ("in_force", D(2018, 1, 12), {})],
        {"mechanism": ("partly", "")},
    ),
    (
        "ML",
        "national",
        "decree",
        "fr",
        "Décret fixant les modalités d'application de la loi relative aux défenseurs",
        "Gouvernement",
        {"en": ("Implementing decree of the defenders law", "Awaited.")},
        [("proposed", D(2019, 3, 1), {})],
        {},
    ),
    (
        "CD",
        "subnational",
        "law",
        "fr",
        "Édit portant protection des défenseurs des droits humains et des journalistes au Sud-Kivu",
        "Assemblée provinciale du Sud-Kivu",
        {
            "en": (
                "Provincial edict on the protection of defenders and journalists in South Kivu",
                "The first provincial protection law in the country.",
            )
        },
        [("adopted", D(2016, 2, 10), {}), ("in_force", D(2016, 2, 10), {})],
        {},
    ),
    (
        "CD",
        "national",
        "bill",
        "fr",
        "Proposition de loi relative à la protection et à la responsabilité du défenseur des droits humains",
        "Sénat",
        {
            "en": (
                "Bill on the protection and responsibility of human rights defenders",
                "Civil society warns that its 'responsibility' clauses could restrict defenders.",
            )
        },
        [
            ("proposed", D(2017, 1, 1), {}),
            (
                "parliament",
                D(2023, 5, 1),
                {"fr": "Adoptée par le Sénat, en attente à l'Assemblée."},
            ),
        ],
        {"no-restrictive-duties": ("restrictive", "Registration duties for defenders.")},
    ),
    (
        "MN",
        "national",
        "law",
        "mn",
        "Хүний эрхийг хамгаалагчийн эрх зүйн байдлын тухай хууль",
        "State Great Khural",
        {
            "en": (
                "Law on the Legal Status of Human Rights Defenders",
                "The first such law in Asia; the national human rights commission receives complaints.",
            )
        },
        [
            ("parliament", D(2020, 11, 1), {}),
            ("adopted", D(2021, 4, 1), {}),
            ("in_force", D(2021, 5, 1), {}),
        ],
        {
            "recognition": ("meets", ""),
            "mechanism": ("partly", ""),
            "no-criminalisation": ("partly", "A clause on 'harm to national security' remains."),
        },
    ),
    (
        "PH",
        "national",
        "bill",
        "en",
        "Human Rights Defenders Protection Act",
        "House of Representatives",
        {
            "en": (
                "Human Rights Defenders Protection Act",
                "Would create an independent Human Rights Defenders Committee.",
            )
        },
        [
            ("proposed", D(2016, 7, 1), {}),
            ("parliament", D(2019, 1, 21), {"en": "Approved by the House; stalled in the Senate."}),
            ("parliament", D(2022, 8, 1), {"en": "Filed again."}),
        ],
        {},
    ),
    (
        "PH",
        "international",
        "recommendation",
        "en",
        "Recommendations of the UN Human Rights Council on the protection of defenders",
        "UN Human Rights Council",
        {
            "en": (
                "UN recommendations on protecting defenders",
                "Recommendations accepted by the State in its periodic review.",
            )
        },
        [("adopted", D(2022, 11, 14), {})],
        {},
    ),
    (
        "GE",
        "national",
        "law",
        "ka",
        "კანონი უცხოური გავლენის გამჭვირვალობის შესახებ",
        "Parliament of Georgia",
        {
            "en": (
                "Law on transparency of foreign influence",
                "Requires organisations with foreign funding to register as 'pursuing the interests of a foreign power'.",
            )
        },
        [
            ("parliament", D(2024, 4, 3), {}),
            ("adopted", D(2024, 5, 28), {}),
            ("in_force", D(2024, 6, 3), {}),
        ],
        {
            "no-restrictive-duties": (
                "restrictive",
                "Registration and reporting duties with fines.",
            ),
            "no-criminalisation": ("restrictive", ""),
        },
    ),
    (
        "KG",
        "national",
        "law",
        "ru",
        "Закон о некоммерческих организациях (иностранные представители)",
        "Jogorku Kenesh",
        {
            "en": (
                "Amendments on non-commercial organisations ('foreign representatives')",
                "Labels funded organisations as foreign representatives.",
            )
        },
        [
            ("parliament", D(2023, 10, 25), {}),
            ("adopted", D(2024, 3, 14), {}),
            ("in_force", D(2024, 4, 2), {}),
        ],
        {"no-restrictive-duties": ("restrictive", "")},
    ),
    (
        "ES",
        "international",
        "recommendation",
        "es",
        "Directrices sobre la protección de personas defensoras de derechos humanos en la acción exterior",
        "Ministerio de Asuntos Exteriores",
        {
            "en": (
                "Guidelines on protecting human rights defenders in foreign policy",
                "Embassies' guidance for supporting defenders abroad.",
            )
        },
        [("adopted", D(2019, 10, 1), {}), ("implemented", D(2020, 3, 1), {})],
        {},
    ),
    (
        "EG",
        "national",
        "law",
        "ar",
        "قانون تنظيم ممارسة العمل الأهلي",
        "مجلس النواب",
        {
            "en": (
                "Law regulating the exercise of civil work",
                "Replaced an earlier law; still requires permission for funding and activities.",
            ),
            "ar": (
                "قانون تنظيم ممارسة العمل الأهلي",
                "حلّ محل قانون سابق، ولا يزال يشترط الإذن المسبق للتمويل والأنشطة.",
            ),
        },
        [
            ("parliament", D(2019, 7, 1), {}),
            ("adopted", D(2019, 7, 15), {}),
            ("in_force", D(2019, 8, 19), {"ar": "نُشر في الجريدة الرسمية."}),
        ],
        {
            "no-restrictive-duties": ("restrictive", "Prior approval of foreign funding."),
            "recognition": ("missing", ""),
        },
    ),
    (
        "TN",
        "national",
        "bill",
        "ar",
        "مشروع قانون أساسي يتعلق بتنظيم الجمعيات",
        "مجلس نواب الشعب",
        {
            "en": (
                "Draft organic law on associations",
                "Would replace the 2011 decree-law that protects freedom of association.",
            )
        },
        [("proposed", D(2023, 10, 10), {}), ("parliament", D(2024, 1, 15), {})],
        {"no-restrictive-duties": ("restrictive", "Prior authorisation instead of notification.")},
    ),
    (
        "TN",
        "national",
        "decree",
        "fr",
        "Décret-loi portant organisation des associations",
        "Présidence",
        {
            "en": (
                "Decree-law on the organisation of associations",
                "Founding an association by simple notification.",
            ),
            "fr": (
                "Décret-loi portant organisation des associations",
                "Création d'une association par simple déclaration.",
            ),
        },
        [("adopted", D(2011, 9, 24), {}), ("in_force", D(2011, 9, 24), {})],
        {"no-restrictive-duties": ("meets", "Notification, not authorisation.")},
    ),
]


def _editor() -> User | None:
    return db.session.scalar(
        sa.select(User).join(UserRole).where(UserRole.role == Role.STAFF.value).limit(1)
    )


def seed() -> Iterable[str]:
    editor = _editor()
    if editor is None or db.session.scalar(sa.select(sa.func.count()).select_from(Instrument)):
        return []
    services.ensure_default_checklist()
    elements = {e.code: e for e in db.session.scalars(sa.select(Element))}
    funding_report = db.session.scalar(
        sa.select(Work.id)
        .join(WorkText, WorkText.work_id == Work.id)
        .where(
            WorkText.title == "Restrictions on funding: annual report", Work.visibility == "public"
        )
    )
    for (
        country,
        level,
        kind,
        original_language,
        original_title,
        authority,
        texts,
        steps,
        ratings,
    ) in INSTRUMENTS:
        languages = list(texts)
        first = languages[0]
        status, on, notes = steps[0]
        adopted = next((d for s, d, _ in steps if s == "adopted"), None)
        in_force = next((d for s, d, _ in steps if s == "in_force"), None)
        instrument = services.create_instrument(
            editor,
            services.InstrumentInput(
                country=country,
                level=level,
                kind=kind,
                original_language=original_language,
                original_title=original_title,
                authority=authority,
                introduced_on=steps[0][1] if steps[0][0] in ("proposed", "parliament") else None,
                adopted_on=adopted,
                in_force_on=in_force
                if in_force and (adopted is None or in_force >= adopted)
                else None,
                sources=[(f"https://example.org/observatory/{country.lower()}/{kind}", "")],
                work_ids=[funding_report]
                if funding_report and kind == "law" and country in ("EG", "GE", "KG")
                else [],
            ),
            services.TextInput(first, *texts[first]),
            status=status,
            status_on=on,
            note=notes.get(first, ""),
        )
        for language in languages[1:]:
            services.set_text(instrument, services.TextInput(language, *texts[language]))
        for status, on, notes in steps[1:]:
            services.add_status_change(editor, instrument, status, on, notes)
        for code, (rating, note) in ratings.items():
            services.set_assessment(
                editor,
                instrument,
                elements[code],
                rating=rating,
                source_url="",
                language="en",
                note=note,
            )
    db.session.flush()
    return [
        f"Observatory: {len(INSTRUMENTS)} instruments in {len({i[0] for i in INSTRUMENTS})} countries."
    ]
