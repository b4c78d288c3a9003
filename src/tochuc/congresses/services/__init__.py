"""Every write of the congresses module, one module per topic; each checks scope and role and writes one audit event."""
