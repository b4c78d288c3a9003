"""Party organizations: the tree (materialized path), its types, and its dated restructuring history
(create, rename, move, merge, split, dissolve), so that "the tree as of a date" can always be answered."""
