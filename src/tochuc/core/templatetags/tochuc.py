from __future__ import annotations

from django import template

from tochuc.core.audit import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """The Vietnamese (or English) name of an audit action code such as "org.merge"."""
    return str(ACTION_LABELS.get(code, code))
