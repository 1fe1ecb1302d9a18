"""Exact network-flow routines behind the suppression auditor.

A two-way table with its margins is a circulation: source -> row i (row total),
row i -> column j (cell), column j -> sink (column total), sink -> source (grand
total). Node-arc incidence matrices are totally unimodular, so with integer
bounds the linear-programming extremes of any arc are integers and are reached
by integer tables: max-flow answers the attacker's *integer* question exactly,
with no LP library and no rounding.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Network:
    """Directed arcs with integer lower bounds and integer-or-infinite upper bounds."""

    n_nodes: int
    tails: tuple[int, ...]
    heads: tuple[int, ...]

    def __post_init__(self) -> None:
        pairs = {frozenset((t, h)) for t, h in zip(self.tails, self.heads, strict=True)}
        if len(pairs) != len(self.tails):
            # Bitmask reachability below relies on one arc per pair of nodes.
            raise ValueError("parallel or opposite arcs are not supported")

    @property
    def n_arcs(self) -> int:
        return len(self.tails)


def _max_flow(cap: list[dict[int, float]], source: int, sink: int, limit: float = INF) -> float:
    """Edmonds-Karp on a residual capacity map (mutated); returns INF if unbounded."""
    if _reachable_by(cap, source, sink, lambda c: c == INF):
        return limit
    total = 0
    while total < limit:
        parent: dict[int, int] = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            node = queue.popleft()
            for nxt, c in cap[node].items():
                if c > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if sink not in parent:
            break
        push = limit - total
        node = sink
        while node != source:
            push = min(push, cap[parent[node]][node])
            node = parent[node]
        node = sink
        while node != source:
            prev = parent[node]
            cap[prev][node] -= push
            cap[node][prev] = cap[node].get(prev, 0) + push
            node = prev
        total += int(push)
    return total


def _reachable_by(
    cap: list[dict[int, float]], start: int, goal: int, ok: Callable[[float], bool]
) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt, c in cap[node].items():
            if nxt not in seen and ok(c):
                seen.add(nxt)
                queue.append(nxt)
    return False


def feasible_flow(net: Network, lows: Sequence[int], highs: Sequence[float]) -> list[int] | None:
    """One integer circulation within the bounds, or None if there is none."""
    n = net.n_nodes
    super_source, super_sink = n, n + 1
    cap: list[dict[int, float]] = [{} for _ in range(n + 2)]
    excess = [0] * n
    for a in range(net.n_arcs):
        lo, hi = lows[a], highs[a]
        if hi < lo:
            return None
        tail, head = net.tails[a], net.heads[a]
        cap[tail][head] = hi - lo
        cap[head].setdefault(tail, 0)
        excess[head] += lo
        excess[tail] -= lo
    need = 0
    for node, ex in enumerate(excess):
        if ex > 0:
            cap[super_source][node] = ex
            cap[node].setdefault(super_source, 0)
            need += ex
        elif ex < 0:
            cap[node][super_sink] = -ex
            cap[super_sink].setdefault(node, 0)
    if _max_flow(cap, super_source, super_sink) != need:
        return None
    # Net flow on arc a is what its reverse residual edge gained.
    return [lows[a] + int(cap[net.heads[a]][net.tails[a]]) for a in range(net.n_arcs)]


def residual_masks(
    net: Network, flow: Sequence[int], lows: Sequence[int], highs: Sequence[float]
) -> list[int]:
    """Adjacency bitmasks of the residual graph: where one more unit can be pushed."""
    masks = [0] * net.n_nodes
    for a in range(net.n_arcs):
        tail, head = net.tails[a], net.heads[a]
        if flow[a] < highs[a]:
            masks[tail] |= 1 << head
        if flow[a] > lows[a]:
            masks[head] |= 1 << tail
    return masks


def _reaches(masks: Sequence[int], start: int, goal: int, skip: tuple[int, int]) -> bool:
    """Is goal reachable from start, ignoring both residual edges of one arc?"""
    u, v = skip
    seen = 1 << start
    frontier = seen
    goal_bit = 1 << goal
    while frontier:
        new = 0
        bits = frontier
        while bits:
            low = bits & -bits
            node = low.bit_length() - 1
            adj = masks[node]
            if node == u:
                adj &= ~(1 << v)
            elif node == v:
                adj &= ~(1 << u)
            new |= adj
            bits ^= low
        frontier = new & ~seen
        seen |= frontier
        if seen & goal_bit:
            return True
    return False


def is_fixed(
    net: Network,
    flow: Sequence[int],
    lows: Sequence[int],
    highs: Sequence[float],
    masks: Sequence[int],
    arc: int,
) -> bool:
    """True if every feasible circulation gives this arc the same flow.

    The arc can move by one unit iff it has slack and a residual path closes a
    cycle through it; with integer data that cycle is an integer table.
    """
    tail, head = net.tails[arc], net.heads[arc]
    skip = (tail, head)
    if flow[arc] < highs[arc] and _reaches(masks, head, tail, skip):
        return False
    return not (flow[arc] > lows[arc] and _reaches(masks, tail, head, skip))


def arc_range(
    net: Network,
    flow: Sequence[int],
    lows: Sequence[int],
    highs: Sequence[float],
    arc: int,
) -> tuple[int, float]:
    """Exact smallest and largest feasible flow on one arc (largest may be INF)."""
    tail, head = net.tails[arc], net.heads[arc]

    def residual() -> list[dict[int, float]]:
        cap: list[dict[int, float]] = [{} for _ in range(net.n_nodes)]
        for b in range(net.n_arcs):
            if b == arc:
                continue
            t, h = net.tails[b], net.heads[b]
            cap[t][h] = highs[b] - flow[b]
            cap[h][t] = flow[b] - lows[b]
        return cap

    up = _max_flow(residual(), head, tail, highs[arc] - flow[arc])
    down = _max_flow(residual(), tail, head, flow[arc] - lows[arc])
    return flow[arc] - int(down), flow[arc] + up


def cheapest_cycle(
    net: Network,
    arc: int,
    direction: int,
    edges: Sequence[tuple[float | None, float | None]],
) -> list[int] | None:
    """Arcs of the cheapest cycle that moves `arc` by one unit in `direction`.

    edges[b] = (cost to push forward on b, cost to push backward on b), None
    where impossible. Dijkstra closes the cycle from one end of `arc` to the
    other without using `arc` itself; ties break on node and arc order so the
    result is deterministic.
    """
    tail, head = net.tails[arc], net.heads[arc]
    start, goal = (head, tail) if direction > 0 else (tail, head)
    out: list[list[tuple[int, int, float]]] = [[] for _ in range(net.n_nodes)]
    for b in range(net.n_arcs):
        if b == arc:
            continue
        fwd, back = edges[b]
        if fwd is not None:
            out[net.tails[b]].append((net.heads[b], b, fwd))
        if back is not None:
            out[net.heads[b]].append((net.tails[b], b, back))
    best: dict[int, float] = {start: 0}
    via: dict[int, tuple[int, int]] = {}
    heap: list[tuple[float, int, int]] = [(0, 0, start)]
    hops = {start: 0}
    while heap:
        dist, nhops, node = heapq.heappop(heap)
        if dist > best.get(node, INF) or (dist == best[node] and nhops > hops[node]):
            continue
        if node == goal:
            break
        for nxt, b, cost in out[node]:
            key = (dist + cost, nhops + 1)
            if key < (best.get(nxt, INF), hops.get(nxt, 0)):
                best[nxt], hops[nxt] = key
                via[nxt] = (node, b)
                heapq.heappush(heap, (key[0], key[1], nxt))
    if goal not in best:
        return None
    path = []
    node = goal
    while node != start:
        node, b = via[node]
        path.append(b)
    return path[::-1]
