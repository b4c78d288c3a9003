"""Reads of the congresses module, one module per topic, scoped to the actor's part of the tree."""
