"""(to be written)"""


def posts_follow(*, actor, source, target, on, event=None) -> int:
    return 0


def posts_held(org) -> str | None:
    return None
