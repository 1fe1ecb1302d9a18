"""The multilingual glossary of protection terms that search expands queries through."""
