"""The library: the organisation's manuals, studies and reports, one work with its editions in every language."""
