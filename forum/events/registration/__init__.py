"""Registration: questions, answers, vetting, capacity and the waiting list."""
