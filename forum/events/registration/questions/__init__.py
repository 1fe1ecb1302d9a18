"""Questions of an event's registration form: written by organizers, answered by registrants."""
