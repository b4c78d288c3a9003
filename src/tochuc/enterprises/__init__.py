"""Enterprises in the province (state, non-state, foreign-invested): where they sit in the tree, their
employees, party organization and mass organizations; targets for founding party cells in non-state ones."""
