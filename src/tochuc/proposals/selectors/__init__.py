"""Every read of the app, scoped to the actor: proposals, conferences, recommendations (and their board)."""
