"""Workshops people sign up for: a seat in one agenda session."""
