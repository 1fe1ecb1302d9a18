"""Accounts: sign-up, sign-in, sessions and personal settings."""
