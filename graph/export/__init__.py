"""Export: the facts table, coverage, RDF, network files and SHACL validation of them."""
