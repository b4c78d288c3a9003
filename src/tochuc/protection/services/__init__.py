"""Every write of internal political protection, one module per topic. Each checks the actor's scope and role
(restricted content needs `Action.RESTRICTED` as well), validates, and writes its audit event in a transaction."""
