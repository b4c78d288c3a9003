"""Every read of commendations, one module per topic; each takes the acting user and filters by scope."""
