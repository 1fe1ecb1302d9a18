"""Search tests borrow the exchanges factories (threads are what they search)."""

from tests.exchanges.conftest import make_thread  # noqa: F401 - shared factory
