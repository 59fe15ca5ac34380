"""Query: stores, SPARQL, briefings, network analysis and the persisted knowledge base."""
