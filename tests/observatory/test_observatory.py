"""The observatory end to end: public pages, staff editing with a dated history, the
timeline deciding the current status, assessments, the checklist, refusals of bad
input (a clear message, nothing saved), and constant query counts."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from forum.extensions import db
from forum.models import AuditEntry, Role
from forum.observatory import services
from forum.observatory.models import (
    Assessment,
    Element,
    Instrument,
    InstrumentWork,
    Revision,
    StatusChange,
)
from tests.library.factories import create_work
from tests.observatory.factories import create_instrument


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _new_form(**overrides: str) -> dict[str, str]:
    form = {
        "country": "MX",
        "level": "national",
        "kind": "law",
        "original_language": "es",
        "original_title": "Ley para la Protección de Personas Defensoras",
        "authority": "Congreso de la Unión",
        "introduced_on": "2011-03-01",
        "adopted_on": "2012-06-25",
        "in_force_on": "2012-06-26",
        "language": "en",
        "title": "Law for the Protection of Human Rights Defenders and Journalists",
        "summary": "Creates the federal protection mechanism.",
        "sources": "https://www.dof.gob.mx/ley Official gazette",
        "works": "",
        "status": "in_force",
        "status_on": "2012-06-26",
        "note": "Published in the official gazette.",
    }
    form.update(overrides)
    return form


# --- public pages -------------------------------------------------------------------------


def test_public_pages_show_instruments_to_visitors(client, db) -> None:  # noqa: ANN001
    instrument = create_instrument("CO", title="National protection unit")
    create_instrument("KE", title="Defenders bill", status="parliament", kind="bill")
    db.session.commit()

    index = client.get("/observatory/")
    assert index.status_code == 200
    page = index.get_data(as_text=True)
    assert 'aria-label="CO · Colombia: Adopted"' in page
    assert "Kenya" in page and "National protection unit" in page
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")

    country = client.get("/observatory/countries/CO").get_data(as_text=True)
    assert "National protection unit" in country
    assert "Programa de protección" in country  # the title in its original language
    assert 'lang="es"' in country
    assert "First recorded." in country

    detail = client.get(f"/observatory/instruments/{instrument.id}").get_data(as_text=True)
    assert "Ministry of the Interior" in detail
    assert "https://example.org/decree" in detail
    assert "Edit the details" not in detail  # visitors do not edit

    listing = client.get("/observatory/instruments?status=parliament").get_data(as_text=True)
    assert "Defenders bill" in listing and "National protection unit" not in listing
    by_region = client.get("/observatory/instruments?region=africa").get_data(as_text=True)
    assert "Defenders bill" in by_region and "National protection unit" not in by_region


def test_unknown_country_and_instrument_are_not_found(client, db) -> None:  # noqa: ANN001
    assert client.get("/observatory/countries/ZZ").status_code == 404
    assert client.get("/observatory/countries/co").status_code == 404
    assert client.get("/observatory/instruments/999").status_code == 404


def test_bad_filters_are_refused_with_a_message(client, db) -> None:  # noqa: ANN001
    response = client.get("/observatory/instruments?status=abolished&country=XX")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Some filters are not valid" in page
    assert "Choose countries from the list." in page


def test_country_names_and_direction_follow_the_language(client, db) -> None:  # noqa: ANN001
    create_instrument("EG", title="NGO law")
    db.session.commit()
    client.post("/locale", data={"locale": "ar"})
    page = client.get("/observatory/countries/EG").get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert "مصر" in page
    client.post("/locale", data={"locale": "fr"})
    assert "Égypte" in client.get("/observatory/").get_data(as_text=True)


def test_country_page_links_to_exchanges_about_the_country(client, db, make_user) -> None:  # noqa: ANN001
    from forum.exchanges import services as exchanges

    author = make_user("amina")
    exchanges.create_thread(
        author,
        title="Using the protection unit's hotline",
        body="It answered within an hour.",
        language="en",
        tags=exchanges.Tags(countries=["CO"], risks=["threats"]),
        visibility="public",
    )
    exchanges.create_thread(
        author,
        title="Members-only notes on the unit",
        body="Not for visitors.",
        language="en",
        tags=exchanges.Tags(countries=["CO"], risks=["threats"]),
        visibility="members",
    )
    create_instrument("CO")
    db.session.commit()
    page = client.get("/observatory/countries/CO").get_data(as_text=True)
    assert "Using the protection unit&#39;s hotline" in page
    assert "Members-only notes" not in page  # the exchanges' own audience rule


def test_topic_page_of_a_country_lists_its_instruments(client, db) -> None:  # noqa: ANN001
    create_instrument("CO", title="National protection unit")
    db.session.commit()
    page = client.get("/topics/country/CO").get_data(as_text=True)
    assert "National protection unit" in page
    assert "/observatory/countries/CO" in page


# --- comparison and feed -----------------------------------------------------------------------


def test_compare_puts_countries_side_by_side(client, db) -> None:  # noqa: ANN001
    services.ensure_default_checklist()
    colombia = create_instrument("CO", title="National protection unit")
    create_instrument("BR", title="Programa de proteção", status="implemented")
    element = db.session.scalars(sa.select(Element).where(Element.code == "budget")).one()
    services.set_assessment(
        None, colombia, element, rating="partly", source_url="", language="en", note="Small."
    )
    db.session.commit()
    page = client.get("/observatory/compare?country=CO&country=BR")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Colombia" in text and "Brazil" in text
    assert "A budget" in text and "Partly" in text and "Implemented" in text


def test_compare_needs_two_to_four_known_countries(client, db) -> None:  # noqa: ANN001
    one = client.get("/observatory/compare?country=CO")
    assert one.status_code == 400
    assert "Choose two to four countries." in one.get_data(as_text=True)
    unknown = client.get("/observatory/compare?country=CO&country=QQ")
    assert unknown.status_code == 400
    assert "Choose countries from the list." in unknown.get_data(as_text=True)
    assert client.get("/observatory/compare").status_code == 200


def test_feed_lists_changes_of_status(client, db) -> None:  # noqa: ANN001
    instrument = create_instrument("CO", title="National protection unit")
    services.add_status_change(None, instrument, "suspended", date(2023, 2, 1), {"en": "Halted."})
    db.session.commit()
    response = client.get("/observatory/feed.atom")
    assert response.mimetype == "application/atom+xml"
    body = response.get_data(as_text=True)
    assert "Colombia — National protection unit: Suspended" in body
    assert "Halted." in body


# --- editing -----------------------------------------------------------------------------------


def test_staff_add_an_instrument_and_its_history_is_kept(client, db, login_as) -> None:  # noqa: ANN001
    staff = login_as("editor", Role.STAFF)
    response = client.post("/observatory/instruments/new", data=_new_form())
    assert response.status_code == 303
    instrument = db.session.scalars(sa.select(Instrument)).one()
    assert instrument.status == "in_force" and instrument.country == "MX"
    assert instrument.sources[0].label == "Official gazette"
    assert _count(Revision) == 1
    assert (
        db.session.scalar(
            sa.select(AuditEntry.actor_id).where(AuditEntry.action == "observatory.created")
        )
        == staff.id
    )

    # A Spanish title, added later, is another dated version.
    edited = _new_form(language="es", title="Ley de protección", summary="Crea el mecanismo.")
    response = client.post(f"/observatory/instruments/{instrument.id}/edit", data=edited)
    assert response.status_code == 303
    db.session.expire_all()
    assert {t.language for t in instrument.texts} == {"en", "es"}
    history = client.get(f"/observatory/instruments/{instrument.id}/history")
    page = history.get_data(as_text=True)
    assert "Details edited" in page and "Added" in page and "Ley de protección" in page
    assert "Editor" in page  # the editor's display name


def test_bad_instrument_input_is_refused_and_nothing_saved(client, db, login_as) -> None:  # noqa: ANN001
    login_as("editor", Role.STAFF)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = {
        "This field is required.": _new_form(title="   "),
        "Choose countries from the list.": _new_form(country="XX"),
        "This date is in the future.": _new_form(status_on=tomorrow),
        "Each source starts with an address": _new_form(sources="javascript:alert(1)"),
        "It cannot be adopted before it was introduced.": _new_form(adopted_on="2010-01-01"),
        "Choose one of the options offered.": _new_form(status="abolished"),
        "Give each work's number": _new_form(works="not a work"),
        "Choose one of the languages offered.": _new_form(original_language="xx"),
    }
    for message, form in cases.items():
        response = client.post("/observatory/instruments/new", data=form)
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True), message
    assert _count(Instrument) == 0 and _count(Revision) == 0


def test_only_public_library_works_can_be_linked(client, db, login_as) -> None:  # noqa: ANN001
    login_as("editor", Role.STAFF)
    public = create_work("Ley 1 (full text)")
    private = create_work("Internal notes", visibility="members")
    db.session.commit()
    refused = client.post(
        "/observatory/instruments/new", data=_new_form(works=f"/library/{private.id}")
    )
    assert refused.status_code == 422
    assert "Link only public works" in refused.get_data(as_text=True)
    assert _count(Instrument) == 0
    done = client.post("/observatory/instruments/new", data=_new_form(works=f"{public.id}"))
    assert done.status_code == 303
    assert db.session.scalar(sa.select(InstrumentWork.work_id)) == public.id
    instrument_id = db.session.scalar(sa.select(Instrument.id))
    page = client.get(f"/observatory/instruments/{instrument_id}").get_data(as_text=True)
    assert "Ley 1 (full text)" in page


def test_timeline_decides_the_current_status(client, db, login_as) -> None:  # noqa: ANN001
    login_as("editor", Role.STAFF)
    instrument = create_instrument("CO", status="adopted", status_on=date(2020, 5, 1))
    db.session.commit()
    url = f"/observatory/instruments/{instrument.id}/status"
    response = client.post(
        url, data={"status": "in_force", "changed_on": "2021-01-01", "note_ar": "دخل حيز النفاذ"}
    )
    assert response.status_code == 303
    # An older step entered afterwards does not become the current status.
    client.post(url, data={"status": "proposed", "changed_on": "2019-01-01"})
    db.session.expire_all()
    assert instrument.status == "in_force" and instrument.status_on == date(2021, 1, 1)
    steps = db.session.scalars(sa.select(StatusChange).order_by(StatusChange.changed_on)).all()
    assert [s.status for s in steps] == ["proposed", "adopted", "in_force"]
    assert steps[2].notes[0].language == "ar"

    # Removing the latest step brings the previous one back.
    assert client.post(f"/observatory/steps/{steps[2].id}/remove").status_code == 303
    db.session.expire_all()
    assert instrument.status == "adopted"


def test_bad_steps_are_refused(client, db, login_as) -> None:  # noqa: ANN001
    login_as("editor", Role.STAFF)
    instrument = create_instrument("CO")
    db.session.commit()
    url = f"/observatory/instruments/{instrument.id}/status"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for data, message in (
        ({"status": "in_force", "changed_on": tomorrow}, "This date is in the future."),
        ({"status": "in_force", "changed_on": "not a date"}, "Not a valid date value."),
        ({"status": "", "changed_on": "2021-01-01"}, "Choose one of the options offered."),
        ({"status": "adopted", "changed_on": "2021-01-01", "note_en": "x" * 2001}, "at most"),
    ):
        response = client.post(url, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    assert _count(StatusChange) == 1
    # The last step cannot go: an instrument always has a status.
    only = db.session.scalar(sa.select(StatusChange.id))
    client.post(f"/observatory/steps/{only}/remove")
    assert _count(StatusChange) == 1


def test_assessment_is_saved_per_language_and_can_be_cleared(client, db, login_as) -> None:  # noqa: ANN001
    login_as("editor", Role.STAFF)
    instrument = create_instrument("CO")
    services.ensure_default_checklist()
    db.session.commit()
    element = db.session.scalars(sa.select(Element).where(Element.code == "budget")).one()
    url = f"/observatory/instruments/{instrument.id}/assess/{element.id}"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"rating": "great", "language": "en", "source_url": "ftp://x"})
    assert bad.status_code == 422
    assert _count(Assessment) == 0
    client.post(url, data={"rating": "partly", "language": "en", "note": "Too small."})
    client.post(url, data={"rating": "partly", "language": "es", "note": "Insuficiente."})
    assessment = db.session.scalars(sa.select(Assessment)).one()
    assert {n.language: n.note for n in assessment.notes} == {
        "en": "Too small.",
        "es": "Insuficiente.",
    }
    client.post("/locale", data={"locale": "es"})
    page = client.get(f"/observatory/instruments/{instrument.id}").get_data(as_text=True)
    assert "Insuficiente." in page and "Un presupuesto" in page
    client.post(url, data={"rating": "", "language": "en"})
    assert _count(Assessment) == 0


def test_checklist_starts_with_the_model_law_in_five_languages(client, db, login_as) -> None:  # noqa: ANN001
    login_as("editor", Role.STAFF)
    page = client.get("/observatory/checklist").get_data(as_text=True)
    assert "Recognition of the right to defend rights" in page
    element = db.session.scalars(sa.select(Element).order_by(Element.position)).first()
    assert {t.language for t in element.texts} == {"en", "es", "fr", "pt", "ar"}
    response = client.post(
        "/observatory/checklist", data={"language": "en", "name": "Access to information"}
    )
    assert response.status_code == 303
    assert _count(Element) == 7
    refused = client.post("/observatory/checklist", data={"language": "en", "name": ""})
    assert refused.status_code == 422 and _count(Element) == 7
    edit = client.post(
        f"/observatory/checklist/{element.id}",
        data={"language": "fr", "name": "Reconnaissance", "position": "5", "active": ""},
    )
    assert edit.status_code == 303
    db.session.expire_all()
    assert element.active is False and element.position == 5
    bad = client.post(
        f"/observatory/checklist/{element.id}",
        data={"language": "fr", "name": "R", "position": "-3"},
    )
    assert bad.status_code == 422


def test_members_cannot_edit(client, db, login_as) -> None:  # noqa: ANN001
    login_as("amina")
    instrument = create_instrument("CO")
    db.session.commit()
    assert client.get("/observatory/instruments/new").status_code == 403
    assert client.post("/observatory/instruments/new", data=_new_form()).status_code == 403
    assert client.get(f"/observatory/instruments/{instrument.id}/history").status_code == 403
    assert _count(Instrument) == 1


def test_erasing_an_editor_keeps_the_instruments(client, db, make_user) -> None:  # noqa: ANN001
    from forum.observatory import data_rights

    editor = make_user("editor", roles=[Role.STAFF])
    create_instrument("CO", actor=editor)
    db.session.commit()
    exported = data_rights.export_for(editor)
    assert exported["observatory"]["edits"][0]["action"] == "created"
    data_rights.erase_for(editor, keep_posts=True)
    db.session.commit()
    assert _count(Instrument) == 1
    assert db.session.scalar(sa.select(Revision.revised_by_id)) is None


# --- query counts --------------------------------------------------------------------------


def test_pages_take_the_same_number_of_queries_whatever_the_size(
    client,
    db,
    count_queries,  # noqa: ANN001
) -> None:
    services.ensure_default_checklist()
    elements = db.session.scalars(sa.select(Element)).all()

    def add(n: int) -> int:
        last = 0
        for i in range(n):
            instrument = create_instrument(["CO", "BR"][i % 2], title=f"Instrument {i}")
            services.add_status_change(
                None, instrument, "in_force", date(2021, 1, i + 1), {"en": "x"}
            )
            for element in elements[:3]:
                services.set_assessment(
                    None,
                    instrument,
                    element,
                    rating="meets",
                    source_url="",
                    language="en",
                    note="n",
                )
            last = instrument.id
        db.session.commit()
        return last

    pages = lambda last: [  # noqa: E731
        "/observatory/",
        "/observatory/instruments",
        "/observatory/countries/CO",
        f"/observatory/instruments/{last}",
        "/observatory/compare?country=CO&country=BR",
        "/observatory/feed.atom",
    ]
    last = add(2)
    counts = {}
    for path in pages(last):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        counts[path.replace(str(last), "ID")] = counter.count
    last = add(6)
    for path in pages(last):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        assert counter.count == counts[path.replace(str(last), "ID")], path
