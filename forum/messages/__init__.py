"""Messages from an event's organizers to its registrants: written once in several
languages, sent to people chosen by status, check-in or an answer, through the queue."""
