"""Forms of commendations, one module per topic."""
