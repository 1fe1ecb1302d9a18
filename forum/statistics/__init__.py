"""Disclosure control: every count the site publishes goes through this package."""
