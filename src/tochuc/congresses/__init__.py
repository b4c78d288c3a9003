"""Congresses (đại hội) at every level in a term: planning and progress, delegates and their apportionment,
personnel plans, and elections with the tally of Quy chế bầu cử 190-QĐ/TW."""
