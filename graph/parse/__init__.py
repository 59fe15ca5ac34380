"""Parse: the report's outline (parts, programs, □ blocks, items, tables), dates and money."""
