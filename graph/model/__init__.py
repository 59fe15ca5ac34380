"""Model: the records every stage shares (claims, statements, entities), the ontology schema, resolution."""
