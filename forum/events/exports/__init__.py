"""Exports: pure functions from event data to bytes (PDF, iCalendar, CSV)."""
