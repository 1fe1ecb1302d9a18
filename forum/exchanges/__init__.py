"""Exchanges: threaded discussions of protection tactics across countries.

Threads carry tags from `forum.taxonomy` and a structured tactic; replies nest; posts can
be anonymous without the database linking them to their author (`anonymity`); search has
one interface over SQLite FTS5 and PostgreSQL full-text search (`search`).
"""
