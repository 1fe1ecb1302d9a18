"""Topic pages: one page per region, country, risk and group of defenders, listing the
exchanges, events and (through `forum.related`) anything else tagged with it."""
