"""Drafts: a new exchange or a reply kept, encrypted, for its author alone until posted."""
