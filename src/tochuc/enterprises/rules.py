"""The rules about enterprises, pure: the tax code, the figures of a survey, which party organization may be an
enterprise's own, the founding hint (Charter Art. 21) and the progress against a target. No database: the
founding threshold comes in as an argument, from the rule table (`org.founding_min_official_members`)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from tochuc.core.paths import roll_up  # noqa: F401 (targets roll up as the admission targets do)
from tochuc.orgs.models import SEGMENT, OrgType

from .models import EnterpriseSector

PARTY_FOUNDED = date(1930, 2, 3)  # no party organization anywhere is older than the Party
TAX_CODE_LENGTHS = (10, 13)  # an enterprise; a branch (its parent's 10 digits and 3 more)
# What an enterprise's own party organization can be: a grassroots organization or a unit inside one. A
# commune's committee (or the province's) is the area's, never an enterprise's; a party group (tổ đảng)
# is not a party organization of its own (Charter Art. 21 speaks of a cell or a committee).
PARTY_ORG_TYPES = frozenset(
    {OrgType.GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_CELL, OrgType.SUB_COMMITTEE, OrgType.CELL}
)


def tax_code_normalize(raw: str | None) -> str:
    """The digits of a tax code as people write it: "3200 123 456", "3200123456-001" (a branch)."""
    if not raw:
        return ""
    return "".join(str(raw).split()).replace("-", "").replace(".", "")


def tax_code_problem(code: str) -> str | None:
    """Why a (normalized) tax code is wrong, or None. Enterprise codes have 10 digits, their branches 13
    (Luật Quản lý thuế 2019, Điều 30; Thông tư 105/2020/TT-BTC, Điều 5). The check digit is not verified:
    its formula is not confirmed for every code issued."""
    if not code.isdigit():
        return _("Mã số thuế chỉ gồm chữ số (chi nhánh: 10 số, gạch ngang, 3 số).")
    if len(code) not in TAX_CODE_LENGTHS:
        return _("Mã số thuế gồm 10 chữ số (chi nhánh: 13 chữ số), không phải %(n)s.") % {"n": len(code)}
    return None


def figures_problems(
    *,
    employees: int,
    party_members: int,
    has_trade_union: bool,
    trade_union_members: int,
    has_youth_union: bool,
    youth_union_members: int,
) -> list[tuple[str, str]]:
    """(field, message) for each figure of a survey that contradicts another: the party members, trade union
    and youth union members all work there, so none outnumbers the employees; members of a union the
    enterprise does not have cannot be counted."""
    out: list[tuple[str, str]] = []
    for field, value in (
        ("employees", employees),
        ("party_members", party_members),
        ("trade_union_members", trade_union_members),
        ("youth_union_members", youth_union_members),
    ):
        if value is None or value < 0:
            out.append((field, _("Nhập một số không âm.")))
    if out:
        return out
    if party_members > employees:
        out.append(("party_members", _("Số đảng viên không được lớn hơn số lao động (%(n)s).") % {"n": employees}))
    if not has_trade_union and trade_union_members:
        out.append(("trade_union_members", _("Doanh nghiệp chưa có công đoàn: không ghi số đoàn viên công đoàn.")))
    elif trade_union_members > employees:
        out.append(
            (
                "trade_union_members",
                _("Số đoàn viên công đoàn không được lớn hơn số lao động (%(n)s).") % {"n": employees},
            )
        )
    if not has_youth_union and youth_union_members:
        out.append(("youth_union_members", _("Doanh nghiệp chưa có đoàn thanh niên: không ghi số đoàn viên.")))
    elif youth_union_members > employees:
        out.append(
            (
                "youth_union_members",
                _("Số đoàn viên thanh niên không được lớn hơn số lao động (%(n)s).") % {"n": employees},
            )
        )
    return out


def date_problem(value: date | None, *, today: date, label: str, earliest: date | None = None) -> str | None:
    """A recorded date: not in the future, not before `earliest`."""
    if value is None:
        return None
    if value > today:
        return _("%(label)s không được sau ngày hôm nay.") % {"label": label}
    if earliest is not None and value < earliest:
        return _("%(label)s không được trước ngày %(d)s.") % {"label": label, "d": earliest.strftime("%d/%m/%Y")}
    return None


def party_org_problem(*, area_path: str, party_org_path: str, party_org_type: str, party_org_open: bool) -> str | None:
    """Why an org cannot be the enterprise's own party organization, or None.

    It must be open, of a grassroots kind (`PARTY_ORG_TYPES`), in the same province as the enterprise's area,
    and not the area's committee or one above it. It need not lie under the area: a company's party
    committee is often attached elsewhere (the provincial People's Committee's bloc, a neighbouring ward).
    """
    if not party_org_open:
        return _("Tổ chức đảng này đã kết thúc hoạt động.")
    if party_org_type not in PARTY_ORG_TYPES:
        return _("Tổ chức đảng của doanh nghiệp phải là đảng bộ cơ sở, chi bộ cơ sở, đảng bộ bộ phận hoặc chi bộ.")
    if party_org_path[:SEGMENT] != area_path[:SEGMENT]:
        return _("Tổ chức đảng của doanh nghiệp phải cùng tỉnh với địa bàn của doanh nghiệp.")
    if area_path.startswith(party_org_path):
        return _("Đây là tổ chức đảng của địa bàn, không phải tổ chức đảng của doanh nghiệp.")
    return None


def founding_eligible(*, sector: str, party_members: int, has_party_org: bool, is_open: bool, threshold: int) -> bool:
    """A non-state enterprise without a party organization where `threshold` or more party members work: it
    may found its own (Charter Art. 21: three or more official members found a party organization in an
    enterprise; see DOMAIN.md §8.1). A hint for the committee, never a decision. The survey counts the party
    members working there, official or not: the officer checks how many are official."""
    return is_open and sector == EnterpriseSector.NON_STATE and not has_party_org and party_members >= threshold


def progress_percent(achieved: int, target: int | None) -> float | None:
    """The share of the target achieved, one decimal; None without a target (or a target of 0)."""
    if not target:
        return None
    return round(100 * achieved / target, 1)


def target_remainder(own: int | None, given: int) -> int | None:
    """What the org still has to allocate to its next level (negative: it gave out more than it got)."""
    if own is None:
        return None
    return own - given
