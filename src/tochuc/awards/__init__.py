"""Commendations (khen thưởng) of party organizations and members: proposed by an org, reviewed by the level
that decides, decided in a numbered decision with its list (printed as PDF), and the history of each person
and org. Eligibility comes from the quality ratings (only "excellent"; five consecutive years for a 5-year award)."""
