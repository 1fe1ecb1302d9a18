"""Calls for proposals: a programme built from what members propose, reviewed anonymously."""
