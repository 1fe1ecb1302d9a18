"""The WSGI entry point for gunicorn and `flask run`: the only module-level app."""

from forum import create_app

app = create_app()
