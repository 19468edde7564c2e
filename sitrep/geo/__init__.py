"""Places: the offline gazetteer, name keys, distances and context resolution."""
