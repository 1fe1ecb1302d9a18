"""Demo exchanges: realistic protection tactics in five languages (development only).

Every story is invented; places are named at country level only, as we ask members to
do. Each thread is a dict; replies are `(author, language, body, [replies])` tuples and
an author written as "anon:<username>" posts as "Anonymous member".
"""

from __future__ import annotations

from typing import Any

THREADS: list[dict[str, Any]] = [
    # --- English -------------------------------------------------------------------------
    {
        "author": "tenzin",
        "language": "en",
        "title": "Phone hygiene before crossing a checkpoint or a border",
        "body": (
            "Several of us have had phones searched at checkpoints and airports. What has "
            "worked for our network:\n\n"
            "- **A travel phone** with only the apps you need for the trip, no history.\n"
            "- Before leaving: back up, then log out of messaging apps and remove "
            "contacts that could put others at risk.\n"
            "- Turn on disappearing messages in group chats a week before travelling.\n"
            "- Agree in advance what you will say if asked for a password, and with a "
            "lawyer what your rights are.\n"
            "- Share your route with one trusted person and agree check-in times; if you "
            "miss two, they start the alert plan.\n\n"
            "It costs a cheap second phone and an hour of preparation each time."
        ),
        "regions": ["asia-pacific"],
        "countries": ["NP"],
        "risks": ["digital", "raids"],
        "groups": ["journalists"],
        "perpetrator": "state",
        "context": "travel",
        "for_whom": "Journalists and defenders who travel to meetings abroad",
        "outcome": "worked",
        "resources": "A second phone, an hour of preparation, one trusted contact",
        "visibility": "public",
        "days_ago": 58,
        "replies": [
            (
                "olena",
                "en",
                "We do the same, and add one thing: a paper list of three "
                "emergency numbers in your wallet. When the phone is taken you still need them.",
                [
                    (
                        "tenzin",
                        "en",
                        "Good point. We also write the lawyer's number on the "
                        "inside of the arm before protests, but for travel paper is better.",
                        [],
                    ),
                ],
            ),
            (
                "amina",
                "fr",
                "Chez nous, la vérification au retour compte autant : on fait "
                "contrôler le téléphone par une personne de confiance avant de le reconnecter "
                "aux groupes.",
                [],
            ),
        ],
    },
    {
        "author": "olena",
        "language": "en",
        "title": "Documenting attacks when power and the network are down",
        "body": (
            "During long outages we still had to document attacks on civilians for later "
            "legal cases. Our routine:\n\n"
            "1. Photos and notes go into an encrypted folder on the phone, never the "
            "gallery.\n"
            "2. We strip location data before anything leaves the device.\n"
            "3. A paper log with date, time and a code number for each item, kept apart "
            "from the phone, so the chain of custody survives if the phone is lost.\n"
            "4. When the connection comes back, one person uploads to the organisation's "
            "server and confirms by a code word.\n\n"
            "It partly worked: the paper logs were sometimes lost when people moved."
        ),
        "regions": ["europe-central-asia"],
        "countries": ["UA"],
        "risks": ["physical-attacks", "raids"],
        "groups": ["victims-witnesses"],
        "perpetrator": "state",
        "context": "urban",
        "for_whom": "Documentation teams working in areas under attack",
        "outcome": "partly",
        "resources": "Phones with encryption, notebooks, one trained person per team",
        "visibility": "public",
        "days_ago": 54,
        "replies": [
            (
                "layla",
                "ar",
                "نستخدم طريقة مشابهة. أضفنا نسخة ثانية من السجل الورقي يحملها "
                "شخص آخر، حتى لا يضيع كل شيء إذا اضطر أحدنا إلى النزوح.",
                [
                    (
                        "olena",
                        "en",
                        "A second copy carried by someone else is a good fix for "
                        "our weak point. Thank you.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "staff",
        "language": "en",
        "title": "Early-warning committees in rural communities",
        "body": (
            "In the communities we accompany, threats usually come before attacks: "
            "strangers asking questions, vehicles at night, rumours. Each village chose "
            "a small committee (always including women) that:\n\n"
            "- keeps a simple log of incidents;\n"
            "- runs a phone tree, and a whistle signal where there is no signal;\n"
            "- knows which two outside organisations to call, in order;\n"
            "- meets the local authorities twice a year so they know the committee "
            "exists.\n\n"
            "Twice this year the log showed a pattern early enough to move a defender "
            "before the threat was carried out."
        ),
        "regions": ["africa"],
        "countries": ["GH"],
        "risks": ["land-environment", "threats"],
        "groups": ["rural", "land-environment-indigenous"],
        "perpetrator": "non-state",
        "context": "rural",
        "for_whom": "Villages defending their land against a mining concession",
        "outcome": "worked",
        "resources": "Notebooks, phone credit, whistles, a yearly training day",
        "visibility": "public",
        "days_ago": 50,
        "replies": [
            (
                "joao",
                "pt",
                "Nos territórios quilombolas fazemos algo parecido. A presença "
                "obrigatória de mulheres no comitê mudou tudo: elas percebem sinais que os "
                "homens não comentam.",
                [
                    (
                        "staff",
                        "en",
                        "Same here. Women often hear about threats first, at the "
                        "market or the water point.",
                        [
                            (
                                "amina",
                                "fr",
                                "Et il faut prévoir la sécurité des femmes du comité "
                                "elles-mêmes : elles deviennent visibles.",
                                [],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "tenzin",
        "language": "en",
        "title": "Responding to a coordinated smear campaign without feeding it",
        "body": (
            "Last year a network of accounts accused our LGBTIQ+ partners of being "
            "'foreign agents'. What helped:\n\n"
            "- We **documented first** (screenshots with dates, links, account names) "
            "and only then reported to the platforms.\n"
            "- Nobody replied to the attackers. Allies published positive stories about "
            "the work instead.\n"
            "- One person handled the documentation so the targeted people did not have "
            "to read the abuse.\n"
            "- We used a trusted-partner channel at one platform; it was faster than "
            "ordinary reports.\n\n"
            "The campaign slowed after three weeks. The stress did not; plan for care."
        ),
        "regions": ["asia-pacific"],
        "risks": ["stigmatisation", "digital"],
        "groups": ["lgbtiq", "journalists"],
        "perpetrator": "unknown",
        "context": "online",
        "for_whom": "Organisations targeted by online campaigns",
        "outcome": "partly",
        "resources": "One person's time for documentation, allies ready to publish",
        "visibility": "public",
        "days_ago": 47,
        "replies": [
            (
                "mariana",
                "es",
                "Coincidimos: no responder a los ataques fue lo más difícil "
                "y lo más útil. También pedimos a periodistas aliadas que contaran nuestra "
                "versión.",
                [],
            ),
            (
                "anon:olena",
                "en",
                "A warning from experience: check whether the campaign "
                "repeats details only insiders know. In our case it came from a former "
                "volunteer, and we had to change our internal channels.",
                [],
            ),
        ],
    },
    {
        "author": "olena",
        "language": "en",
        "title": "Relocating a defender's family: what we learned",
        "body": (
            "When threats started to target the children of a colleague, we helped the "
            "family relocate for six months. Lessons:\n\n"
            "- Temporary relocation programmes exist, but the applications take weeks: "
            "start before the emergency.\n"
            "- Keep the children in school (online if needed); it was the most "
            "stabilising thing.\n"
            "- Plan the return from the start, with a security check of the home area.\n"
            "- Psychosocial support for the whole family, not only the defender."
        ),
        "regions": ["europe-central-asia"],
        "risks": ["threats", "displacement"],
        "groups": ["victims-witnesses"],
        "perpetrator": "state",
        "context": "exile",
        "for_whom": "Families of defenders under threat",
        "outcome": "partly",
        "resources": "Relocation grant, school arrangements, a psychologist",
        "visibility": "members",
        "days_ago": 44,
        "replies": [
            (
                "layla",
                "ar",
                "نقطة التخطيط للعودة منذ البداية مهمة جداً. كثير من العائلات "
                "تبقى عالقة لأن أحداً لم يفكر في ذلك.",
                [],
            ),
        ],
    },
    {
        "author": "staff",
        "language": "en",
        "title": "Keeping an organisation alive after a 'foreign agent' law froze our funds",
        "body": (
            "Our bank account was frozen under a new law on foreign funding. Steps that "
            "kept us working:\n\n"
            "- A fiscal sponsor abroad received grants for six months.\n"
            "- We split activities: public legal work stayed registered; sensitive "
            "support moved to informal collectives.\n"
            "- We documented every compliance step, which helped in court.\n"
            "- Donors accepted flexible budgets once we explained the risk.\n\n"
            "We lost two staff who could not wait for salaries. Plan reserves early."
        ),
        "regions": ["europe-central-asia"],
        "risks": ["restrictions"],
        "groups": ["lawyers"],
        "perpetrator": "state",
        "context": "workplace",
        "for_whom": "Registered NGOs facing restrictive laws",
        "outcome": "partly",
        "resources": "A fiscal sponsor, a lawyer, three months of reserves",
        "visibility": "members",
        "days_ago": 40,
        "replies": [
            (
                "layla",
                "ar",
                "واجهنا قانوناً مشابهاً. تجربتنا: لا تنقلوا كل النشاط إلى "
                "مجموعات غير رسمية، فهي تفقد الحماية القانونية بسرعة.",
                [
                    (
                        "staff",
                        "en",
                        "Agreed, the split must stay small. Thanks for the warning.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "tenzin",
        "language": "en",
        "title": "A legal hotline for students arrested at campus protests",
        "body": (
            "After mass arrests at two universities we set up a hotline in 48 hours:\n\n"
            "- One number, staffed in shifts by volunteer lawyers and law students.\n"
            "- Students wrote the number on their arm before protests.\n"
            "- A bail fund with clear rules, managed by two people.\n"
            "- A family liaison, so parents heard facts rather than rumours.\n\n"
            "Most students were released within a day; the hotline now runs before every "
            "big protest."
        ),
        "regions": ["asia-pacific"],
        "countries": ["BD"],
        "risks": ["criminalisation"],
        "groups": ["students-youth", "lawyers"],
        "perpetrator": "state",
        "context": "protest",
        "for_whom": "Student movements",
        "outcome": "worked",
        "resources": "Volunteer lawyers, a phone line, a small bail fund",
        "visibility": "public",
        "days_ago": 36,
        "replies": [
            (
                "layla",
                "ar",
                "طبقنا الفكرة نفسها بعد احتجاجات الشباب، وأضفنا جدولاً "
                "بأسماء المحتجزين يُحدَّث كل ساعة.",
                [
                    (
                        "tenzin",
                        "en",
                        "How do you protect that list? A list of detainees is sensitive.",
                        [
                            (
                                "layla",
                                "ar",
                                "نستخدم رموزاً بدل الأسماء الكاملة، والجدول الأصلي "
                                "مشفر ولا يصل إليه إلا شخصان.",
                                [],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "anon:olena",
        "language": "en",
        "title": "When the threat comes from inside our own network",
        "body": (
            "I am posting this anonymously. A woman defender in our network was "
            "harassed by a respected colleague, and our protection plan had nothing "
            "for it: every protocol assumed the danger comes from outside.\n\n"
            "What we changed afterwards:\n\n"
            "- A safeguarding policy with two contact people outside the leadership.\n"
            "- A confidential way to report, and a promise of no retaliation, in "
            "writing.\n"
            "- Protection plans now ask 'who could harm you from inside?'\n\n"
            "It only partly worked: trust takes longer to rebuild than a policy."
        ),
        "regions": ["europe-central-asia", "mena"],
        "risks": ["gender-based-violence", "threats"],
        "groups": ["women"],
        "perpetrator": "non-state",
        "context": "community",
        "for_whom": "Networks and collectives of defenders",
        "outcome": "partly",
        "resources": "Two trained contact people, a written policy",
        "visibility": "members",
        "days_ago": 33,
        "replies": [
            (
                "amina",
                "fr",
                "Merci de l'avoir écrit. Nous avons vécu la même chose ; "
                "le plus utile a été une personne référente extérieure à l'organisation.",
                [
                    (
                        "anon:olena",
                        "en",
                        "An outside person is what we are missing. How did you choose them?",
                        [
                            (
                                "amina",
                                "fr",
                                "Une psychologue d'une organisation partenaire, "
                                "choisie par les femmes du réseau elles-mêmes.",
                                [],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    # --- Español -------------------------------------------------------------------------
    {
        "author": "mariana",
        "language": "es",
        "title": "Red de abogadas de guardia ante la criminalización de defensoras comunitarias",
        "body": (
            "Cuando detienen a una defensora comunitaria, las primeras horas son "
            "decisivas. Armamos una red de abogadas de guardia:\n\n"
            "- Un turno semanal con dos abogadas localizables día y noche.\n"
            "- Cada comunidad tiene una tarjeta con el número y qué decir (y qué no) "
            "al ser detenida.\n"
            "- Una persona de la comunidad acompaña a la familia en la fiscalía.\n"
            "- Registramos cada caso para mostrar el patrón de criminalización ante "
            "organismos internacionales.\n\n"
            "En dos años, ninguna detenida pasó más de 48 horas sin defensa."
        ),
        "regions": ["americas"],
        "countries": ["GT"],
        "risks": ["criminalisation"],
        "groups": ["women", "land-environment-indigenous"],
        "perpetrator": "state",
        "context": "court",
        "for_whom": "Defensoras indígenas y comunitarias",
        "outcome": "worked",
        "resources": "Abogadas voluntarias, viáticos, tarjetas impresas",
        "visibility": "public",
        "days_ago": 56,
        "replies": [
            (
                "amina",
                "fr",
                "Très proche de ce que nous faisons au Sénégal. La carte "
                "« quoi dire en cas d'arrestation » est une excellente idée.",
                [
                    (
                        "mariana",
                        "es",
                        "¡Gracias! Si quieren, compartimos el modelo de tarjeta para adaptarlo.",
                        [],
                    ),
                ],
            ),
            (
                "joao",
                "pt",
                "Como vocês financiam os deslocamentos das advogadas? Esse é "
                "o nosso maior problema.",
                [
                    (
                        "mariana",
                        "es",
                        "Con un fondo pequeño de emergencia que renovamos cada "
                        "año con dos donantes.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "mariana",
        "language": "es",
        "title": "Acompañamiento internacional en territorios con empresas extractivas",
        "body": (
            "La presencia de acompañantes internacionales redujo los ataques durante los "
            "desalojos. Claves:\n\n"
            "- Las comunidades deciden cuándo y dónde quieren acompañamiento.\n"
            "- Las acompañantes informan a las autoridades de su presencia: la "
            "visibilidad es la protección.\n"
            "- Rotación cada tres meses para no crear dependencia.\n\n"
            "No sustituye la organización comunitaria; la complementa."
        ),
        "regions": ["americas"],
        "countries": ["HN"],
        "risks": ["land-environment", "physical-attacks"],
        "groups": ["land-environment-indigenous", "rural"],
        "perpetrator": "non-state",
        "context": "rural",
        "for_whom": "Comunidades en conflicto por la tierra",
        "outcome": "worked",
        "resources": "Voluntariado internacional, coordinación con embajadas",
        "visibility": "public",
        "days_ago": 49,
        "replies": [
            (
                "staff",
                "en",
                "We saw the same effect with observers from the diaspora. "
                "Did the companies change tactics when observers were present?",
                [
                    (
                        "mariana",
                        "es",
                        "Sí: pasaron de la violencia directa a denuncias "
                        "judiciales. Por eso lo combinamos con la red de abogadas.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "organizer",
        "language": "es",
        "title": "Protocolo de seguridad para radios comunitarias amenazadas",
        "body": (
            "Tres radios comunitarias de nuestra red recibieron amenazas tras informar "
            "sobre tala ilegal. El protocolo que acordamos:\n\n"
            "- Nunca una sola voz: los temas sensibles se firman como colectivo.\n"
            "- Copias de seguridad de los programas fuera de la emisora.\n"
            "- Un plan para salir al aire desde otro lugar si hay que cerrar la cabina.\n"
            "- Registro de amenazas compartido con una organización nacional.\n\n"
            "Funcionó a medias: una radio tuvo que cerrar dos meses."
        ),
        "regions": ["americas"],
        "countries": ["CO"],
        "risks": ["threats", "digital"],
        "groups": ["journalists", "rural"],
        "perpetrator": "non-state",
        "context": "rural",
        "for_whom": "Radios y medios comunitarios",
        "outcome": "partly",
        "resources": "Disco externo, un transmisor de respaldo, alianzas nacionales",
        "visibility": "public",
        "days_ago": 42,
        "replies": [
            (
                "joao",
                "pt",
                "Firmar como coletivo também nos protegeu. Os ataques "
                "ficaram difusos, sem um alvo único.",
                [],
            ),
            (
                "tenzin",
                "en",
                "Do you have a checklist for the 'broadcast from elsewhere' "
                "plan? We would like to adapt it.",
                [],
            ),
        ],
    },
    {
        "author": "mariana",
        "language": "es",
        "title": "Campañas de estigmatización: responder sin exponernos más",
        "body": (
            "Cuando un político nos llamó «enemigas del desarrollo» en televisión, "
            "aprendimos que:\n\n"
            "- Responder en caliente amplifica el ataque.\n"
            "- Es mejor que hablen aliados con legitimidad: iglesias, universidades, "
            "periodistas.\n"
            "- Documentamos cada declaración para una posible acción legal.\n\n"
            "La campaña bajó, pero seguimos viendo sus efectos en la comunidad."
        ),
        "regions": ["americas"],
        "countries": ["MX"],
        "risks": ["stigmatisation"],
        "groups": ["women", "lgbtiq"],
        "perpetrator": "state",
        "context": "online",
        "for_whom": "Colectivos feministas y de diversidad",
        "outcome": "partly",
        "resources": "Tiempo de documentación, red de aliados",
        "visibility": "members",
        "days_ago": 31,
        "replies": [
            ("layla", "ar", "تجربتنا متطابقة تقريباً: الحلفاء أكثر تأثيراً من ردنا المباشر.", []),
        ],
    },
    {
        "author": "organizer",
        "language": "es",
        "title": "Allanamiento a nuestra oficina: lo que haríamos distinto",
        "body": (
            "La policía entró a la oficina con una orden amplia y se llevó computadoras. "
            "Lo que no funcionó, para que otras organizaciones no repitan errores:\n\n"
            "- Los discos no estaban cifrados.\n"
            "- No teníamos la lista de contactos de emergencia impresa.\n"
            "- Nadie sabía quién debía hablar con la policía.\n\n"
            "Desde entonces ciframos todo, tenemos un rol de «vocera» y hacemos un "
            "simulacro al año."
        ),
        "regions": ["americas"],
        "risks": ["raids", "restrictions"],
        "groups": ["lawyers"],
        "perpetrator": "state",
        "context": "workplace",
        "for_whom": "Organizaciones con oficina",
        "outcome": "failed",
        "resources": "Cifrado de discos, un simulacro anual",
        "visibility": "public",
        "days_ago": 27,
        "replies": [
            (
                "layla",
                "ar",
                "التمرين السنوي فكرة ممتازة. نحن نضيف إليه مراجعة الأوراق "
                "المطبوعة الموجودة في المكتب.",
                [
                    ("organizer", "es", "¡Buen punto! El papel se nos olvida siempre.", []),
                ],
            ),
            (
                "olena",
                "en",
                "Thank you for sharing what did not work. Those are the most useful posts here.",
                [],
            ),
        ],
    },
    {
        "author": "mariana",
        "language": "es",
        "title": "Medidas cautelares: ¿protegen de verdad?",
        "body": (
            "Varias compañeras tienen medidas cautelares de la Comisión Interamericana. "
            "En la práctica, el Estado las implementa tarde o mal (escoltas de la misma "
            "policía que las amenaza). Lo que sí ayudó: usarlas como herramienta de "
            "visibilidad y de diálogo con las autoridades, no como protección física."
        ),
        "regions": ["americas"],
        "countries": ["GT"],
        "risks": ["threats", "criminalisation"],
        "groups": ["victims-witnesses", "women"],
        "perpetrator": "state",
        "context": "court",
        "for_whom": "Defensoras con medidas de protección",
        "outcome": "partly",
        "resources": "Acompañamiento jurídico internacional",
        "visibility": "public",
        "locked": True,
        "days_ago": 24,
        "replies": [
            (
                "joao",
                "pt",
                "No Brasil o programa nacional de proteção tem o mesmo problema de implementação.",
                [],
            ),
            (
                "moderator",
                "fr",
                "Je verrouille cet échange : la discussion continue dans "
                "le fil sur les programmes nationaux de protection. Merci à toutes et à "
                "tous.",
                [],
            ),
        ],
    },
    # --- Français ------------------------------------------------------------------------
    {
        "author": "amina",
        "language": "fr",
        "title": "Un réseau d'avocates pour les défenseures poursuivies en justice",
        "body": (
            "Au Sénégal et dans la sous-région, les défenseures qui dénoncent les "
            "violences sont souvent poursuivies pour « diffamation » ou « trouble à "
            "l'ordre public ». Notre réseau d'avocates :\n\n"
            "- assure une permanence téléphonique et une présence dès la garde à vue ;\n"
            "- prépare les défenseures à l'audience (ce qu'on va leur demander, leurs "
            "droits) ;\n"
            "- organise un accompagnement par d'autres femmes aux audiences : la salle "
            "pleine change l'attitude du tribunal ;\n"
            "- documente chaque procédure pour montrer qu'il s'agit d'un harcèlement "
            "judiciaire.\n\n"
            "Sur douze procédures, neuf se sont conclues par un non-lieu ou une relaxe."
        ),
        "regions": ["africa"],
        "countries": ["SN"],
        "risks": ["criminalisation"],
        "groups": ["women", "lawyers"],
        "perpetrator": "state",
        "context": "court",
        "for_whom": "Défenseures des droits des femmes poursuivies en justice",
        "outcome": "worked",
        "resources": "Avocates bénévoles, frais de transport, une coordinatrice",
        "visibility": "public",
        "days_ago": 55,
        "replies": [
            (
                "mariana",
                "es",
                "¡Qué bueno! Lo de llenar la sala de audiencias también nos funcionó en Guatemala.",
                [
                    (
                        "amina",
                        "fr",
                        "Oui, la présence compte. Nous préparons aussi les "
                        "accompagnatrices : pas de photos, pas de slogans dans la salle.",
                        [],
                    ),
                ],
            ),
            (
                "joao",
                "pt",
                "Vocês têm um modelo de documentação dos processos? Queremos "
                "mostrar o padrão de assédio judicial em Angola.",
                [],
            ),
        ],
    },
    {
        "author": "amina",
        "language": "fr",
        "title": "Sécurité numérique pour les associations de femmes rurales",
        "body": (
            "Les téléphones sont souvent partagés dans la famille, ce qui expose les "
            "messages des militantes. Ce que nous avons mis en place :\n\n"
            "- un code de verrouillage différent pour chaque application sensible ;\n"
            "- des messages éphémères dans les groupes de l'association ;\n"
            "- des formations courtes, dans la langue locale, au marché plutôt qu'au "
            "bureau ;\n"
            "- une « référente numérique » par village.\n\n"
            "Cela marche en partie : les changements de téléphone font tout perdre."
        ),
        "regions": ["africa"],
        "countries": ["ML", "BF"],
        "risks": ["digital", "gender-based-violence"],
        "groups": ["women", "rural"],
        "perpetrator": "unknown",
        "context": "rural",
        "for_whom": "Associations de femmes en milieu rural",
        "outcome": "partly",
        "resources": "Une formatrice, du temps au marché, des fiches illustrées",
        "visibility": "members",
        "days_ago": 46,
        "replies": [
            (
                "tenzin",
                "en",
                "The 'digital focal person per village' works for us too. Do you pay them?",
                [
                    (
                        "amina",
                        "fr",
                        "Une petite indemnité, et surtout une reconnaissance dans l'association.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "moderator",
        "language": "fr",
        "title": "Pressions sur les familles des défenseurs en exil",
        "body": (
            "Plusieurs défenseurs exilés nous disent que leurs proches restés au pays "
            "sont convoqués, menacés ou privés de passeport. Pistes discutées lors de "
            "notre atelier :\n\n"
            "- préparer la famille avant le départ (que dire en cas de convocation) ;\n"
            "- garder un contact régulier mais sobre, sans détails sur les activités ;\n"
            "- documenter chaque pression pour les mécanismes de l'ONU ;\n"
            "- parfois, réduire temporairement la visibilité publique du défenseur."
        ),
        "regions": ["mena", "europe-central-asia"],
        "risks": ["threats", "displacement"],
        "groups": ["victims-witnesses"],
        "perpetrator": "state",
        "context": "exile",
        "for_whom": "Défenseurs en exil et leurs proches",
        "outcome": "partly",
        "resources": "Un avocat, des contacts aux Nations unies",
        "visibility": "members",
        "days_ago": 38,
        "replies": [
            (
                "layla",
                "ar",
                "تقليل الظهور العلني مؤقتاً قرار صعب، لكنه أنقذ أسرة أحد "
                "زملائنا من استدعاءات متكررة.",
                [],
            ),
            (
                "anon:tenzin",
                "en",
                "My parents were questioned twice after I left. What "
                "helped was a lawyer they could call themselves, not through me.",
                [],
            ),
        ],
    },
    {
        "author": "amina",
        "language": "fr",
        "title": "Comités d'alerte précoce autour d'un projet minier",
        "body": (
            "Dans les villages proches d'une mine, nous avons formé des comités "
            "d'alerte : trois personnes, dont au moins une femme, notent les incidents "
            "et préviennent le réseau par SMS. Une fois par mois, le réseau analyse les "
            "incidents avec les comités.\n\n"
            "Résultat : deux expulsions annoncées ont pu être anticipées et contestées "
            "en justice à temps."
        ),
        "regions": ["africa"],
        "countries": ["GN"],
        "risks": ["land-environment", "physical-attacks"],
        "groups": ["land-environment-indigenous", "rural"],
        "perpetrator": "non-state",
        "context": "rural",
        "for_whom": "Communautés riveraines de projets extractifs",
        "outcome": "worked",
        "resources": "Crédit téléphonique, une réunion mensuelle",
        "visibility": "public",
        "days_ago": 30,
        "replies": [
            ("staff", "en", "This matches our experience in Ghana almost exactly.", []),
        ],
    },
    {
        "author": "amina",
        "language": "fr",
        "title": "Journalistes sous surveillance : protéger ses sources",
        "body": (
            "Après l'arrestation d'un confrère, notre collectif de journalistes a "
            "changé ses habitudes :\n\n"
            "- messagerie chiffrée avec messages éphémères pour toutes les sources ;\n"
            "- aucun nom de source dans les notes, seulement des codes ;\n"
            "- rencontres en personne pour les sujets les plus sensibles, téléphones "
            "laissés ailleurs ;\n"
            "- un avocat prévenu avant chaque publication à risque."
        ),
        "regions": ["africa"],
        "countries": ["CM"],
        "risks": ["digital", "criminalisation"],
        "groups": ["journalists"],
        "perpetrator": "state",
        "context": "online",
        "for_whom": "Journalistes d'investigation",
        "outcome": "worked",
        "resources": "Formation d'une journée, un avocat partenaire",
        "visibility": "public",
        "days_ago": 22,
        "replies": [
            (
                "joao",
                "pt",
                "Em Angola adotamos os códigos para as fontes depois de uma "
                "apreensão de cadernos. Funciona.",
                [],
            ),
        ],
    },
    {
        "author": "moderator",
        "language": "fr",
        "title": "Soutien psychosocial après une détention",
        "body": (
            "Les jeunes militants libérés après des semaines de détention reviennent "
            "souvent épuisés et isolés. Ce qui a aidé :\n\n"
            "- un premier entretien dans la semaine qui suit la libération ;\n"
            "- des groupes de parole entre anciens détenus ;\n"
            "- un accompagnement des familles, qui ont aussi vécu la détention.\n\n"
            "Le manque de psychologues formés reste le principal obstacle."
        ),
        "regions": ["mena"],
        "countries": ["TN"],
        "risks": ["criminalisation"],
        "groups": ["students-youth"],
        "perpetrator": "state",
        "context": "detention",
        "for_whom": "Jeunes militants libérés",
        "outcome": "partly",
        "resources": "Psychologues formés, un lieu sûr pour les groupes",
        "visibility": "public",
        "days_ago": 15,
        "replies": [
            (
                "layla",
                "ar",
                "مجموعات الدعم بين المعتقلين السابقين كانت الأكثر فائدة عندنا أيضاً.",
                [
                    (
                        "moderator",
                        "fr",
                        "Merci Layla. Comment trouvez-vous des lieux sûrs pour ces groupes ?",
                        [
                            (
                                "layla",
                                "ar",
                                "نلتقي في مراكز ثقافية صديقة، وليس في مقر المنظمة.",
                                [
                                    (
                                        "amina",
                                        "fr",
                                        "Même solution chez nous : un centre culturel "
                                        "attire moins l'attention.",
                                        [
                                            (
                                                "tenzin",
                                                "en",
                                                "Cultural centres, yes — and we vary "
                                                "the days so the meetings are not predictable.",
                                                [
                                                    (
                                                        "layla",
                                                        "ar",
                                                        "فكرة جيدة، سنغيّر المواعيد أيضاً.",
                                                        [],
                                                    ),
                                                ],
                                            ),
                                        ],
                                    ),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    # --- Português -----------------------------------------------------------------------
    {
        "author": "joao",
        "language": "pt",
        "title": "Mapeamento comunitário de ameaças em territórios quilombolas",
        "body": (
            "Fizemos com as comunidades um mapa das ameaças: onde aparecem pistoleiros, "
            "quais estradas evitar, quem pode ajudar. O mapa fica em papel, com a "
            "associação, e não circula nas redes.\n\n"
            "- Atualizamos a cada três meses em assembleia.\n"
            "- Cada família sabe para onde ir em caso de ataque.\n"
            "- O mapa ajudou em denúncias ao Ministério Público."
        ),
        "regions": ["americas"],
        "countries": ["BR"],
        "risks": ["land-environment", "threats"],
        "groups": ["land-environment-indigenous", "rural"],
        "perpetrator": "non-state",
        "context": "rural",
        "for_whom": "Comunidades quilombolas",
        "outcome": "worked",
        "resources": "Papel, canetas, uma assembleia a cada três meses",
        "visibility": "public",
        "days_ago": 52,
        "replies": [
            (
                "mariana",
                "es",
                "El mapa en papel y no en redes: muy importante. Nosotras aprendimos eso tarde.",
                [],
            ),
            (
                "amina",
                "fr",
                "Pouvez-vous partager la méthode d'animation de l'assemblée ?",
                [
                    (
                        "joao",
                        "pt",
                        "Claro. Começamos pelo mapa do território desenhado pelas "
                        "crianças e depois marcamos os riscos juntos.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "joao",
        "language": "pt",
        "title": "Rodas de segurança para lideranças indígenas",
        "body": (
            "Em vez de planos de segurança individuais, fazemos rodas de segurança "
            "coletivas nas aldeias. Cada liderança tem pelo menos três pessoas que "
            "sabem onde ela está e com quem. Funcionou em parte: as lideranças mais "
            "expostas ainda sofrem ataques nas viagens à cidade."
        ),
        "regions": ["americas"],
        "countries": ["BR"],
        "risks": ["physical-attacks"],
        "groups": ["land-environment-indigenous"],
        "perpetrator": "non-state",
        "context": "community",
        "for_whom": "Lideranças indígenas",
        "outcome": "partly",
        "resources": "Tempo nas aldeias, telefones via satélite para emergências",
        "visibility": "members",
        "days_ago": 45,
        "replies": [
            (
                "staff",
                "en",
                "For the trips to town: do leaders travel with companions from the community?",
                [
                    (
                        "joao",
                        "pt",
                        "Agora sim, sempre em dupla, e avisando a roda antes de sair.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "joao",
        "language": "pt",
        "title": "Casas de acolhida temporária para defensoras em Moçambique",
        "body": (
            "Parceiras em Moçambique mantêm casas de acolhida discretas para defensoras "
            "ameaçadas por denunciar violência de gênero. As regras: endereço conhecido "
            "por pouquíssimas pessoas, estadias de até um mês e apoio jurídico durante a "
            "estadia."
        ),
        "regions": ["africa"],
        "countries": ["MZ"],
        "risks": ["gender-based-violence", "displacement"],
        "groups": ["women"],
        "perpetrator": "non-state",
        "context": "community",
        "for_whom": "Defensoras ameaçadas",
        "outcome": "worked",
        "resources": "Aluguel, uma coordenadora, fundo de emergência",
        "visibility": "members",
        "days_ago": 35,
        "replies": [
            (
                "amina",
                "fr",
                "Nous cherchons à faire la même chose. Comment gérez-vous "
                "la sortie de la maison d'accueil ?",
                [
                    (
                        "joao",
                        "pt",
                        "Com um plano de retorno feito junto com a defensora desde o primeiro dia.",
                        [],
                    ),
                ],
            ),
        ],
    },
    {
        "author": "joao",
        "language": "pt",
        "title": "Criminalização de jornalistas comunitários em Angola",
        "body": (
            "Três jornalistas comunitários foram acusados de «injúria» depois de "
            "reportagens sobre demolições. O que ajudou na defesa: advogados "
            "experientes em liberdade de imprensa, cartas de organizações "
            "internacionais ao tribunal e a presença de observadores nas audiências. "
            "Dois foram absolvidos; um caso continua."
        ),
        "regions": ["africa"],
        "countries": ["AO"],
        "risks": ["criminalisation"],
        "groups": ["journalists"],
        "perpetrator": "state",
        "context": "court",
        "for_whom": "Jornalistas comunitários",
        "outcome": "partly",
        "resources": "Advogados, observadores, cartas de apoio",
        "visibility": "public",
        "days_ago": 26,
        "replies": [
            (
                "amina",
                "fr",
                "Les lettres d'organisations internationales ont aussi pesé dans nos procès.",
                [],
            ),
        ],
    },
    {
        "author": "joao",
        "language": "pt",
        "title": "Timor-Leste: formação em segurança digital para jovens ativistas",
        "body": (
            "Com parceiros em Timor-Leste, fizemos oficinas curtas de segurança digital "
            "em tétum e português: senhas fortes, verificação em duas etapas e como "
            "reconhecer mensagens falsas. Os jovens criaram depois um grupo de apoio "
            "mútuo para dúvidas."
        ),
        "regions": ["asia-pacific"],
        "countries": ["TL"],
        "risks": ["digital"],
        "groups": ["students-youth"],
        "perpetrator": "unknown",
        "context": "online",
        "for_whom": "Jovens ativistas",
        "outcome": "worked",
        "resources": "Dois formadores, uma sala, material traduzido",
        "visibility": "public",
        "days_ago": 19,
        "replies": [
            (
                "tenzin",
                "en",
                "Peer support groups after training are the part people forget. Great to see.",
                [],
            ),
        ],
    },
    {
        "author": "joao",
        "language": "pt",
        "title": "Despejo forçado: documentar para o processo",
        "body": (
            "Num despejo forçado, tentamos documentar tudo para o processo judicial, "
            "mas a polícia apreendeu os celulares. Não funcionou. Da próxima vez: "
            "transmissão para um servidor fora do local, e observadores de fora da "
            "comunidade com a tarefa única de registrar."
        ),
        "regions": ["americas"],
        "countries": ["BR"],
        "risks": ["displacement", "land-environment"],
        "groups": ["rural"],
        "perpetrator": "state",
        "context": "rural",
        "for_whom": "Comunidades ameaçadas de despejo",
        "outcome": "failed",
        "resources": "Conexão móvel, observadores externos",
        "visibility": "public",
        "days_ago": 12,
        "replies": [
            (
                "olena",
                "en",
                "Uploading live was our lesson too. Also: film the faces of "
                "officials, not of community members.",
                [],
            ),
        ],
    },
    # --- العربية ----------------------------------------------------------------------------
    {
        "author": "layla",
        "language": "ar",
        "title": "حماية المدافعات من حملات التشهير على الإنترنت",
        "body": (
            "تتعرض المدافعات في منطقتنا لحملات تشهير تستهدف حياتهن الخاصة. ما ساعدنا:\n\n"
            "- توثيق كل منشور قبل الإبلاغ عنه.\n"
            "- فريق صغير يتولى المتابعة حتى لا تقرأ المدافعة الإساءات بنفسها.\n"
            "- تواصل مباشر مع المنصات عبر شركاء موثوقين.\n"
            "- دعم نفسي فوري.\n\n"
            "نجحت الخطة جزئياً: بعض الحسابات عادت بأسماء جديدة."
        ),
        "regions": ["mena"],
        "countries": ["LB"],
        "risks": ["stigmatisation", "gender-based-violence", "digital"],
        "groups": ["women"],
        "perpetrator": "unknown",
        "context": "online",
        "for_whom": "المدافعات عن حقوق الإنسان",
        "outcome": "partly",
        "resources": "فريق متابعة، شركاء لدى المنصات، دعم نفسي",
        "visibility": "public",
        "days_ago": 53,
        "replies": [
            (
                "mariana",
                "es",
                "El equipo que lee los ataques en lugar de la defensora "
                "es clave. Lo adoptamos también.",
                [],
            ),
            (
                "tenzin",
                "en",
                "Did the platforms act faster through the trusted partners?",
                [
                    ("layla", "ar", "نعم، خلال أيام بدلاً من أسابيع.", []),
                ],
            ),
        ],
    },
    {
        "author": "layla",
        "language": "ar",
        "title": "شبكة محامين متطوعين لمتابعة المعتقلين بعد الاحتجاجات",
        "body": (
            "بعد موجة اعتقالات في صفوف الشباب، أنشأنا شبكة من المحامين المتطوعين:\n\n"
            "- رقم واحد للطوارئ يعمل على مدار الساعة.\n"
            "- محامٍ يزور مراكز الاحتجاز خلال ساعات.\n"
            "- تواصل منظم مع العائلات.\n\n"
            "أُطلق سراح معظم المعتقلين خلال أيام."
        ),
        "regions": ["mena"],
        "countries": ["IQ"],
        "risks": ["criminalisation"],
        "groups": ["students-youth", "lawyers"],
        "perpetrator": "state",
        "context": "protest",
        "for_whom": "المحتجون الشباب",
        "outcome": "worked",
        "resources": "محامون متطوعون، خط هاتف، صندوق صغير للكفالات",
        "visibility": "public",
        "days_ago": 41,
        "replies": [
            (
                "tenzin",
                "en",
                "Very close to our student hotline. Shall we compare notes at the next forum?",
                [],
            ),
        ],
    },
    {
        "author": "layla",
        "language": "ar",
        "title": "خطوات عملية قبل مداهمة مقر منظمة",
        "body": (
            "بعد مداهمة مقر منظمة شريكة، راجعنا استعداداتنا:\n\n"
            "- تشفير جميع الحواسيب.\n"
            "- عدم الاحتفاظ بوثائق حساسة مطبوعة في المكتب.\n"
            "- تحديد شخص واحد يتحدث مع قوات الأمن.\n"
            "- قائمة أرقام طوارئ مطبوعة مع كل موظف.\n\n"
            "لم نتعرض لمداهمة بعد، لكن التمرين كشف نقاط ضعف كثيرة."
        ),
        "regions": ["mena"],
        "countries": ["EG"],
        "risks": ["raids", "restrictions"],
        "groups": ["lawyers"],
        "perpetrator": "state",
        "context": "workplace",
        "for_whom": "المنظمات التي لديها مقر",
        "outcome": "partly",
        "resources": "برنامج تشفير، تمرين سنوي",
        "visibility": "members",
        "days_ago": 29,
        "replies": [
            (
                "organizer",
                "es",
                "Nos pasó exactamente esto (ver el hilo sobre el "
                "allanamiento). El simulacro anual vale la pena.",
                [],
            ),
        ],
    },
    {
        "author": "layla",
        "language": "ar",
        "title": "التمويل في ظل قوانين تقييد الجمعيات",
        "body": (
            "قوانين جديدة تشترط موافقة مسبقة على أي تمويل أجنبي. ما جربناه: الشراكة مع "
            "منظمات مسجلة في الخارج، والتمويل المحلي الصغير من الأفراد، وتوثيق كل خطوة "
            "قانونية. النتيجة جزئية، والضغط مستمر."
        ),
        "regions": ["mena"],
        "countries": ["JO"],
        "risks": ["restrictions"],
        "groups": ["lawyers", "women"],
        "perpetrator": "state",
        "context": "workplace",
        "for_whom": "الجمعيات المسجلة",
        "outcome": "partly",
        "resources": "مستشار قانوني، شركاء في الخارج",
        "visibility": "members",
        "days_ago": 20,
        "replies": [
            (
                "staff",
                "en",
                "Our experience with the fiscal sponsor is in the thread "
                "about the 'foreign agent' law. Happy to talk.",
                [],
            ),
        ],
    },
    {
        "author": "layla",
        "language": "ar",
        "title": "الدعم النفسي للصحفيين والصحفيات بعد التهديدات",
        "body": (
            "بعد تهديدات متكررة لصحفيين وصحفيات محليين، نظمنا جلسات دعم جماعية مع "
            "أخصائية نفسية، وخطاً للاستماع في المساء. خفف ذلك العزلة كثيراً، وعاد "
            "بعضهم إلى العمل بخطة حماية واضحة."
        ),
        "regions": ["mena"],
        "countries": ["YE"],
        "risks": ["threats"],
        "groups": ["journalists"],
        "perpetrator": "non-state",
        "context": "urban",
        "for_whom": "الصحفيون والصحفيات المحليون",
        "outcome": "worked",
        "resources": "أخصائية نفسية، مكان آمن",
        "visibility": "public",
        "days_ago": 10,
        "replies": [
            (
                "amina",
                "fr",
                "Un exemple précieux. Le soutien psychosocial est encore trop "
                "rare dans nos plans de protection.",
                [],
            ),
        ],
    },
    {
        "author": "layla",
        "language": "ar",
        "title": "التوثيق الآمن للانتهاكات في مخيمات النزوح",
        "body": (
            "في المخيمات، يخاف الشهود من الانتقام. نعتمد مقابلات قصيرة في أماكن خاصة، "
            "وموافقة مستنيرة تشرح من سيطّلع على الشهادة، ولا نسجل الأسماء الحقيقية أبداً. "
            "نجح ذلك جزئياً: بعض الشهود انسحبوا بعد تهديدات."
        ),
        "regions": ["mena"],
        "countries": ["SY"],
        "risks": ["displacement"],
        "groups": ["victims-witnesses"],
        "perpetrator": "unknown",
        "context": "community",
        "for_whom": "فرق التوثيق في المخيمات",
        "outcome": "partly",
        "resources": "موثقون مدربون، أماكن خاصة للمقابلات",
        "visibility": "public",
        "days_ago": 6,
        "replies": [
            (
                "olena",
                "en",
                "Informed consent that names who will see the testimony: "
                "we should all do this. Thank you.",
                [],
            ),
            (
                "anon:joao",
                "pt",
                "Também perdemos testemunhas depois de ameaças. Ajudou "
                "ter um plano de proteção para cada testemunha antes da entrevista.",
                [],
            ),
        ],
    },
]
