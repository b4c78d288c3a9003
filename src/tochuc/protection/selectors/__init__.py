"""Every read of internal political protection, one module per topic, each given the acting user and scoped."""
