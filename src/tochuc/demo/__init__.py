"""Demo data: a synthetic but plausible Quảng Trị province (tree, members, logins) for `tochuc seed-demo`.

A plain package, not a Django app: `province.plan_province` is pure and deterministic given a seed;
`province.seed_province` writes the plan through the services. `names` holds the name lists.
"""
