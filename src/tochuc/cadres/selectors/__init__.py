"""Reads of cadre work, one module per topic; every list is scoped to the actor's part of the tree."""
