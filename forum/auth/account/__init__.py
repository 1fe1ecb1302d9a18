"""Account settings: password, language and zone, two-factor sign-in, sessions."""
