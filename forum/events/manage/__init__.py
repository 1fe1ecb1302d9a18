"""Organizer pages: create, edit, publish, cancel and delete events; build the agenda."""
