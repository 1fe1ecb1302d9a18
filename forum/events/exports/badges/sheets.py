"""Printable name badges: data in, PDF bytes out.

Thousands of badges take a while, so the work is split into chunks of whole
sheets, rendered by this process and a worker process per remaining core, and
joined by streaming (:mod:`forum.events.exports.badges.pdfjoin`): memory stays about a
chunk per process whatever the count. How each sheet is drawn is in
:mod:`forum.events.exports.badges.render`.

Worker processes start with ``forkserver`` (never a plain ``fork`` of a
threaded web server). Like any ``multiprocessing`` user, a script that calls
these functions needs the ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO

from forum.events.exports.badges.layouts import LAYOUTS, Badge, BadgeEvent, Layout, get_layout
from forum.events.exports.badges.pdfjoin import PdfJoiner
from forum.events.exports.badges.render import render_people, render_underlay
from forum.events.exports.pdf import fast_font_subsetting

__all__ = [
    "LAYOUTS",
    "Badge",
    "BadgeEvent",
    "Progress",
    "render_badges",
    "render_badges_to_file",
    "write_badges",
]

Progress = Callable[[int, int], None]
PeoplePages = tuple[bytes, list[bytes]]

#: Badges per chunk, rounded to whole sheets. A chunk costs ~80 ms on top of
#: ~7 ms per badge (measured on 2 cores), so at 120 that is under 10 %; bigger
#: chunks balance worse between processes and raise each one's memory. Without
#: fast font subsetting a chunk embeds whole fonts and costs ~370 ms, so chunks
#: are bigger then.
CHUNK_BADGES = 120
CHUNK_BADGES_WHOLE_FONTS = 320


def _chunks(
    badges: Sequence[Badge], layout: Layout, chunk_size: int | None
) -> list[Sequence[Badge]]:
    """Split into chunks of whole sheets, so every chunk but the last fills its pages."""
    if chunk_size is None:
        chunk_size = CHUNK_BADGES if fast_font_subsetting() else CHUNK_BADGES_WHOLE_FONTS
    size = max(1, round(chunk_size / layout.per_sheet)) * layout.per_sheet
    return [badges[start : start + size] for start in range(0, len(badges), size)]


_START = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class _ChunkRenderer:
    """Render chunks' people pages and QR overlays, yielding them in order.

    This process works too: it renders the next chunk itself whenever the
    workers already have enough queued and the next chunk in order is not ready.
    So on two cores one worker suffices (one process less to start, to import
    WeasyPrint into and to keep in memory), and when other work takes CPU the
    split adjusts by itself. At most two chunks per worker are queued, so
    finished PDFs cannot pile up in memory.
    """

    def __init__(
        self, event: BadgeEvent, chunks: Sequence[Sequence[Badge]], layout: str, workers: int
    ) -> None:
        self._event, self._layout, self._workers = event, layout, workers
        self._todo = deque(enumerate(chunks))
        self._queued: dict[int, Future[PeoplePages]] = {}
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _ChunkRenderer:
        if self._workers > 0:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=multiprocessing.get_context(_START)
            )
            self._queue_more()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _queue_more(self) -> None:
        while self._pool is not None and self._todo and len(self._queued) < 2 * self._workers:
            index, chunk = self._todo.popleft()
            self._queued[index] = self._pool.submit(render_people, self._event, chunk, self._layout)

    def __iter__(self) -> Iterator[PeoplePages]:
        ready: dict[int, PeoplePages] = {}
        wanted = 0
        while self._todo or self._queued or ready:
            queued = self._queued.get(wanted)
            if wanted in ready:
                yield ready.pop(wanted)
                wanted += 1
            elif queued is not None and (queued.done() or not self._todo):
                ready[wanted] = self._queued.pop(wanted).result()
                self._queue_more()
            else:  # the next one is not ready: render one here meanwhile
                index, chunk = self._todo.popleft()
                ready[index] = render_people(self._event, chunk, self._layout)


def write_badges(
    event: BadgeEvent,
    badges: Sequence[Badge],
    layout: str,
    out: BinaryIO,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    chunk_size: int | None = None,
) -> None:
    """Render badges into a binary file object, chunk by chunk, reporting progress.

    ``workers`` is the number of worker processes besides this one (default:
    one per CPU but one, as this process renders too; 0 renders everything
    here). The underlays are rendered here while the workers start.
    """
    found = get_layout(layout)
    if not badges:
        raise ValueError("no badges to print")
    chunks = _chunks(badges, found, chunk_size)
    wanted = (os.cpu_count() or 1) - 1 if workers is None else workers
    workers = max(0, min(wanted, len(chunks) - 1))
    total, done = len(badges), 0
    if progress:
        progress(0, total)
    with (
        PdfJoiner(out, title=event.title, lang=event.lang) as joiner,
        _ChunkRenderer(event, chunks, layout, workers) as rendered,
    ):
        full = last = joiner.add_underlay(render_underlay(event, layout, found.per_sheet))
        if remainder := len(badges) % found.per_sheet:
            last = joiner.add_underlay(render_underlay(event, layout, remainder))
        for index, (pdf, overlays) in enumerate(rendered):
            underlays = [full] * len(overlays)
            if index == len(chunks) - 1:
                underlays[-1] = last
            joiner.append(pdf, underlays, overlays)
            done += len(chunks[index])
            if progress:
                progress(done, total)


def render_badges(
    event: BadgeEvent,
    badges: Sequence[Badge],
    layout: str,
    *,
    workers: int | None = None,
    chunk_size: int | None = None,
) -> bytes:
    """Render badges to PDF bytes; big exports should prefer :func:`render_badges_to_file`."""
    out = io.BytesIO()
    write_badges(event, badges, layout, out, workers=workers, chunk_size=chunk_size)
    return out.getvalue()


def render_badges_to_file(
    event: BadgeEvent,
    badges: Sequence[Badge],
    layout: str,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    chunk_size: int | None = None,
) -> None:
    """Stream badges to ``path``, calling ``progress(done, total)`` after each chunk.

    For a background job: the file is written beside ``path`` and renamed when
    complete, so a half-written PDF is never at ``path``; it is readable by this
    user only, as it holds personal data.
    """
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            write_badges(
                event, badges, layout, out, progress, workers=workers, chunk_size=chunk_size
            )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
