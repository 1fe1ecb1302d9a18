"""The library: manuals, studies and reports, each work with its editions in every language."""
