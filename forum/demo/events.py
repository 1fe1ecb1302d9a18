"""Demo events: what a visitor sees first on a development copy of Convene.

Five fictional events across regions and languages, each with a two-day agenda in
parallel rooms, breaks and one cancelled session. Venues, speakers and organisations are
invented. Dates are set relative to the day the demo is first loaded, so there is always
something upcoming and something past. Running `seed` again adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from forum.dates import to_local, to_utc
from forum.demo.accounts import demo_user
from forum.events import agenda, services
from forum.events.models import Event
from forum.events.services import EventData, EventTextData, SessionData, SessionTextData
from forum.extensions import db
from forum.models import utcnow


@dataclass(frozen=True)
class Slot:
    """One agenda item: `when` is "<day> HH:MM-HH:MM" in the event's own time zone."""

    when: str
    kind: str
    titles: dict[str, str]
    room: str = ""
    speakers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    cancelled: bool = False

    def times(self, first_day: date, timezone: str) -> tuple[datetime, datetime]:
        day, span = self.when.split(" ")
        start, end = span.split("-")
        return (
            _at(first_day, int(day), start, timezone),
            _at(first_day, int(day), end, timezone),
        )


@dataclass
class DemoEvent:
    slug: str
    kind: str
    default_locale: str
    timezone: str
    days_from_today: int
    texts: dict[str, EventTextData]
    city: str | None
    country: str | None
    venue_name: str | None = None
    venue_address: str | None = None
    online_url: str | None = None
    confidential: bool = False
    capacity: int | None = None
    requires_approval: bool = False
    interpretation: list[str] = field(default_factory=list)
    sessions: list[Slot] = field(default_factory=list)


def _bogota() -> DemoEvent:
    return DemoEvent(
        slug="proteccion-colectiva-bogota",
        kind="seminar",
        default_locale="es",
        timezone="America/Bogota",
        days_from_today=45,
        city="Bogotá",
        country="CO",
        venue_name="Casa de la Memoria Viva",
        venue_address="Carrera 7 # 22-31, La Candelaria",
        capacity=60,
        requires_approval=True,
        interpretation=["en", "es"],
        texts={
            "es": EventTextData(
                title="Seminario: protección colectiva y redes comunitarias de alerta temprana",
                summary=(
                    "Dos días para compartir cómo las comunidades rurales organizan su propia "
                    "protección: guardias, cadenas de llamadas y acompañamiento."
                ),
                description=(
                    "Personas defensoras del territorio de Cauca, Chocó, Catatumbo y Urabá "
                    "compartirán qué les ha funcionado para **alertar a tiempo** y qué no.\n\n"
                    "## Para quién\n\n"
                    "- integrantes de guardias indígenas, cimarronas y campesinas;\n"
                    "- organizaciones que acompañan a comunidades en riesgo;\n"
                    "- personas que coordinan redes de alerta en su municipio.\n\n"
                    "Habrá interpretación simultánea español–inglés. Pedimos no tomar "
                    "fotografías de las personas participantes."
                ),
            ),
            "en": EventTextData(
                title="Seminar: collective protection and community early-warning networks",
                summary=(
                    "Two days sharing how rural communities organise their own protection: "
                    "guards, phone trees and accompaniment."
                ),
                description=(
                    "Land defenders from Cauca, Chocó, Catatumbo and Urabá share what has "
                    "worked to **raise the alarm in time**, and what has not.\n\n"
                    "## Who it is for\n\n"
                    "- members of Indigenous, Afro-descendant and peasant guards;\n"
                    "- organisations accompanying communities at risk;\n"
                    "- people coordinating alert networks in their municipality.\n\n"
                    "Simultaneous Spanish–English interpretation. Please do not photograph "
                    "other participants."
                ),
            ),
        },
        sessions=[
            Slot(
                "1 08:30-09:00",
                "plenary",
                titles={
                    "es": "Bienvenida y acuerdos de cuidado",
                    "en": "Welcome and care agreements",
                },
                speakers=("Lucía Organiza",),
                languages=("es", "en"),
            ),
            Slot(
                "1 09:00-10:30",
                "panel",
                titles={
                    "es": "Panel: lo que las guardias comunitarias saben de protección",
                    "en": "Panel: what community guards know about protection",
                },
                speakers=("Doña Rosa, guardia indígena", "Yesid T.", "Colectivo Río Vivo"),
                languages=("es",),
            ),
            Slot("1 10:30-11:00", "break", titles={"es": "Café", "en": "Coffee"}),
            Slot(
                "1 11:00-12:30",
                "workshop",
                room="Sala Magdalena",
                titles={
                    "es": "Taller: mapa de riesgos con la comunidad",
                    "en": "Workshop: mapping risks with the community",
                },
                speakers=("Marta C.",),
                languages=("es",),
            ),
            Slot(
                "1 11:00-12:30",
                "workshop",
                room="Sala Orinoco",
                titles={
                    "es": "Taller: cadenas de llamadas que funcionan sin señal",
                    "en": "Workshop: phone trees that work without signal",
                },
                speakers=("J. P.", "Radio Comunitaria La Voz"),
                languages=("es", "en"),
            ),
            Slot("1 12:30-14:00", "break", titles={"es": "Almuerzo", "en": "Lunch"}),
            Slot(
                "1 14:00-15:30",
                "workshop",
                room="Sala Magdalena",
                titles={
                    "es": "Taller: acompañamiento internacional y sus límites",
                    "en": "Workshop: international accompaniment and its limits",
                },
                speakers=("Brigadas de Paz (observadora)",),
                languages=("es", "en"),
                cancelled=True,
            ),
            Slot(
                "1 14:00-15:30",
                "workshop",
                room="Sala Orinoco",
                titles={
                    "es": "Taller: protocolos ante amenazas a familias",
                    "en": "Workshop: protocols when families are threatened",
                },
                speakers=("Abogada M. Rincón",),
                languages=("es",),
            ),
            Slot(
                "1 16:00-17:00",
                "social",
                titles={
                    "es": "Encuentro: música y memoria del Pacífico",
                    "en": "Gathering: music and memory from the Pacific coast",
                },
            ),
            Slot(
                "2 09:00-10:30",
                "workshop",
                room="Sala Magdalena",
                titles={
                    "es": "Taller: documentar agresiones sin exponer a las víctimas",
                    "en": "Workshop: documenting attacks without exposing victims",
                },
                speakers=("Ana Lucía G.",),
                languages=("es",),
            ),
            Slot(
                "2 09:00-10:30",
                "workshop",
                room="Sala Orinoco",
                titles={
                    "es": "Taller: seguridad digital básica para líderes sociales",
                    "en": "Workshop: basic digital security for social leaders",
                },
                speakers=("Camilo (pseudónimo)",),
                languages=("es", "en"),
            ),
            Slot("2 10:30-11:00", "break", titles={"es": "Café", "en": "Coffee"}),
            Slot(
                "2 11:00-12:30",
                "plenary",
                titles={
                    "es": "Plenaria: rutas de respuesta institucional y comunitaria",
                    "en": "Plenary: institutional and community response pathways",
                },
                speakers=("Defensoría regional (invitada)", "Doña Rosa, guardia indígena"),
                languages=("es",),
            ),
            Slot("2 12:30-14:00", "break", titles={"es": "Almuerzo", "en": "Lunch"}),
            Slot(
                "2 14:00-15:30",
                "plenary",
                titles={
                    "es": "Cierre: compromisos y próximos pasos",
                    "en": "Closing: commitments and next steps",
                },
                speakers=("Lucía Organiza",),
                languages=("es", "en"),
            ),
        ],
    )


def _dakar() -> DemoEvent:
    return DemoEvent(
        slug="forum-defenseurs-terre-dakar",
        kind="forum",
        default_locale="fr",
        timezone="Africa/Dakar",
        days_from_today=75,
        city="Dakar",
        country="SN",
        venue_name="Centre Kër Jàmm",
        venue_address="Route de la Corniche Ouest, Fann",
        capacity=120,
        interpretation=["fr", "en"],
        texts={
            "fr": EventTextData(
                title="Forum régional : défenseur·es de la terre et de l'environnement en "
                "Afrique de l'Ouest",
                summary=(
                    "Trois régions, un même défi : protéger celles et ceux qui défendent "
                    "la terre face à l'accaparement et aux poursuites."
                ),
                description=(
                    "Ce forum réunit des défenseur·es du Sénégal, du Mali, de Guinée, de "
                    "Côte d'Ivoire et du Burkina Faso pour échanger sur la **protection "
                    "juridique** et la **solidarité entre communautés**.\n\n"
                    "Interprétation français–anglais dans toutes les salles."
                ),
            ),
            "en": EventTextData(
                title="Regional forum: land and environmental defenders in West Africa",
                summary=(
                    "Many countries, one challenge: protecting those who defend land against "
                    "grabbing and prosecution."
                ),
                description=(
                    "Defenders from Senegal, Mali, Guinea, Côte d'Ivoire and Burkina Faso "
                    "meet to exchange on **legal protection** and **solidarity between "
                    "communities**.\n\nFrench–English interpretation in every room."
                ),
            ),
        },
        sessions=[
            Slot(
                "1 09:00-09:45",
                "plenary",
                titles={
                    "fr": "Ouverture et consignes de sécurité",
                    "en": "Opening and safety briefing",
                },
                speakers=("Aminata S.",),
                languages=("fr", "en"),
            ),
            Slot(
                "1 09:45-11:00",
                "panel",
                titles={
                    "fr": "Table ronde : criminalisation des défenseur·es fonciers",
                    "en": "Round table: criminalisation of land defenders",
                },
                speakers=("Me Ousmane D.", "Collectif des femmes de Ndiaël"),
                languages=("fr",),
            ),
            Slot("1 11:00-11:30", "break", titles={"fr": "Pause", "en": "Break"}),
            Slot(
                "1 11:30-13:00",
                "workshop",
                room="Salle Baobab",
                titles={
                    "fr": "Atelier : documenter un accaparement de terres",
                    "en": "Workshop: documenting a land grab",
                },
                speakers=("Issa K.",),
                languages=("fr",),
            ),
            Slot(
                "1 11:30-13:00",
                "workshop",
                room="Salle Fleuve",
                titles={
                    "fr": "Atelier : réagir à une arrestation arbitraire",
                    "en": "Workshop: responding to an arbitrary arrest",
                },
                speakers=("Me Fatou N.",),
                languages=("fr", "en"),
            ),
            Slot("1 13:00-14:30", "break", titles={"fr": "Déjeuner", "en": "Lunch"}),
            Slot(
                "1 14:30-16:00",
                "workshop",
                room="Salle Baobab",
                titles={
                    "fr": "Atelier : radios communautaires et alerte",
                    "en": "Workshop: community radio and alerts",
                },
                speakers=("Radio Jikko",),
                languages=("fr",),
            ),
            Slot(
                "1 14:30-16:00",
                "workshop",
                room="Salle Fleuve",
                titles={
                    "fr": "Atelier : fonds d'urgence et relocalisation temporaire",
                    "en": "Workshop: emergency funds and temporary relocation",
                },
                speakers=("Réseau Solidarité Sahel",),
                languages=("fr", "en"),
                cancelled=True,
            ),
            Slot(
                "1 18:30-20:30", "social", titles={"fr": "Dîner d'accueil", "en": "Welcome dinner"}
            ),
            Slot(
                "2 09:00-10:30",
                "workshop",
                room="Salle Baobab",
                titles={
                    "fr": "Atelier : femmes défenseures et violences ciblées",
                    "en": "Workshop: women defenders and targeted violence",
                },
                speakers=("Mariam T.",),
                languages=("fr",),
            ),
            Slot(
                "2 09:00-10:30",
                "workshop",
                room="Salle Fleuve",
                titles={
                    "fr": "Atelier : plaidoyer auprès des mécanismes régionaux",
                    "en": "Workshop: advocacy with regional mechanisms",
                },
                speakers=("K. Mensah",),
                languages=("en", "fr"),
            ),
            Slot("2 10:30-11:00", "break", titles={"fr": "Pause", "en": "Break"}),
            Slot(
                "2 11:00-12:30",
                "plenary",
                titles={
                    "fr": "Plénière : une feuille de route commune de protection",
                    "en": "Plenary: a shared protection roadmap",
                },
                languages=("fr", "en"),
            ),
            Slot(
                "2 12:30-13:30",
                "plenary",
                titles={"fr": "Clôture", "en": "Closing"},
                speakers=("Aminata S.",),
                languages=("fr", "en"),
            ),
        ],
    )


def _beirut() -> DemoEvent:
    return DemoEvent(
        slug="digital-security-workshop-beirut",
        kind="workshop",
        default_locale="ar",
        timezone="Asia/Beirut",
        days_from_today=100,
        city="Beirut",
        country="LB",
        venue_name="Dar Al-Nour guesthouse",
        venue_address="Second floor, a side street off Rue Gouraud, Gemmayzeh",
        confidential=True,
        capacity=24,
        requires_approval=True,
        interpretation=["ar", "en"],
        texts={
            "ar": EventTextData(
                title="ورشة عمل: الأمن الرقمي للمدافعات عن حقوق الإنسان",
                summary=(
                    "يومان عمليّان لحماية الهواتف والحسابات والاتصالات من المراقبة "
                    "والاختراق والتشهير عبر الإنترنت."
                ),
                description=(
                    "ورشة مخصّصة للمدافعات عن حقوق الإنسان والصحفيات في المنطقة. "
                    "نعمل في مجموعات صغيرة على أجهزتكنّ الخاصة.\n\n"
                    "**يُكشف عن مكان الورشة للمشاركات المؤكَّدات فقط.** "
                    "يُرجى عدم نشر أي صور أو أسماء."
                ),
            ),
            "en": EventTextData(
                title="Workshop: digital security for women human rights defenders",
                summary=(
                    "Two hands-on days protecting phones, accounts and communications from "
                    "surveillance, hacking and online smear campaigns."
                ),
                description=(
                    "For women defenders and journalists from the region. We work in small "
                    "groups on your own devices.\n\n"
                    "**The venue is shared with confirmed participants only.** Please do not "
                    "post photos or names."
                ),
            ),
        },
        sessions=[
            Slot(
                "1 09:30-10:00",
                "plenary",
                titles={"ar": "الترحيب واتفاقيات الأمان", "en": "Welcome and safety agreements"},
                speakers=("Rana",),
                languages=("ar", "en"),
            ),
            Slot(
                "1 10:00-11:30",
                "workshop",
                titles={
                    "ar": "تقييم المخاطر الرقمية الشخصية",
                    "en": "Assessing your personal digital risks",
                },
                speakers=("Rana", "Hiba M."),
                languages=("ar",),
            ),
            Slot("1 11:30-12:00", "break", titles={"ar": "استراحة", "en": "Break"}),
            Slot(
                "1 12:00-13:30",
                "workshop",
                room="Room 1",
                titles={
                    "ar": "تأمين الهاتف: الأقفال والنسخ الاحتياطي",
                    "en": "Securing your phone: locks and backups",
                },
                speakers=("Hiba M.",),
                languages=("ar",),
            ),
            Slot(
                "1 12:00-13:30",
                "workshop",
                room="Room 2",
                titles={
                    "ar": "حماية الحسابات: المصادقة الثنائية",
                    "en": "Protecting accounts: two-factor authentication",
                },
                speakers=("Nour K.",),
                languages=("ar", "en"),
            ),
            Slot("1 13:30-14:30", "break", titles={"ar": "غداء", "en": "Lunch"}),
            Slot(
                "1 14:30-16:00",
                "workshop",
                room="Room 1",
                titles={"ar": "التعامل مع حملات التشهير", "en": "Responding to smear campaigns"},
                speakers=("Nour K.",),
                languages=("ar",),
            ),
            Slot(
                "1 14:30-16:00",
                "workshop",
                room="Room 2",
                titles={"ar": "التحقق من برامج التجسس", "en": "Checking for spyware"},
                speakers=("Technical volunteer",),
                languages=("en",),
                cancelled=True,
            ),
            Slot(
                "2 09:30-11:00",
                "workshop",
                room="Room 1",
                titles={
                    "ar": "الاتصالات المشفّرة مع المصادر",
                    "en": "Encrypted communication with sources",
                },
                speakers=("Hiba M.",),
                languages=("ar",),
            ),
            Slot(
                "2 09:30-11:00",
                "workshop",
                room="Room 2",
                titles={
                    "ar": "العنف الرقمي القائم على النوع الاجتماعي",
                    "en": "Gender-based online violence",
                },
                speakers=("Rana",),
                languages=("ar", "en"),
            ),
            Slot("2 11:00-11:30", "break", titles={"ar": "استراحة", "en": "Break"}),
            Slot(
                "2 11:30-13:00",
                "plenary",
                titles={"ar": "خطة أمان لكل مشاركة", "en": "A safety plan for each participant"},
                speakers=("Rana", "Nour K."),
                languages=("ar", "en"),
            ),
        ],
    )


def _sao_paulo() -> DemoEvent:
    return DemoEvent(
        slug="formacao-comunicadoras-sao-paulo",
        kind="training",
        default_locale="pt",
        timezone="America/Sao_Paulo",
        days_from_today=-60,
        city="São Paulo",
        country="BR",
        venue_name="Centro Cultural Vila Esperança",
        venue_address="Rua Tamandaré, 1200, Liberdade",
        capacity=40,
        texts={
            "pt": EventTextData(
                title="Formação: protocolos de segurança para comunicadoras e comunicadores "
                "populares",
                summary=(
                    "Dois dias de formação prática para quem faz comunicação popular nas "
                    "periferias e nos territórios."
                ),
                description=(
                    "Uma formação para comunicadoras e comunicadores de rádios comunitárias, "
                    "coletivos de mídia e jornais de bairro que enfrentam **ameaças** e "
                    "**processos judiciais** por causa do seu trabalho.\n\n"
                    "Com participação de pessoas defensoras do Pará, da Bahia e de São Paulo."
                ),
            ),
        },
        sessions=[
            Slot(
                "1 09:00-09:30",
                "plenary",
                titles={"pt": "Abertura e acordos de cuidado"},
                speakers=("Coletivo Voz da Quebrada",),
                languages=("pt",),
            ),
            Slot(
                "1 09:30-11:00",
                "panel",
                titles={"pt": "Roda de conversa: ameaças a quem comunica"},
                speakers=("Dona Cida", "Thiago R."),
                languages=("pt",),
            ),
            Slot("1 11:00-11:30", "break", titles={"pt": "Café"}),
            Slot(
                "1 11:30-13:00",
                "workshop",
                room="Sala 1",
                titles={"pt": "Oficina: o que fazer diante de um processo por difamação"},
                speakers=("Advogada popular J. S.",),
                languages=("pt",),
            ),
            Slot(
                "1 11:30-13:00",
                "workshop",
                room="Sala 2",
                titles={"pt": "Oficina: segurança na cobertura de despejos"},
                speakers=("Rede de Comunicadores do Norte",),
                languages=("pt",),
            ),
            Slot("1 13:00-14:00", "break", titles={"pt": "Almoço"}),
            Slot(
                "1 14:00-15:30",
                "workshop",
                room="Sala 1",
                titles={"pt": "Oficina: proteger fontes e arquivos"},
                speakers=("Thiago R.",),
                languages=("pt",),
            ),
            Slot(
                "1 14:00-15:30",
                "workshop",
                room="Sala 2",
                titles={"pt": "Oficina: fotografia sem expor pessoas"},
                speakers=("Lia F.",),
                languages=("pt",),
                cancelled=True,
            ),
            Slot(
                "2 09:00-10:30",
                "workshop",
                room="Sala 1",
                titles={"pt": "Oficina: plano de segurança do coletivo"},
                speakers=("Dona Cida",),
                languages=("pt",),
            ),
            Slot(
                "2 09:00-10:30",
                "workshop",
                room="Sala 2",
                titles={"pt": "Oficina: cuidado emocional depois de uma ameaça"},
                speakers=("Psicóloga R. M.",),
                languages=("pt",),
            ),
            Slot("2 10:30-11:00", "break", titles={"pt": "Café"}),
            Slot(
                "2 11:00-12:30",
                "plenary",
                titles={"pt": "Encerramento e rede de apoio"},
                languages=("pt",),
            ),
        ],
    )


def _online() -> DemoEvent:
    return DemoEvent(
        slug="resisting-criminalisation-online",
        kind="conference",
        default_locale="en",
        timezone="UTC",
        days_from_today=30,
        city=None,
        country=None,
        online_url="https://meet.convene.example/criminalisation-2027",
        confidential=True,
        capacity=500,
        requires_approval=True,
        interpretation=["es", "fr", "ar"],
        texts={
            "en": EventTextData(
                title="Online conference: resisting criminalisation — legal defence "
                "strategies across regions",
                summary=(
                    "Lawyers and defenders from five regions compare strategies against "
                    "judicial harassment: what held up in court, and what did not."
                ),
                description=(
                    "An online conference in two half-days, timed so that people from "
                    "Latin America, Africa, the Middle East and Asia can join.\n\n"
                    "- interpretation into Spanish, French and Arabic;\n"
                    "- breakout rooms by region;\n"
                    "- the link is sent only to confirmed participants.\n\n"
                    "Cameras are optional. You may join under a pseudonym."
                ),
            ),
        },
        sessions=[
            Slot(
                "1 12:00-12:20",
                "plenary",
                titles={"en": "Opening and how to stay safe online"},
                speakers=("Conference host",),
                languages=("en",),
            ),
            Slot(
                "1 12:20-13:30",
                "panel",
                titles={"en": "Panel: patterns of judicial harassment in the 2020s"},
                speakers=("Adv. Priya S.", "Me Fatou N.", "Abogada M. Rincón"),
                languages=("en", "es", "fr"),
            ),
            Slot("1 13:30-13:45", "break", titles={"en": "Break"}),
            Slot(
                "1 13:45-15:00",
                "workshop",
                room="Breakout: Americas",
                titles={"en": "Strategic litigation against protest laws"},
                speakers=("Abogada M. Rincón",),
                languages=("es", "en"),
            ),
            Slot(
                "1 13:45-15:00",
                "workshop",
                room="Breakout: Africa",
                titles={"en": "Bail, pre-trial detention and solidarity funds"},
                speakers=("Me Ousmane D.",),
                languages=("fr", "en"),
            ),
            Slot(
                "1 13:45-15:00",
                "workshop",
                room="Breakout: Asia-Pacific",
                titles={"en": "Cyber-libel and sedition charges"},
                speakers=("Adv. Priya S.",),
                languages=("en",),
                cancelled=True,
            ),
            Slot(
                "2 12:00-13:15",
                "workshop",
                room="Breakout: Middle East & North Africa",
                titles={"en": "Counter-terrorism laws used against defenders"},
                speakers=("Layal H.",),
                languages=("ar", "en"),
            ),
            Slot(
                "2 12:00-13:15",
                "workshop",
                room="Breakout: Europe & Central Asia",
                titles={"en": "'Foreign agent' laws and what organisations did"},
                speakers=("Olena",),
                languages=("en",),
            ),
            Slot("2 13:15-13:30", "break", titles={"en": "Break"}),
            Slot(
                "2 13:30-14:30",
                "plenary",
                titles={"en": "Closing plenary: a shared legal-defence toolkit"},
                speakers=("Conference host", "Layal H."),
                languages=("en", "es", "fr", "ar"),
            ),
        ],
    )


DEMO_EVENTS = (_bogota, _dakar, _beirut, _sao_paulo, _online)


def _at(first_day: date, day: int, clock: str, timezone: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    local = datetime.combine(first_day + timedelta(days=day - 1), time(hours, minutes))
    return to_utc(local, timezone)


def _create(spec: DemoEvent) -> Event:
    organizer = demo_user("organizer")
    first_day = to_local(utcnow(), spec.timezone).date() + timedelta(days=spec.days_from_today)
    times = [slot.times(first_day, spec.timezone) for slot in spec.sessions]
    starts_at = min(start for start, _ in times)
    ends_at = max(end for _, end in times)
    opens = starts_at - timedelta(days=90)
    event = services.create_event(
        organizer,
        EventData(
            kind=spec.kind,
            default_locale=spec.default_locale,
            texts=spec.texts,
            timezone=spec.timezone,
            starts_at=starts_at,
            ends_at=ends_at,
            slug=spec.slug,
            venue_name=spec.venue_name,
            venue_address=spec.venue_address,
            city=spec.city,
            country=spec.country,
            online_url=spec.online_url,
            location_confidential=spec.confidential,
            capacity=spec.capacity,
            registration_opens_at=opens,
            registration_closes_at=starts_at - timedelta(days=3),
            requires_approval=spec.requires_approval,
            interpretation_languages=spec.interpretation,
        ),
    )
    services.publish_event(event)
    for slot, (slot_start, slot_end) in zip(spec.sessions, times, strict=True):
        session = agenda.add_session(
            event,
            SessionData(
                texts={code: SessionTextData(title=title) for code, title in slot.titles.items()},
                starts_at=slot_start,
                ends_at=slot_end,
                kind=slot.kind,
                room=slot.room,
                speakers=list(slot.speakers),
                languages=list(slot.languages),
            ),
        )
        if slot.cancelled:
            agenda.cancel_session(session)
    return event


def seed() -> Iterator[str]:
    yield "Demo events:"
    existing = set(db.session.scalars(sa.select(Event.slug)))
    for build in DEMO_EVENTS:
        spec = build()
        if spec.slug in existing:
            yield f"  (already there) /events/{spec.slug}/"
            continue
        event = _create(spec)
        note = " — confidential venue" if spec.confidential else ""
        yield f"  /events/{event.slug}/ ({len(spec.sessions)} sessions){note}"
