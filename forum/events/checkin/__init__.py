"""The check-in desk: scan a badge (or search a name), see who it is, mark the arrival."""
