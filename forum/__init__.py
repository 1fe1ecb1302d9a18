"""Convene: events, exports and exchanges for human rights defenders."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_babel import get_locale

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None, **overrides: Any) -> Flask:
    """Build an app from `FORUM_*` environment variables, then `config` and `overrides`."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=os.environ.get("FORUM_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
    )
    configure(app, {**(config or {}), **overrides})
    register_extensions(app)
    load_models()
    register_blueprints(app)
    register_request_hooks(app)
    register_page_cache(app)
    register_commands(app)
    return app


def configure(app: Flask, overrides: Mapping[str, Any]) -> None:
    from forum.config import Config

    environ = {**os.environ, **{k: str(v) for k, v in overrides.items() if k.startswith("FORUM_")}}
    app.config.update(Config(environ, app.instance_path).as_flask_config())
    app.config.update({k: v for k, v in overrides.items() if not k.startswith("FORUM_")})
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def register_extensions(app: Flask) -> None:
    from forum import auth, crypto, dates, errors, forms, headers, i18n, logs, proxy
    from forum.events.registration import locking
    from forum.extensions import babel, csrf, db, limiter, login_manager, migrate
    from forum.i18n import select_locale, select_timezone
    from forum.library import storage as library_storage
    from forum.queue import runner as queue_runner

    logs.init_app(app)
    crypto.init_app(app)
    db.init_app(app)
    locking.init_app(app)
    queue_runner.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    auth.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    i18n.init_app(app)
    dates.init_app(app)
    forms.init_app(app)  # before CSRF: a JSON body is refused whatever its token
    csrf.init_app(app)
    limiter.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    proxy.init_app(app)
    library_storage.init_app(app)


def load_models() -> None:
    """Import every feature's models so the metadata (and Alembic) knows all tables."""
    import forum.attacks.models
    import forum.auth.models
    import forum.events.calendar.models
    import forum.events.exports.badges.models
    import forum.events.feedback.models
    import forum.events.models
    import forum.events.registration.models
    import forum.events.workshops.models
    import forum.exchanges.drafts.models
    import forum.exchanges.models
    import forum.insights.models
    import forum.letters.models
    import forum.library.models
    import forum.models
    import forum.observatory.models
    import forum.profiles.models
    import forum.search.glossary.models
    import forum.topics.models  # noqa: F401


def register_page_cache(app: Flask) -> None:
    """Last of the request hooks, so a cached page still passes the earlier ones."""
    from forum import page_cache

    page_cache.init_app(app)


def register_blueprints(app: Flask) -> None:
    from forum.urls import RowIdConverter

    app.url_map.converters["int"] = RowIdConverter
    from forum.admin.views import bp as admin_bp
    from forum.attacks import related as attacks_related  # noqa: F401
    from forum.attacks.views import bp as attacks_bp
    from forum.auth.account.views import bp as account_bp
    from forum.auth.views import bp as auth_bp

    # Imported for their side effect: each adds its section to the home page.
    from forum.events import home as events_home  # noqa: F401
    from forum.events.calendar.views import bp as calendar_bp
    from forum.events.checkin.views import bp as checkin_bp
    from forum.events.exports.badges.views import bp as badges_bp
    from forum.events.exports.views import bp as event_exports_bp
    from forum.events.feedback.views import bp as feedback_bp
    from forum.events.manage.views import bp as events_manage_bp
    from forum.events.registration.questions.views import bp as questions_bp
    from forum.events.registration.views import bp as registration_bp
    from forum.events.views import bp as events_bp
    from forum.events.workshops.views import bp as workshops_bp
    from forum.exchanges import home as exchanges_home  # noqa: F401
    from forum.exchanges.drafts.views import bp as drafts_bp
    from forum.exchanges.moderation.views import bp as moderation_bp
    from forum.exchanges.views import bp as exchanges_bp
    from forum.insights.views import bp as insights_bp
    from forum.letters.views import bp as letters_bp
    from forum.library import related as library_related  # noqa: F401
    from forum.library.views import bp as library_bp
    from forum.main.views import bp as main_bp
    from forum.messages.views import bp as messages_bp
    from forum.notices.views import bp as notices_bp
    from forum.observatory import related as observatory_related  # noqa: F401
    from forum.observatory.views import bp as observatory_bp
    from forum.profiles.views import bp as profiles_bp
    from forum.proposals import related as proposals_related  # noqa: F401
    from forum.proposals.views import bp as proposals_bp
    from forum.search.glossary.views import bp as glossary_bp
    from forum.topics.views import bp as topics_bp

    for blueprint in (
        main_bp,
        auth_bp,
        account_bp,
        admin_bp,
        events_bp,
        events_manage_bp,
        calendar_bp,
        checkin_bp,
        event_exports_bp,
        badges_bp,
        registration_bp,
        letters_bp,
        questions_bp,
        workshops_bp,
        feedback_bp,
        profiles_bp,
        exchanges_bp,
        drafts_bp,
        moderation_bp,
        insights_bp,
        library_bp,
        attacks_bp,
        observatory_bp,
        glossary_bp,
        topics_bp,
        notices_bp,
        proposals_bp,
        messages_bp,
    ):
        app.register_blueprint(blueprint)


def register_request_hooks(app: Flask) -> None:
    from forum import assets
    from forum.i18n import LOCALES, text_direction
    from forum.security import can

    assets.init_app(app)
    # A function, not a variable: macros imported from another template do not see the
    # context processor's values, so `locale` there was undefined and events fell back to
    # their default language (a Spanish organizer read English titles on manage pages).
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())

    @app.context_processor
    def layout_context() -> dict[str, Any]:
        locale = str(get_locale())
        return {
            "locale": locale,
            "direction": text_direction(locale),
            "locales": LOCALES,
            "can": can,
            "current_path": request.full_path.rstrip("?"),
        }


def register_commands(app: Flask) -> None:
    from forum.cli import forum_cli

    app.cli.add_command(forum_cli)
