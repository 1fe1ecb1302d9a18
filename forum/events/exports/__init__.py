"""Exports of event data: pure functions from data to bytes (PDF, iCalendar, CSV)."""
