"""Insights: the exchanges in numbers (published through forum.statistics), charts, CSV."""
