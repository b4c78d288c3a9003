"""Users, their role, and the one org (with its subtree) each user is confined to."""
