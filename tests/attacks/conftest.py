from __future__ import annotations

import pytest

from forum.models import Role


@pytest.fixture
def documenter(make_user):  # noqa: ANN001, ANN201
    return make_user("documenter", roles=[Role.DOCUMENTER])
