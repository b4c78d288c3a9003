"""The forms of internal political protection, one module per topic."""
