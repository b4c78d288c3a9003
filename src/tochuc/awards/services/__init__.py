"""Every write of commendations, one module per topic (nominations, decisions). Each checks the actor's scope
and role, validates, and writes its audit events inside a transaction."""
