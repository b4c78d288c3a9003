"""Commendation decisions (quyết định khen thưởng; DOMAIN.md §10): the committee of an org decides, in one
numbered and signed decision, to award one form to a list of accepted nominations under it; recording it marks
them all awarded at once. Recording needs CREATE over the deciding org (the committee signs on paper; its office
records the decision, as appointment decisions are recorded in cadre work)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.orgs.models import Org
from tochuc.proposals.models import Conference

from .. import rules
from ..choices import AwardForm, NomineeStatus, PeriodType
from ..models import Decision, Nominee
from ..selectors.eligibility import award_params, judge, levels_for_nominees


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _max(value: str, model, field: str, label: str) -> None:
    limit = model._meta.get_field(field).max_length
    if len(value) > limit:
        raise DomainError(_("%(l)s quá dài (tối đa %(n)s ký tự).") % {"l": label, "n": limit}, field=field)


def decidable_by(org: Org, nominee: Nominee) -> bool:
    """Whether the committee of `org` may award `nominee`: proposed by an org strictly under it (a top org's own
    nominations by itself), as the review was made above the proposing org."""
    proposing = nominee.proposing_org
    if proposing.pk == org.pk:
        return org.depth == 0
    return proposing.path.startswith(org.path)


@transaction.atomic
def decision_create(
    *,
    actor,
    org: Org,
    number: str,
    signed_on: date,
    signer_name: str,
    signer_title: str,
    form: str,
    period_type: str,
    title: str,
    nominees: Sequence[Nominee],
    year_from: int | None = None,
    year_to: int | None = None,
    conference: Conference | None = None,
) -> Decision:
    """Record the decision of `org`'s committee awarding `form` to `nominees` (accepted, proposed under `org`,
    all of the decision's form, kind and years) and mark them awarded, all or nothing. The number is unique
    for the org; the signing day is not in the future nor before a nominee's review."""
    if actor is not None:
        require(actor, Action.CREATE, org.path if org is not None else None)
    if org is None:
        raise DomainError(_("Chọn cấp quyết định."), field="org")
    number, signer_name, signer_title, title = map(_clean, (number, signer_name, signer_title, title))
    if not org.is_open:
        raise DomainError(_("%(o)s đã kết thúc hoạt động.") % {"o": org.name}, field="org")
    if not number:
        raise DomainError(_("Ghi số quyết định."), field="number")
    _max(number, Decision, "number", _("Số quyết định"))
    if signed_on is None:
        raise DomainError(_("Ghi ngày ký theo dạng dd/mm/yyyy."), field="signed_on")
    if signed_on > timezone.localdate():
        raise DomainError(_("Ngày ký không được sau ngày hôm nay."), field="signed_on")
    if signed_on < org.opened_on:
        raise DomainError(
            _("Ngày ký trước ngày thành lập %(o)s (%(d)s).") % {"o": org.name, "d": _fmt(org.opened_on)},
            field="signed_on",
        )
    if not signer_name:
        raise DomainError(_("Ghi họ tên người ký."), field="signer_name")
    _max(signer_name, Decision, "signer_name", _("Họ tên người ký"))
    if not signer_title:
        raise DomainError(_("Ghi chức vụ người ký (ví dụ: Bí thư, Phó Bí thư)."), field="signer_title")
    _max(signer_title, Decision, "signer_title", _("Chức vụ người ký"))
    if form not in AwardForm.values:
        raise DomainError(_("Chọn hình thức khen thưởng."), field="form")
    if period_type not in PeriodType.values:
        raise DomainError(_("Chọn loại khen thưởng."), field="period_type")
    if period_type in (PeriodType.ANNUAL, PeriodType.FIVE_YEAR) and year_to is None:
        raise DomainError(_("Ghi năm được khen thưởng."), field="year_to")
    if year_to is not None:
        if year_from is None and period_type != PeriodType.FIVE_YEAR:
            year_from = year_to
        params = award_params(signed_on, field="signed_on")
        wrong = rules.period_years(period_type, year_from, year_to, params.consecutive_years)
        if wrong is not None:
            raise DomainError(
                _("Số năm không phù hợp với loại khen thưởng «%(p)s».") % {"p": PeriodType(period_type).label},
                field=wrong,
            )
        if year_to > signed_on.year:
            raise DomainError(_("Năm được khen thưởng không được sau năm ký quyết định."), field="year_to")
    elif year_from is not None:
        raise DomainError(_("Ghi năm kết thúc."), field="year_to")
    if not title:
        title = rules.default_title(form, period_type, year_from, year_to)
    _max(title, Decision, "title", _("Trích yếu"))
    if conference is not None:
        if actor is not None and not in_scope(actor, conference.org.path):
            raise DomainError(_("Không tìm thấy hội nghị này trong phạm vi quản lý."), field="conference")
        if conference.org_id != org.pk:
            raise DomainError(
                _("Hội nghị «%(c)s» không do %(o)s tổ chức.") % {"c": conference.title, "o": org.name},
                field="conference",
            )
    # "1520-QĐ/TU" and "1520-qđ/tu" are one number: compared case-folded (SQLite folds ASCII letters only).
    if any(
        n.casefold() == number.casefold() for n in Decision.objects.filter(org=org).values_list("number", flat=True)
    ):
        raise DomainError(_("%(o)s đã có quyết định số %(n)s.") % {"o": org.name, "n": number}, field="number")
    ids = sorted({n.pk for n in nominees})
    if not ids:
        raise DomainError(_("Chọn ít nhất một tập thể, cá nhân được khen thưởng."), field="nominees")
    locked = list(
        Nominee.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("proposing_org")
        .order_by("-kind", "id")  # collectives first, as on the list
    )
    if len(locked) != len(ids):
        raise DomainError(_("Có đề nghị không còn tồn tại: tải lại trang."), field="nominees")
    for n in locked:
        who = n.recipient_name
        if actor is not None and not in_scope(actor, n.proposing_org.path):
            raise DomainError(_("Có đề nghị ngoài phạm vi quản lý."), field="nominees")
        if n.status != NomineeStatus.ACCEPTED:
            raise DomainError(
                _("%(n)s: đề nghị đang ở tình trạng «%(s)s», chưa được chấp thuận để trình quyết định.")
                % {"n": who, "s": n.get_status_display()},
                field="nominees",
            )
        if not decidable_by(org, n):
            raise DomainError(
                _("%(n)s do %(p)s đề nghị, không thuộc thẩm quyền của %(o)s.")
                % {"n": who, "p": n.proposing_org.name, "o": org.name},
                field="nominees",
            )
        if n.form != form:
            raise DomainError(
                _("%(n)s được đề nghị %(a)s, khác hình thức của quyết định (%(b)s).")
                % {"n": who, "a": n.get_form_display(), "b": AwardForm(form).label},
                field="nominees",
            )
        if n.period_type != period_type:
            raise DomainError(
                _("%(n)s được đề nghị khen thưởng %(a)s, khác loại của quyết định (%(b)s).")
                % {"n": who, "a": n.get_period_type_display().lower(), "b": PeriodType(period_type).label.lower()},
                field="nominees",
            )
        if year_to is not None and (n.year_from, n.year_to) != (year_from, year_to):
            raise DomainError(
                _("%(n)s được đề nghị cho năm %(a)s, khác năm của quyết định (%(b)s).")
                % {
                    "n": who,
                    "a": rules.years_label(n.year_from, n.year_to),
                    "b": rules.years_label(year_from, year_to),
                },
                field="nominees",
            )
        if n.reviewed_on and signed_on < n.reviewed_on:
            raise DomainError(
                _("Ngày ký trước ngày xét đề nghị của %(n)s (%(d)s).") % {"n": who, "d": _fmt(n.reviewed_on)},
                field="signed_on",
            )
    # The ratings may have changed since the review (a decided level reopened and lowered): the conditions are
    # judged again on the signing day, a blocking one refuses, a warning goes to the audit note.
    # (Ad-hoc and thematic awards rest on no rating: no parameter is read for them, whatever their date.)
    verdicts = []
    if period_type in (PeriodType.ANNUAL, PeriodType.FIVE_YEAR):
        params = award_params(signed_on, field="signed_on")
        levels = levels_for_nominees(locked)
        verdicts = [(n, judge(n, levels, params)) for n in locked]
    failing = [(n, v) for n, v in verdicts if not v.ok]
    if failing:
        n, v = failing[0]
        more = _(" (và %(k)s trường hợp khác)") % {"k": len(failing) - 1} if len(failing) > 1 else ""
        raise DomainError(
            _("%(n)s chưa đủ điều kiện khen thưởng: %(r)s%(more)s")
            % {"n": n.recipient_name, "r": " ".join(f"{c.label}: {c.reason}" for c in v.refusals), "more": more},
            field="nominees",
        )
    warnings = [f"{n.recipient_name}: {c.reason}" for n, v in verdicts for c in v.warnings]
    decision = Decision.objects.create(
        org=org,
        number=number,
        signed_on=signed_on,
        signer_name=signer_name,
        signer_title=signer_title,
        form=form,
        period_type=period_type,
        title=title,
        year_from=year_from,
        year_to=year_to,
        conference=conference,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    awarded = Nominee.objects.filter(Q(pk__in=ids), status=NomineeStatus.ACCEPTED).update(
        status=NomineeStatus.AWARDED, decision=decision, updated_at=timezone.now()
    )
    if awarded != len(ids):  # the rows are locked: nothing else can have moved them
        raise DomainError(_("Danh sách đề nghị vừa thay đổi: tải lại trang."), field="nominees")
    orgs = sum(1 for n in locked if n.kind == "org")
    audit_record(
        actor=actor,
        action="award.decide",
        obj=decision,
        org_path=org.path,
        changes={
            "number": {"before": None, "after": number},
            "signed_on": {"before": None, "after": signed_on},
            "signer": {"before": None, "after": f"{signer_title} {signer_name}"},
            "form": {"before": None, "after": form},
            "period_type": {"before": None, "after": period_type},
            "years": {"before": None, "after": rules.years_label(year_from, year_to)},
            "nominees": {"before": None, "after": ids},
        },
        note=_("%(a)s tập thể, %(b)s cá nhân") % {"a": orgs, "b": len(locked) - orgs}
        + ((". " + _("Lưu ý: %(w)s") % {"w": " ".join(warnings)}) if warnings else ""),
    )
    return decision
