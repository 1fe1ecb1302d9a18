"""iCalendar downloads of events and agendas, and each member's personal feed."""
