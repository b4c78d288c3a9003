"""Forms of the congresses module, one module per topic."""
