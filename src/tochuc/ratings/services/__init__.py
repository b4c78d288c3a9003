"""Every write of the ratings, one module per topic; each checks scope and role, validates and writes its audit
events in one transaction."""
