"""Checks of the project's shape that run in `make lint` (import-linter contract types)."""
