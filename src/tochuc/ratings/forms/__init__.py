"""Forms of the rating pages, one module per topic; field names are the services' keyword arguments."""
