from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from forum.library import jobs, services
from forum.models import Role
from tests.library import samples


@pytest.fixture
def curator(make_user):  # noqa: ANN001, ANN201
    return make_user("curator", roles=[Role.STAFF])


@pytest.fixture
def make_work(db, curator):  # noqa: ANN001, ANN201
    """A published work with one edition, stored and processed: `make_work(title=…)`."""

    def make(
        *,
        title: str = "Protection manual",
        language: str = "en",
        data: bytes | None = None,
        visibility: str = "public",
        event_id: int | None = None,
        tags: dict[str, list[str]] | None = None,
        kind: str = "manual",
        **_: Any,
    ):
        work = services.create_work(
            curator,
            services.WorkInput(
                kind=kind,
                published_on=date(2025, 3, 1),
                visibility=visibility,
                event_id=event_id,
                authors=[("Protection Desk", "organisation")],
                tags=tags or {"risk": ["criminalisation"]},
            ),
            services.EditionInput(
                language=language,
                title=title,
                summary="",
                data=data or samples.pdf([(language, f"{title} body text")]),
            ),
            curator=True,
        )
        db.session.commit()
        for edition in work.editions:
            jobs.process_edition(edition.id)
        return work

    return make
