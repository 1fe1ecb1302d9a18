"""Attacks on defenders: incidents, their acts, targets, perpetrators, responses and
outcomes, consent per use, and the patterns they show (issue 14)."""
