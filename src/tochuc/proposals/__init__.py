"""Appraisal of proposals on party organization work (đề án: submitted, assigned to reviewers, commented,
revised, concluded, with deadlines) and the recommendations localities raise at conferences (kiến nghị:
assigned, answered, closed), with the board of open, answered and overdue ones by org."""
