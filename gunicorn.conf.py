"""Gunicorn settings for Convene: `gunicorn -c gunicorn.conf.py wsgi:app`.

Sane defaults for one host behind nginx; each can be changed with the environment
variable named beside it, or on the command line (which wins over this file).
The access log never holds a client address, a query string or a secret token.
"""

from __future__ import annotations

import multiprocessing
import os
import re

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


# Where nginx sends requests. Keep it on loopback (or a Unix socket: "unix:/run/convene.sock").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes x threads. Each process holds its own database pool (FORUM_DB_POOL_SIZE +
# FORUM_DB_MAX_OVERFLOW connections at most): keep workers x (size + overflow) below
# PostgreSQL's max_connections (100 by default). The default fits 2-4 cores.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A worker that stops answering its heartbeat for this long is replaced. With threads
# the heartbeat keeps going during long requests (e.g. a badge PDF).
timeout = _int("GUNICORN_TIMEOUT", 30)
# On restart or reload, requests in flight get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to us open between requests.
keepalive = 5
# Replace each worker after about this many requests (the jitter keeps them from all
# restarting at once), which bounds any slow memory growth.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Each worker builds its own app and database engine after the fork: nothing is shared.
preload_app = False
# The heartbeat file in memory, not on a disk that may be slow or read-only. Gunicorn
# creates it with mkstemp and writes no data to it, so a shared directory is safe.
_SHARED_MEMORY = "/dev/shm"  # noqa: S108 - see above
if os.path.isdir(_SHARED_MEMORY):
    worker_tmp_dir = _SHARED_MEMORY

# Addresses allowed to set X-Forwarded-Proto (gunicorn's FORWARDED_ALLOW_IPS): nginx on
# the same host. Set it to nginx's address if nginx runs elsewhere; never "*" when the
# port is reachable from outside. The client address itself reaches the app only when
# FORUM_PROXY_COUNT is set (see the README), and only as a keyed hash for rate limits.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Time, method, path (tokens masked, no query string), status, bytes, milliseconds.
# No %(h)s (client address), no %(r)s/%(q)s, no headers, no referrer, no user agent.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# A path segment this long is a secret (reset link, calendar feed, check-in token) unless
# it is a readable slug of lowercase words joined by hyphens.
_LONG_SEGMENT = 20
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def mask_secrets(path: str) -> str:
    """The path with every token-like segment replaced by "…"."""
    masked = []
    for segment in path.split("/"):
        stem = segment.rsplit(".", 1)[0]
        if len(stem) >= _LONG_SEGMENT and not _SLUG.fullmatch(stem):
            segment = "…" + segment[len(stem) :]
        masked.append(segment)
    return "/".join(masked)


class PrivateLogger(Logger):
    """Access-log atoms limited to what the format above may use.

    Even if someone edits the format to add %(h)s, a header or the query string, those
    atoms are not there (gunicorn prints "-").
    """

    SAFE_ATOMS = ("t", "m", "s", "B", "b", "M", "L", "D", "T", "H", "p")

    def atoms(self, resp, req, environ, request_time):  # noqa: ANN001, ANN201 - gunicorn's API
        every = super().atoms(resp, req, environ, request_time)
        kept = {name: every[name] for name in self.SAFE_ATOMS if name in every}
        kept["U"] = mask_secrets(environ.get("PATH_INFO") or "")
        kept["r"] = f"{every.get('m')} {kept['U']} {every.get('H')}"
        kept["h"] = "-"
        return kept


logger_class = PrivateLogger
