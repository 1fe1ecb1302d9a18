"""Digests of followed topics: how many new exchanges each followed topic had in a day or
a week, in-app and (when asked for) by email. Counts and links only."""
