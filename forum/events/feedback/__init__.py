"""Post-event feedback surveys, answered without a link to the person."""
