"""Benchmark badge PDFs: the naive way against ``render_badges``.

Run ``python bench/bench_badges.py``. Each case runs in a fresh child process, so
one case's memory does not inflate the next; this parent samples the child's
whole process tree (workers included) with psutil, and stops a case that runs
past its time or memory limit instead of letting it run away.

Naive = one HTML document with every badge, an inline SVG QR code each, one
``write_pdf()`` call, one process: the same template and stylesheet as ours.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import string
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
GOAL_RATIO = 0.5  # ours / naive, at 1,000 badges
GOAL_PEAK_MB = 350  # whole process tree, at 5,000 badges

FIRST = {
    "latin": [
        "Zoë",
        "María José",
        "Ana Lúcia",
        "François",
        "Gülşen",
        "Nguyễn",
        "Sebastián",
        "Łucja",
        "Jürgen",
        "Ngozi",
        "Wanjiru",
        "Tupac",
        "Siobhán",
        "João",
        "Inés",
        "Ayşe",
    ],
    "arabic": ["مريم", "أحمد", "فاطمة", "يوسف", "ليلى", "عمر", "نور", "خالد", "سلمى", "حسن"],
    "cyrillic": ["Анна", "Дмитрий", "Ольга", "Сергей", "Наталья", "Айгерим", "Тимур", "Мария"],
}
LAST = {
    "latin": [
        "Ñúñez-Çelik",
        "da Silva Gonçalves",
        "Öztürk",
        "Mwangi",
        "Okonkwo",
        "Ramírez",
        "Dubois",
        "Kowalczyk",
        "Thị Hương",
        "Quispe Mamani",
        "O'Connor",
        "Hernández",
    ],
    "arabic": ["الحسيني", "بن علي", "العمري", "الخطيب", "حداد", "الشامي", "المصري", "عبد الله"],
    "cyrillic": ["Петрова", "Иванов", "Смирнова", "Кузнецов", "Назарбаева", "Алиев", "Ковальчук"],
}
ORGS = {
    "latin": [
        "Defensoras del Territorio",
        "Colectivo de Abogados José Alvear Restrepo",
        "Rede de Defensores do Cerrado",
        "Association des Journalistes Indépendants",
        "Kenya Land Rights Network",
        None,
    ],
    "arabic": ["مركز الدفاع عن الحقوق", "جمعية المدافعات عن حقوق الإنسان", "مرصد الحريات", None],
    "cyrillic": [
        "Правозащитный центр «Мемориал»",
        "Фонд защиты гласности",
        "Центр правовой помощи",
        None,
    ],
}
COUNTRIES = {
    "latin": [
        "Colombia",
        "Brasil",
        "Türkiye",
        "Kenya",
        "Nigeria",
        "Perú",
        "France",
        "Polska",
        "Việt Nam",
        "Guatemala",
    ],
    "arabic": ["لبنان", "مصر", "الأردن", "تونس", "المغرب", "العراق"],
    "cyrillic": ["Казахстан", "Кыргызстан", "Беларусь", "Україна", "Армения"],
}
PRONOUNS = ["she/her", "he/him", "they/them", "ella", "él", "هي", "هو", "она", "он", None, None]
ROLES = ["Participant", "Speaker", "Staff", "Interpreter", "Participante", "مشارك", "Участник"]
TOKEN_CHARS = string.ascii_letters + string.digits + "-_"  # like secrets.token_urlsafe


def make_badges(count: int, seed: int = 2025) -> list:
    """Deterministic registrations in mixed scripts (6 Latin : 2 Arabic : 2 Cyrillic)."""
    from forum.events.exports.badges.sheets import Badge

    rnd = random.Random(seed)
    badges = []
    for _ in range(count):
        script = rnd.choices(["latin", "arabic", "cyrillic"], weights=[6, 2, 2])[0]
        org_script = script if rnd.random() < 0.8 else "latin"
        badges.append(
            Badge(
                name=f"{rnd.choice(FIRST[script])} {rnd.choice(LAST[script])}",
                pronouns=rnd.choice(PRONOUNS),
                organisation=rnd.choice(ORGS[org_script]),
                country=rnd.choice(COUNTRIES[script]) if rnd.random() < 0.85 else None,
                role=rnd.choice(ROLES),
                token="".join(rnd.choice(TOKEN_CHARS) for _ in range(22)),
            )
        )
    return badges


def run_case(way: str, count: int, layout: str) -> dict[str, float]:
    """Render once in this (child) process; report wall time and what only it knows."""
    from pypdf import PdfReader

    from forum.events.exports.badges.render import render_naive
    from forum.events.exports.badges.sheets import BadgeEvent, render_badges

    event = BadgeEvent(
        "Regional Forum on the Protection of Defenders 2025", "12–14 May 2025 · Bogotá"
    )
    badges = make_badges(count)
    started = time.perf_counter()
    pdf = (render_naive if way == "naive" else render_badges)(event, badges, layout)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "pdf_mb": len(pdf) / 1e6,
    }


@dataclass
class Result:
    way: str
    count: int
    status: str = "ok"
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    tree_peak_mb: float = 0.0
    tree_pss_peak_mb: float = 0.0
    max_process_mb: float = 0.0
    maxrss_self_mb: float = 0.0
    pages: int = 0
    pdf_mb: float = 0.0


class ProcessTree:
    """Peak summed RSS (and PSS), biggest single process and CPU seconds of a tree.

    Workers fork from a forkserver, not from the run itself, so the run's
    ``RUSAGE_CHILDREN`` never sees them; sampling every member with psutil does.
    Summed RSS counts pages shared between processes once per process (strict);
    PSS splits them among the sharers (what the machine really gives up).
    """

    def __init__(self, root: psutil.Process) -> None:
        self.root = root
        self.peak_mb = 0.0
        self.pss_peak_mb = 0.0
        self.max_process_mb = 0.0
        self._cpu: dict[int, float] = {}

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def members(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return []

    def sample(self) -> None:
        total = pss_total = 0.0
        for member in self.members():
            try:
                with member.oneshot():
                    memory = member.memory_full_info()
                    times = member.cpu_times()
            except psutil.Error:
                continue
            rss = memory.rss / 2**20
            total += rss
            pss_total += getattr(memory, "pss", memory.rss) / 2**20
            self.max_process_mb = max(self.max_process_mb, rss)
            self._cpu[member.pid] = times.user + times.system
        self.peak_mb = max(self.peak_mb, total)
        self.pss_peak_mb = max(self.pss_peak_mb, pss_total)

    def kill(self) -> None:
        for member in reversed(self.members()):
            try:
                member.kill()
            except psutil.Error:
                pass


def measure(way: str, count: int, layout: str, timeout: float, memory_cap_mb: float) -> Result:
    """Run one case in a fresh child process, stopping it past its time or memory limit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, __file__, "--case", way, "--count", str(count), "--layout", layout]
    result = Result(way, count)
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    tree = ProcessTree(psutil.Process(child.pid))
    while child.poll() is None:
        tree.sample()
        elapsed = time.perf_counter() - started
        if elapsed > timeout or tree.peak_mb > memory_cap_mb:
            result.status = "timeout" if elapsed > timeout else "memory cap"
            tree.kill()
            child.communicate()
            result.seconds = elapsed
            break
        time.sleep(0.05)
    result.tree_peak_mb, result.max_process_mb = tree.peak_mb, tree.max_process_mb
    result.tree_pss_peak_mb = tree.pss_peak_mb
    result.cpu_seconds = tree.cpu_seconds
    if result.status != "ok":
        return result
    out, err = child.communicate()
    if child.returncode != 0:
        result.status = f"failed ({child.returncode})"
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        return result
    data = json.loads(out.decode().strip().splitlines()[-1])
    result.seconds, result.pages = data["seconds"], int(data["pages"])
    result.pdf_mb, result.maxrss_self_mb = data["pdf_mb"], data["maxrss_self_mb"]
    return result


def print_table(results: list[Result]) -> None:
    naive = {r.count: r for r in results if r.way == "naive" and r.status == "ok"}
    header = (
        f"{'badges':>7} {'way':<6} {'status':<11} {'time s':>8} {'cpu s':>7} {'ratio':>6} "
        f"{'RSS sum MB':>11} {'PSS sum MB':>11} {'max proc MB':>12} {'self MB':>8} "
        f"{'pages':>6} {'PDF MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        base = naive.get(r.count)
        ratio = f"{r.seconds / base.seconds:.2f}" if base and r.status == "ok" else "-"
        print(
            f"{r.count:>7} {r.way:<6} {r.status:<11} {r.seconds:>8.1f} {r.cpu_seconds:>7.1f} "
            f"{ratio:>6} {r.tree_peak_mb:>11.0f} {r.tree_pss_peak_mb:>11.0f} "
            f"{r.max_process_mb:>12.0f} {r.maxrss_self_mb:>8.0f} {r.pages:>6} {r.pdf_mb:>7.2f}"
        )


def goal_lines(results: list[Result]) -> list[str]:
    found = {(r.way, r.count): r for r in results}
    lines = []
    ours, naive = found.get(("ours", 1000)), found.get(("naive", 1000))
    if ours and naive and ours.status == naive.status == "ok":
        ratio = ours.seconds / naive.seconds
        verdict = "met" if ratio <= GOAL_RATIO else "MISSED"
        cpu_ratio = ours.cpu_seconds / naive.cpu_seconds if naive.cpu_seconds else 0.0
        lines.append(
            f"goal: time ratio <= {GOAL_RATIO} at 1,000 badges -> {ratio:.2f} ({verdict}); "
            f"CPU-seconds ratio {cpu_ratio:.2f} (what we would get with no second core)"
        )
    big = found.get(("ours", 5000))
    if big and big.status == "ok":
        verdict = "met" if big.tree_peak_mb <= GOAL_PEAK_MB else "MISSED"
        lines.append(
            f"goal: peak <= {GOAL_PEAK_MB} MB at 5,000 badges (RSS summed over the whole "
            f"process tree) -> {big.tree_peak_mb:.0f} MB ({verdict}; PSS "
            f"{big.tree_pss_peak_mb:.0f} MB)"
        )
    naive_big = found.get(("naive", 5000))
    if naive_big and naive_big.status in ("timeout", "memory cap"):
        lines.append(
            f"naive at 5,000 badges was stopped ({naive_big.status} after "
            f"{naive_big.seconds:.0f} s, tree peak {naive_big.tree_peak_mb:.0f} MB): "
            "only our time is reported for 5,000"
        )
    lines += [f"{r.way} at {r.count} badges {r.status}" for r in results if "failed" in r.status]
    return lines


LEGEND = """\
time s: wall clock of the render call. cpu s: user+system seconds of the run and all its
descendants. RSS sum MB: highest sum of RSS over the run and all its descendants
(forkserver, workers), sampled every 50 ms; shared pages count once per process, so this
is an upper bound. PSS sum MB: the same with shared pages split among their sharers.
max proc MB: biggest single process seen. self MB: ru_maxrss (RUSAGE_SELF) of the run.
Other work on the machine slows both ways and takes from what a second core can give,
so read the load averages too."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--layout", default="a4-8")
    parser.add_argument("--counts", default="1000,5000", help="comma-separated badge counts")
    parser.add_argument(
        "--naive-timeout", type=float, default=420.0, help="seconds before a naive run stops"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for our runs")
    parser.add_argument(
        "--memory-cap", type=float, default=6000.0, help="MB of tree RSS before a run stops"
    )
    parser.add_argument(
        "--skip-naive-above", type=int, default=None, help="no naive run above this count"
    )
    parser.add_argument("--case", choices=["naive", "ours"], help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.case:  # child process: one measurement, one JSON line
        print(json.dumps(run_case(args.case, args.count, args.layout)))
        return 0

    print(
        f"badge benchmark: layout {args.layout}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at start",
        flush=True,
    )
    results = []
    for count in (int(c) for c in args.counts.split(",")):
        if args.skip_naive_above is None or count <= args.skip_naive_above:
            print(f"  naive, {count} badges ...", flush=True)
            results.append(
                measure("naive", count, args.layout, args.naive_timeout, args.memory_cap)
            )
        print(f"  ours, {count} badges ...", flush=True)
        results.append(measure("ours", count, args.layout, args.timeout, args.memory_cap))
    print()
    print_table(results)
    print()
    for line in goal_lines(results):
        print(line)
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    print()
    print(LEGEND)
    return 0


if __name__ == "__main__":
    sys.exit(main())
