"""Serve: the SPARQL endpoint and the Graph Store Protocol client."""
