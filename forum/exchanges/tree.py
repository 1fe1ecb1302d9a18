"""Turn a thread's posts into the rows a page shows, in one pass and without recursion.

Replies are indented up to `MAX_INDENT` levels; deeper replies continue at that level
with a "replying to <name>" marker, so a long back-and-forth stays readable on a phone.
Only the first level follows the chosen order (oldest or newest first); answers below a
reply always read in the order they were written, like a conversation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAX_INDENT = 5


@dataclass(frozen=True)
class TreeRow:
    post: Any
    depth: int
    indent: int
    parent: Any | None

    @property
    def flattened(self) -> bool:
        """Deeper than the indentation shows: name the post it answers."""
        return self.depth > self.indent


def build(posts: Sequence[Any], *, newest_first: bool = False) -> tuple[Any, list[TreeRow]]:
    """(opening post, reply rows in reading order) from posts sorted by id.

    `posts` need `id`, `parent_id` and `is_opening`. A post whose parent is missing is
    attached to the opening post rather than lost.
    """
    opening = next(post for post in posts if post.is_opening)
    by_id = {post.id: post for post in posts}
    children: dict[int, list[Any]] = defaultdict(list)
    for post in posts:
        if post.is_opening:
            continue
        parent_id = post.parent_id if post.parent_id in by_id else opening.id
        children[parent_id].append(post)

    rows: list[TreeRow] = []
    first_level = children.get(opening.id, [])
    stack: list[tuple[Any, int]] = [
        (post, 1) for post in (first_level if newest_first else reversed(first_level))
    ]
    while stack:
        post, depth = stack.pop()
        parent = by_id.get(post.parent_id)
        rows.append(TreeRow(post, depth, min(depth, MAX_INDENT), parent))
        stack.extend((child, depth + 1) for child in reversed(children.get(post.id, [])))
    return opening, rows
