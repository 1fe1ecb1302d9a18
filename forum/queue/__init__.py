"""Durable background work: tasks (plain functions of ids) on Dramatiq, Redis in production."""
