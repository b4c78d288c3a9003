"""Party members: the dossier, lifecycle events, transfers, badges, cards, search, working away from home.
The foundation keeps only what the tree, scope and demo need; the members module completes it."""
