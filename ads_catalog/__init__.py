"""Generator of the ADS course catalogue: load → validate → paths → render → (mkdocs) build."""
