"""Measure a page with `wrk`, the compiled load generator (Debian package `wrk`).

A Python driver shares the two cores with the server and flatters the ratios; wrk spends
a few per cent of one core for thousands of requests per second. Its Lua `done` hook
prints one machine-readable line that `measure` reads back.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Printed once at the end of a run: requests, seconds, HTTP errors (>= 400), socket
# errors, then latency percentiles in microseconds.
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %f %d %d %d %d %d\\n", summary.requests,
    summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    http_errors: int
    socket_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.http_errors + self.socket_errors


def available() -> bool:
    return shutil.which("wrk") is not None


def run(
    url: str,
    *,
    seconds: float = 2.0,
    threads: int = 2,
    connections: int = 8,
    headers: dict[str, str] | None = None,
    script: str = "",
) -> Result:
    """`wrk -t{threads} -c{connections} -d{seconds}s` on one URL (keep-alive GETs), or
    whatever `script` (Lua, without `done`) makes of the requests."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        lua = Path(tmp) / "run.lua"
        lua.write_text(script + REPORT)
        command = [
            "wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            "--timeout", "10s", "-s", str(lua),
        ]  # fmt: skip
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(  # noqa: S603 - fixed program, our own arguments
            [*command, url], check=True, capture_output=True, text=True
        ).stdout
    line = next(row for row in output.splitlines() if row.startswith("WRK "))
    requests, duration, status, sockets, p50, p95, p99 = line.split()[1:]
    return Result(
        int(requests),
        float(duration),
        int(status),
        int(sockets),
        int(p50) / 1000,
        int(p95) / 1000,
        int(p99) / 1000,
    )
