"""Profiles: optional details about a member, each shown only as far as its owner allows."""
