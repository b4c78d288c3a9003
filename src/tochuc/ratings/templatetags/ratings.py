"""Template filters of the rating pages: a level as its badge (full or short name), a score in Vietnamese."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from ..choices import Rating
from ..rules import fmt_score

register = template.Library()

SHORT = {
    Rating.EXCELLENT: "HTXSNV",
    Rating.GOOD: "HTTNV",
    Rating.COMPLETED: "HTNV",
    Rating.NOT_COMPLETED: "KHTNV",
}


@register.filter
def level_badge(level: str, short: bool = False) -> str:
    """`{{ e.level|level_badge }}`: the level in its colour; `|level_badge:True` the short name (HTXSNV ...)
    with the full one as its title. Empty for no level."""
    if level not in Rating.values:
        return ""
    label = Rating(level).label
    if short:
        return format_html('<span class="level {}" title="{}">{}</span>', level, label, SHORT[level])
    return format_html('<span class="level {}">{}</span>', level, label)


@register.filter
def score(value) -> str:
    """89.50 -> "89,5"; None -> ""."""
    return fmt_score(value)
