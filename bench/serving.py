"""Serve an app with gunicorn on loopback and measure it with a bounded load driver.

Used by the HTTP benchmarks: each page is measured against `bench/bare.py` served with the
same gunicorn settings, in the same run, and reported as a ratio.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str] | None = None, workers: int = 2) -> Iterator[str]:
    """Run `gunicorn app_spec` on a free loopback port; yields the base URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", "4",
        "--log-level", "warning", "--access-logfile", "-", "--access-logformat", "-",
        app_spec,
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start within 30 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


def measure(
    base_url: str,
    path: str,
    *,
    seconds: float = 5.0,
    concurrency: int = 8,
    headers: dict[str, str] | None = None,
    warmup: int = 20,
) -> Result:
    """Keep-alive GETs from `concurrency` threads for `seconds`; counts non-200 as errors."""
    host, port = base_url.removeprefix("http://").split(":")
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"ok": 0, "errors": 0}

    def one(connection: http.client.HTTPConnection) -> tuple[bool, float]:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status == 200, time.perf_counter() - started

    warm = http.client.HTTPConnection(host, int(port), timeout=30)
    for _ in range(warmup):
        one(warm)
    warm.close()

    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        while time.perf_counter() < stop_at:
            try:
                ok, elapsed = one(connection)
            except (OSError, http.client.HTTPException):
                ok, elapsed = False, 0.0
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
            with lock:
                counts["ok" if ok else "errors"] += 1
                if ok:
                    latencies.append(elapsed)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return Result(counts["ok"], counts["errors"], elapsed, latencies)


def report(label: str, result: Result, baseline: Result | None = None) -> str:
    ratio = f"{result.rps / baseline.rps:6.3f}" if baseline and baseline.rps else "   —  "
    return (
        f"{label:<34} {result.rps:9.1f} req/s  ratio {ratio}  "
        f"p50 {result.median * 1000:7.1f} ms  p95 {result.percentile(0.95) * 1000:7.1f} ms  "
        f"errors {result.errors}"
    )
