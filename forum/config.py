"""Configuration read from `FORUM_*` environment variables.

Development gets safe defaults (SQLite and generated secrets under `instance/`);
production refuses to start without the secrets it needs rather than inventing them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

ENVIRONMENTS = ("development", "production", "testing")


class ConfigurationError(RuntimeError):
    """Raised at start-up when a required setting is missing or malformed."""


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be 1 or 0, not {raw!r}.")


def _int(environ: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}.")
    return value


def _instance_secret(path: Path, make: Any) -> str:
    """Read a development secret from `instance/`, creating it (mode 0600) on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


class Config:
    """Settings for one app instance, built from an environment mapping."""

    def __init__(self, environ: Mapping[str, str], instance_path: str) -> None:
        self.environ = environ
        self.instance = Path(instance_path)
        self.env = environ.get("FORUM_ENV", "development")
        if self.env not in ENVIRONMENTS:
            raise ConfigurationError(
                f"FORUM_ENV must be one of {', '.join(ENVIRONMENTS)}, not {self.env!r}."
            )

    @property
    def production(self) -> bool:
        return self.env == "production"

    def _secret(self, name: str, filename: str, make: Any, hint: str) -> str:
        value = self.environ.get(name, "").strip()
        if value:
            return value
        if self.production:
            raise ConfigurationError(
                f"{name} is not set. Convene refuses to start in production without it: {hint}"
            )
        return _instance_secret(self.instance / filename, make)

    def secret_key(self) -> str:
        return self._secret(
            "FORUM_SECRET_KEY",
            "secret_key",
            lambda: secrets.token_hex(32),
            "set it to a long random string, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`.",
        )

    def data_keys(self) -> list[str]:
        raw = self._secret(
            "FORUM_DATA_KEYS",
            "data_keys",
            lambda: Fernet.generate_key().decode(),
            "set it to one or more Fernet keys separated by commas, newest first, e.g. the "
            "output of `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`.",
        )
        keys = [key.strip() for key in raw.replace("\n", ",").split(",") if key.strip()]
        for key in keys:
            try:
                Fernet(key)
            except ValueError:
                raise ConfigurationError(
                    "FORUM_DATA_KEYS holds a value that is not a Fernet key "
                    "(32 url-safe base64-encoded bytes)."
                ) from None
        return keys

    def anon_key(self) -> str:
        """Key of the keyed hash that lets an anonymous author edit their post.

        It lives outside the database so that a dump cannot tie a post to its author.
        """
        value = self._secret(
            "FORUM_ANON_KEY",
            "anon_key",
            lambda: secrets.token_hex(32),
            "set it to a long random string (at least 32 characters) kept out of database "
            "backups, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`. Changing it later "
            "means authors can no longer edit or delete their earlier anonymous posts.",
        )
        if len(value) < 32:
            raise ConfigurationError("FORUM_ANON_KEY must be at least 32 characters long.")
        return value

    def database_url(self) -> str:
        url = self.environ.get("FORUM_DATABASE_URL", "").strip()
        if url:
            if url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgres://")
            elif url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        self.instance.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.instance / 'forum.sqlite3'}"

    def mail_settings(self) -> dict[str, Any]:
        """SMTP for password-reset emails; off unless FORUM_MAIL_SERVER is set."""
        e = self.environ
        server = e.get("FORUM_MAIL_SERVER", "").strip()
        sender = e.get("FORUM_MAIL_SENDER", "").strip()
        base_url = e.get("FORUM_MAIL_BASE_URL", "").strip().rstrip("/")
        username = e.get("FORUM_MAIL_USERNAME", "").strip()
        starttls = _flag(e, "FORUM_MAIL_STARTTLS", True)
        if server:
            if not sender:
                raise ConfigurationError(
                    "FORUM_MAIL_SENDER is not set: emails need a From address, "
                    "e.g. no-reply@forum.example.org."
                )
            if not base_url.startswith(("https://", "http://")):
                raise ConfigurationError(
                    "FORUM_MAIL_BASE_URL must be the site's public address, e.g. "
                    "https://forum.example.org: links in emails start with it (never with "
                    "the Host header a request claims)."
                )
            if self.production and username and not starttls:
                raise ConfigurationError(
                    "FORUM_MAIL_STARTTLS=0 would send the SMTP password in clear text; "
                    "Convene refuses this in production."
                )
        return {
            "FORUM_MAIL_SERVER": server,
            "FORUM_MAIL_PORT": _int(e, "FORUM_MAIL_PORT", 587, 1),
            "FORUM_MAIL_USERNAME": username,
            "FORUM_MAIL_PASSWORD": e.get("FORUM_MAIL_PASSWORD", ""),
            "FORUM_MAIL_SENDER": sender,
            "FORUM_MAIL_STARTTLS": starttls,
            "FORUM_MAIL_BASE_URL": base_url,
        }

    def library_settings(self) -> dict[str, Any]:
        """Where library files live and how large an upload may be (README: Library files)."""
        e = self.environ
        backend = e.get("FORUM_LIBRARY_STORAGE", "").strip() or "filesystem"
        if backend not in ("filesystem", "s3"):
            raise ConfigurationError(
                f"FORUM_LIBRARY_STORAGE must be filesystem or s3, not {backend!r}."
            )
        bucket = e.get("FORUM_LIBRARY_S3_BUCKET", "").strip()
        if backend == "s3" and not bucket:
            raise ConfigurationError(
                "FORUM_LIBRARY_S3_BUCKET is required with FORUM_LIBRARY_STORAGE=s3."
            )
        return {
            "FORUM_LIBRARY_STORAGE": backend,
            "FORUM_LIBRARY_PATH": e.get("FORUM_LIBRARY_PATH", "").strip()
            or str(self.instance / "library"),
            "FORUM_LIBRARY_S3_BUCKET": bucket,
            "FORUM_LIBRARY_S3_ENDPOINT": e.get("FORUM_LIBRARY_S3_ENDPOINT", "").strip(),
            "FORUM_LIBRARY_S3_REGION": e.get("FORUM_LIBRARY_S3_REGION", "").strip(),
            "FORUM_LIBRARY_S3_PREFIX": e.get("FORUM_LIBRARY_S3_PREFIX", "").strip(),
            "FORUM_LIBRARY_MAX_UPLOAD": _int(e, "FORUM_LIBRARY_MAX_UPLOAD_MB", 50, 1) * 1024 * 1024,
            "FORUM_LIBRARY_CLEAN_SECONDS": _int(e, "FORUM_LIBRARY_CLEAN_SECONDS", 20, 1),
            "FORUM_LIBRARY_MEMBER_UPLOADS": _flag(e, "FORUM_LIBRARY_MEMBER_UPLOADS", True),
        }

    def queue_settings(self, redis_url: str) -> dict[str, Any]:
        """Where background tasks go (forum/queue/runner.py, README: Background work)."""
        e = self.environ
        url = e.get("FORUM_QUEUE_URL", "").strip() or redis_url
        mode = e.get("FORUM_QUEUE", "").strip()
        if not mode:
            mode = "eager" if self.env == "testing" else ("redis" if url else "embedded")
        if mode not in ("redis", "embedded", "eager", "manual"):
            raise ConfigurationError(
                f"FORUM_QUEUE must be redis, embedded, eager or manual, not {mode!r}."
            )
        if mode == "redis" and not url:
            raise ConfigurationError(
                "FORUM_QUEUE=redis needs FORUM_REDIS_URL (or FORUM_QUEUE_URL), e.g. "
                "redis://127.0.0.1:6379/0."
            )
        return {
            "FORUM_QUEUE": mode,
            "FORUM_QUEUE_URL": url,
            "FORUM_QUEUE_HEARTBEAT_SECONDS": _int(e, "FORUM_QUEUE_HEARTBEAT_SECONDS", 60, 1),
            # Out of a million Redis commands, how many also look for dead workers.
            "FORUM_QUEUE_MAINTENANCE_CHANCE": _int(e, "FORUM_QUEUE_MAINTENANCE_CHANCE", 1000, 1),
            "FORUM_QUEUE_THREADS": _int(e, "FORUM_QUEUE_THREADS", 4, 1),
        }

    def as_flask_config(self) -> dict[str, Any]:
        e = self.environ
        https = _flag(e, "FORUM_HTTPS", False)
        redis_url = e.get("FORUM_REDIS_URL", "").strip()
        database_url = self.database_url()
        engine_options: dict[str, Any] = {}
        if not database_url.startswith("sqlite"):
            # A server database can restart or drop idle connections; test each one as it
            # leaves the pool. (An embedded SQLite file cannot go away: no ping needed.)
            engine_options.update(
                pool_pre_ping=True,
                pool_size=_int(e, "FORUM_DB_POOL_SIZE", 5, 1),
                max_overflow=_int(e, "FORUM_DB_MAX_OVERFLOW", 10),
                pool_recycle=_int(e, "FORUM_DB_POOL_RECYCLE", 1800, 1),
                pool_timeout=_int(e, "FORUM_DB_POOL_TIMEOUT", 10, 1),
            )
        idle = _int(e, "FORUM_SESSION_IDLE_MINUTES", 30, 1)
        return {
            "FORUM_ENV": self.env,
            "SECRET_KEY": self.secret_key(),
            "FORUM_DATA_KEYS": self.data_keys(),
            "FORUM_ANON_KEY": self.anon_key(),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "FORUM_REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url or "memory://",
            # If Redis goes away, each process keeps counting in memory rather than
            # failing every request; it returns to Redis when Redis is back.
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": bool(redis_url),
            "RATELIMIT_ENABLED": _flag(e, "FORUM_RATELIMIT_ENABLED", True),
            "RATELIMIT_HEADERS_ENABLED": False,
            "FORUM_HTTPS": https,
            "SESSION_COOKIE_NAME": "forum_session",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": https,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SECURE": https,
            "PERMANENT_SESSION_LIFETIME": timedelta(minutes=idle),
            "FORUM_SESSION_IDLE": timedelta(minutes=idle),
            "FORUM_SESSION_MAX_AGE": timedelta(hours=_int(e, "FORUM_SESSION_MAX_HOURS", 12, 1)),
            "WTF_CSRF_TIME_LIMIT": 3600 * 4,
            "MAX_CONTENT_LENGTH": _int(e, "FORUM_MAX_CONTENT_LENGTH", 2 * 1024 * 1024, 1024),
            "FORUM_NOINDEX": _flag(e, "FORUM_NOINDEX", True),
            "FORUM_QUICK_EXIT_URL": e.get("FORUM_QUICK_EXIT_URL", "").strip()
            or "https://www.bbc.com/weather",
            "FORUM_ONION_URL": e.get("FORUM_ONION_URL", "").strip(),
            "FORUM_ANON_CACHE_SECONDS": _int(
                e, "FORUM_ANON_CACHE_SECONDS", 0 if self.env == "testing" else 10
            ),
            # Insights counts per audience and filters; statistics may be a minute old.
            "FORUM_INSIGHTS_CACHE_SECONDS": _int(
                e, "FORUM_INSIGHTS_CACHE_SECONDS", 0 if self.env == "testing" else 60
            ),
            "FORUM_DEFAULT_TIMEZONE": e.get("FORUM_DEFAULT_TIMEZONE", "UTC").strip() or "UTC",
            "FORUM_LOG_LEVEL": e.get("FORUM_LOG_LEVEL", "INFO").upper(),
            "FORUM_PASSWORD_TIME_COST": _int(e, "FORUM_PASSWORD_TIME_COST", 3, 1),
            "FORUM_PASSWORD_MEMORY_KIB": _int(e, "FORUM_PASSWORD_MEMORY_KIB", 65536, 8),
            "FORUM_PROXY_COUNT": _int(e, "FORUM_PROXY_COUNT", 0),
            **self.mail_settings(),
            **self.library_settings(),
            **self.queue_settings(redis_url),
            **self.letterhead_settings(),
        }

    def letterhead_settings(self) -> dict[str, str]:
        """The letterhead of invitation letters (README: Invitation letters). Settings,
        not a form: the organisation's name and signatory change rarely, and a letter a
        consulate reads must not be re-worded by whoever holds an admin password."""
        e = self.environ
        return {
            "FORUM_LETTER_ORGANISATION": e.get("FORUM_LETTER_ORGANISATION", "").strip()
            or "Convene",
            "FORUM_LETTER_ADDRESS": e.get("FORUM_LETTER_ADDRESS", "").strip(),
            "FORUM_LETTER_SIGNATORY": e.get("FORUM_LETTER_SIGNATORY", "").strip(),
            "FORUM_LETTER_SIGNATORY_TITLE": e.get("FORUM_LETTER_SIGNATORY_TITLE", "").strip(),
            "FORUM_LETTER_CONTACT": e.get("FORUM_LETTER_CONTACT", "").strip(),
        }
