"""Forms of cadre work, one module per topic."""
