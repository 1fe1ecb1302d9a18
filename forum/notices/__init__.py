"""Notices: telling a person what happened to their registration, in-app and by email."""
