"""Administration: roles and the audit log."""
