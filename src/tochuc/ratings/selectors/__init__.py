"""Every read of the ratings for views, exports and other modules, one module per topic; each takes the acting
user and keeps to their scope."""
