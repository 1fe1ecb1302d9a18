"""Pages that belong to no single feature: home, language switch, robots.txt, health."""
