"""Moderation: reported posts, hiding and restoring, locking threads, fixing tags."""
