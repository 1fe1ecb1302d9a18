"""Insights: counts with small-cell suppression, SVG charts and CSV exports."""
