import os
import stat

import pytest

from forum import create_app
from forum.config import Config, ConfigurationError


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environ = {"FORUM_ENV": "production", "FORUM_DATA_KEYS": "x"}
    with pytest.raises(ConfigurationError, match="FORUM_SECRET_KEY is not set"):
        Config(environ, str(tmp_path)).as_flask_config()


def test_production_refuses_to_start_without_data_keys(tmp_path):
    environ = {"FORUM_ENV": "production", "FORUM_SECRET_KEY": "s" * 40}
    with pytest.raises(ConfigurationError, match="FORUM_DATA_KEYS is not set"):
        Config(environ, str(tmp_path)).as_flask_config()


def test_malformed_data_key_is_refused(tmp_path):
    environ = {"FORUM_SECRET_KEY": "s" * 40, "FORUM_DATA_KEYS": "not-a-key"}
    with pytest.raises(ConfigurationError, match="not a Fernet key"):
        Config(environ, str(tmp_path)).as_flask_config()


def test_development_generates_private_secrets_once(tmp_path):
    first = Config({}, str(tmp_path)).as_flask_config()
    second = Config({}, str(tmp_path)).as_flask_config()
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 64
    for name in ("secret_key", "data_keys"):
        mode = stat.S_IMODE(os.stat(tmp_path / name).st_mode)
        assert mode == 0o600


@pytest.mark.parametrize(
    ("name", "value"), [("FORUM_HTTPS", "maybe"), ("FORUM_SESSION_IDLE_MINUTES", "ten")]
)
def test_malformed_settings_stop_start_up_with_a_clear_message(tmp_path, name, value):
    with pytest.raises(ConfigurationError, match=name):
        Config({name: value}, str(tmp_path)).as_flask_config()


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="FORUM_ENV"):
        Config({"FORUM_ENV": "staging"}, str(tmp_path))


def test_plain_postgres_urls_use_psycopg(tmp_path):
    config = Config({"FORUM_DATABASE_URL": "postgresql://u@h/db"}, str(tmp_path))
    assert config.database_url() == "postgresql+psycopg://u@h/db"


def test_redis_url_becomes_the_rate_limit_storage(tmp_path):
    settings = Config({"FORUM_REDIS_URL": "redis://127.0.0.1:6379/3"}, str(tmp_path))
    assert settings.as_flask_config()["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert Config({}, str(tmp_path)).as_flask_config()["RATELIMIT_STORAGE_URI"] == "memory://"


def test_create_app_in_production_without_secret_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    monkeypatch.setenv("FORUM_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError):
        create_app({"FORUM_ENV": "production"})


def test_production_refuses_to_start_without_the_anonymity_key(tmp_path):
    environ = {
        "FORUM_ENV": "production",
        "FORUM_SECRET_KEY": "s" * 40,
        "FORUM_DATA_KEYS": "3q2-7wHvAZAz0Z2P_C6tM3W0j2oI0r4LZ4O7T0Ywh2w=",
    }
    with pytest.raises(ConfigurationError, match="FORUM_ANON_KEY is not set"):
        Config(environ, str(tmp_path)).as_flask_config()
    with pytest.raises(ConfigurationError, match="at least 32 characters"):
        Config({**environ, "FORUM_ANON_KEY": "short"}, str(tmp_path)).as_flask_config()
    settings = Config({**environ, "FORUM_ANON_KEY": "k" * 40}, str(tmp_path)).as_flask_config()
    assert settings["FORUM_ANON_KEY"] == "k" * 40


def test_development_generates_the_anonymity_key_outside_the_database(tmp_path):
    first = Config({}, str(tmp_path)).as_flask_config()
    assert first["FORUM_ANON_KEY"] == Config({}, str(tmp_path)).as_flask_config()["FORUM_ANON_KEY"]
    assert stat.S_IMODE(os.stat(tmp_path / "anon_key").st_mode) == 0o600
