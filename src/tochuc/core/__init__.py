"""Shared kernel: scope, audit, Vietnamese text folding, dates and working days, the rules in force,
the base templates and the static assets every module uses."""
