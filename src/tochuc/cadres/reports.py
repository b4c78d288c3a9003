"""Reports of cadre work in the report engine (registered from CadresConfig.ready)."""

REPORTS: list = []
