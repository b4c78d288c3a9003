"""Every write of cadre work, one module per topic. Each checks the actor's scope and role, validates, and
writes one audit event inside a transaction."""
