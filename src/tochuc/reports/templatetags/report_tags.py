from __future__ import annotations

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def number(value) -> str:
    """A cell as Vietnamese reports write it: 12.345 and 12,5 (a blank for no value)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


@register.filter
def index(values, i: int):
    return values[i]


@register.filter
def drillable(key: str, result) -> bool:
    """A cell lists members when its column is counted (not a target or a share)."""
    return any(m.key == key for m in result.report.measures)


@register.simple_tag
def report_query(result, org_code: str) -> str:
    """The query string of the same report for another org."""
    ctx = result.context
    params = {"org": org_code}
    if result.report.period:
        params.update(start=ctx.start.strftime("%d/%m/%Y"), end=ctx.end.strftime("%d/%m/%Y"))
    elif not result.today:
        params["as_of"] = ctx.as_of.strftime("%d/%m/%Y")
    return urlencode(params)
