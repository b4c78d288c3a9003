"""(to be written)"""


def cadre_panel(*, actor, cadre) -> dict:
    """This topic's part of the cadre's page, as template context (the people view merges every topic's)."""
    return {}
