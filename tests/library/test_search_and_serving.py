# ruff: noqa: E501
"""Search finds words from inside files in every language; files are served so they can
never run in our origin; lists stay a fixed number of queries; packs hold what their
audience may read."""

from __future__ import annotations

import io
import zipfile

import pytest

from forum.library.models import Pack
from forum.models import Role
from tests.library import samples


@pytest.mark.parametrize(
    ("language", "sentence", "phrase"),
    [
        ("en", "Rapid response networks protect land defenders", '"response networks protect"'),
        (
            "es",
            "La red de acompañamiento protege a las defensoras rurales",
            '"acompanamiento protege"',
        ),
        ("ar", "خطة الحماية الجماعية للمدافعات عن حقوق الإنسان", '"الحماية الجماعية"'),
    ],
    ids=["english", "spanish", "arabic"],
)
def test_search_finds_a_phrase_from_inside_a_pdf(client, make_work, language, sentence, phrase):  # noqa: ANN001
    make_work(title="Untitled A", language=language, data=samples.pdf([(language, sentence)]))
    make_work(
        title="Untitled B", language=language, data=samples.pdf([(language, "Nothing related")])
    )
    # A query is read in the languages the reader reads (here, the interface's).
    client.set_cookie("forum_locale", language, domain="localhost")
    page = client.get("/library/", query_string={"q": phrase}).get_data(as_text=True)
    assert "Untitled A" in page and "Untitled B" not in page
    if language == "en":
        assert "1 work matches." in page


def test_results_show_the_readers_language_first_and_fall_back_visibly(
    client, db, make_work, curator
):  # noqa: ANN001
    from forum.library import jobs, services

    work = make_work(title="Collective protection", language="en")
    edition = services.add_edition(
        work,
        curator,
        services.EditionInput(
            language="es",
            title="Protección colectiva",
            summary="",
            data=samples.pdf([("es", "protección colectiva")]),
        ),
    )
    db.session.commit()
    jobs.process_edition(edition.id)
    client.set_cookie("forum_locale", "es", domain="localhost")
    page = client.get("/library/").get_data(as_text=True)
    assert page.index('hreflang="es"') < page.index('hreflang="en"')
    assert "Protección colectiva" in page
    client.set_cookie("forum_locale", "fr", domain="localhost")
    page = client.get("/library/").get_data(as_text=True)
    assert "Collective protection" in page and "(en English)" in page


def test_a_file_is_served_as_an_attachment_in_a_sandbox(client, make_work):  # noqa: ANN001
    work = make_work(title="Manual de protección", language="es")
    response = client.get(f"/library/editions/{work.editions[0].id}/file")
    assert response.status_code == 200
    headers = response.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Content-Disposition"].startswith(
        'attachment; filename="Manual-de-proteccion-es.pdf"'
    )
    assert "filename*=UTF-8''Manual-de-protecci%C3%B3n-es.pdf" in headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")


def test_private_works_are_hidden_from_those_outside_their_audience(client, make_work, login_as):  # noqa: ANN001
    members_only = make_work(title="Members manual", visibility="members")
    assert client.get(f"/library/{members_only.id}").status_code == 404
    assert client.get(f"/library/editions/{members_only.editions[0].id}/file").status_code == 404
    assert "Members manual" not in client.get("/library/?q=Members").get_data(as_text=True)
    login_as("amina")
    assert client.get(f"/library/{members_only.id}").status_code == 200


def test_the_list_is_a_fixed_number_of_queries(client, make_work, count_queries):  # noqa: ANN001
    make_work(title="One")
    with count_queries() as few:
        client.get("/library/")
    for n in range(6):
        make_work(title=f"Work {n}")
    with count_queries() as many:
        client.get("/library/")
    assert many.count == few.count


def test_an_offline_pack_holds_the_topics_works_in_one_language(client, db, make_work):  # noqa: ANN001
    make_work(title="Criminalisation guide", tags={"risk": ["criminalisation"]})
    make_work(title="Guía", language="es", tags={"risk": ["criminalisation"]})
    make_work(title="Hidden", visibility="members", tags={"risk": ["criminalisation"]})
    query = {"scope": "risk:criminalisation", "language": "en"}
    preview = client.get("/library/packs", query_string=query).get_data(as_text=True)
    assert "1 work," in preview and "1 more work has no edition in this language." in preview
    assert "Hidden" not in preview
    assert client.post("/library/packs", query_string=query).status_code == 303
    pack = db.session.query(Pack).one()
    assert pack.state == "ready" and pack.audience == "public"
    page = client.get("/library/packs", query_string=query).get_data(as_text=True)
    assert "Download the pack" in page
    download = client.get(f"/library/packs/{pack.id}/download")
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        names = archive.namelist()
    assert names == ["001-Criminalisation-guide.pdf", "README.txt"]
    built_at = pack.built_at
    client.post("/library/packs", query_string=query)  # unchanged: the cached pack is kept
    db.session.refresh(pack)
    assert pack.built_at == built_at


def test_a_session_lists_its_slides_and_a_work_shows_where_it_was_used(
    client, db, make_work, login_as
):  # noqa: ANN001
    from datetime import timedelta

    from forum.events import agenda
    from forum.events.services import SessionData, SessionTextData
    from tests.registration.factories import create_event

    work = make_work(title="Slides on risk mapping")
    staff = login_as("desk", Role.STAFF)
    event = create_event(1, [staff])
    starts = event.starts_at + timedelta(hours=1)
    session = agenda.add_session(
        event,
        SessionData(
            texts={"en": SessionTextData(title="Risk mapping")},
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        ),
    )
    db.session.commit()
    response = client.post(
        f"/library/{work.id}/links",
        data={"role": "slides", "event": str(event.id), "session": str(session.id), "thread": ""},
    )
    assert response.status_code == 303
    page = client.get(f"/library/{work.id}").get_data(as_text=True)
    assert "Slides" in page and "Risk mapping" in page
    agenda_page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "Slides on risk mapping" in agenda_page
