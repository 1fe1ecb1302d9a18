"""The protection policy observatory: laws, policies and mechanisms for defenders."""
