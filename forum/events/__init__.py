"""Events: conferences, seminars and forums with agendas, registrations and exports."""
