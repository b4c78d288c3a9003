"""Surplus staff after a restructuring (cán bộ dôi dư): the restructuring follower that closes the posts of a
merged org and opens a case for each person left without a post, the cases an officer adds by hand, and the
policy chosen and carried out for each (Nghị định 178/2024/NĐ-CP, amended by 67/2025/NĐ-CP)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.orgs.models import Org, OrgEvent

from ..choices import CadreStatus, SurplusPolicy, SurplusStatus, TenureEnd, TenureSource, title_rank
from ..models import Cadre, Post, SurplusCase, Tenure
from ..selectors.surplus import case_visible, successor_of
from .people import refuse_control_characters

# The restructuring acts that can leave people without a post: the org they worked for closes into another.
RESTRUCTURING = (OrgEvent.Kind.MERGE, OrgEvent.Kind.SPLIT, OrgEvent.Kind.DISSOLVE)
# A policy whose carrying out ends the person's working life in the system, and how their record ends.
ENDS_WORK = {
    SurplusPolicy.EARLY_RETIREMENT: CadreStatus.RETIRED,
    SurplusPolicy.RETIREMENT: CadreStatus.RETIRED,
    SurplusPolicy.RESIGNATION: CadreStatus.LEFT,
}


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@contextmanager
def _fields(names: dict[str, str]):
    """A refusal of another service called from here names that service's field: name ours instead, so that
    the form shows it beside the field the user filled."""
    try:
        yield
    except DomainError as error:
        raise DomainError(error.message, field=names.get(error.field or "", error.field), code=error.code) from error


# --- The restructuring follower (orgs.services.register_follower) -----------------------------------------


def posts_follow(*, actor, source: Org, target: Org, on: date, event: OrgEvent | None = None) -> int:
    """When `source` merges or dissolves into `target` on `on`: each open post of `source` is abolished (its
    holders' tenures end "restructured"), each holder left with no other open post anywhere becomes a pending
    surplus case of `event`, and the working cadres `source` managed move to `target`, as its active members
    do. Called inside the restructuring's transaction, which checked the actor's right on both orgs.

    Every write goes through the posts services (one "tenure.end" per tenure, one "post.close" per post, with
    a "planning.remove" per name on its lists and an "appointment.close" per procedure in progress) or is
    audited here, one event per record ("surplus.create" per case, "cadre.update" per cadre moved): a
    case has a life of its own (its policy is set later), so its creation is its own line in the log, found
    by the case's object id. Returns the number of surplus cases opened."""
    from .posts import post_close, tenure_end

    posts = list(Post.objects.select_for_update().filter(org=source, closed_on__isnull=True).order_by("pk"))
    tenures = list(
        Tenure.objects.select_related("post").filter(post__in=posts, ended_on__isnull=True).order_by("cadre_id", "pk")
    )
    ended: dict[int, list[Tenure]] = {}
    for tenure in tenures:
        tenure_end(actor=actor, tenure=tenure, ended_on=on, reason=TenureEnd.RESTRUCTURED)
        ended.setdefault(tenure.cadre_id, []).append(tenure)
    note = _("Sắp xếp tổ chức: «%(s)s» vào «%(t)s» ngày %(on)s.") % {"s": source.name, "t": target.name, "on": _fmt(on)}
    for post in posts:
        post_close(actor=actor, post=post, on=on, audit_note=note, restructuring=True)
    # Someone who still holds a post elsewhere (a concurrent post at another org, or at a child of the source,
    # which survives the merge) keeps working there: they are not surplus.
    still_holding = set(
        Tenure.objects.filter(cadre_id__in=ended, ended_on__isnull=True).values_list("cadre_id", flat=True)
    )
    already = set()
    if event is not None:
        already = set(SurplusCase.objects.filter(event=event, cadre_id__in=ended).values_list("cadre_id", flat=True))
    opened = 0
    for cadre_id, held in ended.items():
        if cadre_id in still_holding or cadre_id in already:
            continue
        main = max(held, key=lambda t: (title_rank(t.post.title), -t.pk))  # the highest post they lost
        case = SurplusCase.objects.create(
            cadre_id=cadre_id, event=event, org=source, tenure=main, identified_on=on, status=SurplusStatus.PENDING
        )
        audit_record(
            actor=actor,
            action="surplus.create",
            obj=case,
            org_path=source.path,
            note=note,
            changes={
                "cadre": {"before": None, "after": cadre_id},
                "org": {"before": None, "after": source.code},
                "tenure": {"before": None, "after": main.pk},
                "event": {"before": None, "after": event.pk if event else None},
                "identified_on": {"before": None, "after": on},
            },
        )
        opened += 1
    _cadres_move(actor=actor, source=source, target=target, on=on)
    return opened


def _cadres_move(*, actor, source: Org, target: Org, on: date) -> int:
    """The working cadres managed by `source` are managed by `target` from now on. Those who ended their work
    (retired, left, deceased) stay on the closed org, as its former members' records do."""
    moved = 0
    for cadre in Cadre.objects.select_for_update().filter(org=source, status=CadreStatus.WORKING).order_by("pk"):
        cadre.org = target
        cadre.save(update_fields=["org", "updated_at"])
        audit_record(
            actor=actor,
            action="cadre.update",
            obj=cadre,
            org_path=target.path,
            changes={"org": {"before": source.code, "after": target.code}},
            note=_fmt(on),
        )
        moved += 1
    return moved


def posts_held(org: Org) -> str | None:
    """What of cadre work still sits on `org`, for a split or a dissolution with nowhere to send it
    (`orgs.services.register_follower`): its posts someone still holds, the working cadres it manages."""
    open_tenures = Tenure.objects.filter(post=OuterRef("pk"), ended_on__isnull=True)
    held = Post.objects.filter(Exists(open_tenures), org=org, closed_on__isnull=True).count()
    managed = Cadre.objects.filter(org=org, status=CadreStatus.WORKING).count()
    parts = []
    if held:
        parts.append(_("%(n)s chức vụ còn người giữ") % {"n": held})
    if managed:
        parts.append(_("%(n)s cán bộ đang quản lý") % {"n": managed})
    return ", ".join(parts) or None


# --- Cases --------------------------------------------------------------------------------------------------


def check_case_edit(actor, case: SurplusCase) -> None:
    """Setting the policy belongs to whoever manages the person now: the officers of the closed org who still
    see its cases read them only (403); outside both orgs the case does not exist (404)."""
    if actor is None:
        return
    if not case_visible(actor, case):
        raise Http404
    require(actor, Action.EDIT)
    if not in_scope(actor, case.cadre.org.path):
        raise PermissionDenied


def restructuring_event(org: Org, on: date) -> OrgEvent | None:
    """The latest restructuring (merge, split, dissolution) on or before `on` that took or produced `org`."""
    return (
        OrgEvent.objects.filter(kind__in=RESTRUCTURING, on__lte=on)
        .filter(Q(sources=org) | Q(results=org))
        .distinct()
        .order_by("-on", "-pk")
        .first()
    )


@transaction.atomic
def surplus_create(
    *,
    actor,
    cadre: Cadre,
    org: Org,
    identified_on: date,
    event: OrgEvent | None = None,
    note: str = "",
) -> SurplusCase:
    """Record a person made surplus by a restructuring whom the posts did not show (a part-time worker, a
    civil servant without a recorded post): `org` is the org they worked for, one the restructuring `event`
    took or produced (by default the latest such event of `org` on or before `identified_on`)."""
    if actor is not None:
        # The person is recorded by whoever manages them now; the org they worked for may be a closed one
        # outside that scope, taken over by an org inside it.
        require(actor, Action.CREATE, cadre.org.path)
        if not (in_scope(actor, org.path) or (org.successor_id and in_scope(actor, org.successor.path))):
            raise Http404
    refuse_control_characters({"note": note})
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("%(n)s không còn công tác (%(s)s).") % {"n": cadre.full_name, "s": cadre.get_status_display()},
            field="cadre",
        )
    if identified_on > timezone.localdate():
        raise DomainError(_("Ngày dôi dư không được sau ngày hôm nay."), field="identified_on")
    if event is None:
        event = restructuring_event(org, identified_on)
        if event is None:
            raise DomainError(
                _("«%(org)s» không có quyết định sáp nhập, chia tách, giải thể nào đến ngày %(on)s.")
                % {"org": org.name, "on": _fmt(identified_on)},
                field="org",
            )
    else:
        if event.kind not in RESTRUCTURING:
            raise DomainError(_("Chỉ ghi nhận dôi dư theo quyết định sáp nhập, chia tách, giải thể."), field="event")
        if not (event.sources.filter(pk=org.pk).exists() or event.results.filter(pk=org.pk).exists()):
            raise DomainError(
                _("«%(org)s» không thuộc quyết định sắp xếp ngày %(on)s.") % {"org": org.name, "on": _fmt(event.on)},
                field="org",
            )
    if identified_on < event.on:
        raise DomainError(
            _("Ngày dôi dư không được trước ngày hiệu lực của quyết định sắp xếp (%(on)s).") % {"on": _fmt(event.on)},
            field="identified_on",
        )
    if SurplusCase.objects.filter(cadre=cadre, event=event).exists():
        raise DomainError(
            _("%(n)s đã có trong danh sách dôi dư của quyết định sắp xếp này.") % {"n": cadre.full_name},
            field="cadre",
        )
    case = SurplusCase.objects.create(
        cadre=cadre, event=event, org=org, identified_on=identified_on, note=note.strip(), status=SurplusStatus.PENDING
    )
    audit_record(
        actor=actor,
        action="surplus.create",
        obj=case,
        org_path=org.path,
        changes={
            "cadre": {"before": None, "after": cadre.pk},
            "org": {"before": None, "after": org.code},
            "event": {"before": None, "after": event.pk},
            "identified_on": {"before": None, "after": identified_on},
        },
        note=note.strip(),
    )
    return case


def _retirement_on(cadre: Cadre) -> date:
    from ..selectors.people import retirement_on

    return retirement_on(cadre)


@transaction.atomic
def surplus_policy_set(
    *,
    actor,
    case: SurplusCase,
    policy: str,
    policy_on: date | None,
    decision_no: str = "",
    note: str = "",
    status: str = SurplusStatus.RESOLVED,
    post: Post | None = None,
) -> SurplusCase:
    """Choose the policy for a surplus case (status in progress: decided, to be carried out, `policy_on` the
    planned day if known) or record it carried out on `policy_on` (status resolved, final).

    Carried out, a retirement or severance ends the person's work (their record says retired or left, their
    open posts end); a reassignment gives them `post`, a post of the successor org, from `policy_on` (a
    tenure "reassigned", through the posts service); a transfer elsewhere leaves the record for the people
    pages (the receiving org is outside this case). Early retirement is checked only against the statutory
    retirement day (it must come before it): the rule table holds no age window of Decree 178/2024, so none
    is enforced here."""
    case = (
        SurplusCase.objects.select_for_update(of=("self",)).select_related("org", "cadre__org", "event").get(pk=case.pk)
    )
    check_case_edit(actor, case)
    refuse_control_characters({"decision_no": decision_no, "note": note})
    decision_no, note = decision_no.strip(), note.strip()
    if case.status == SurplusStatus.RESOLVED:
        raise DomainError(_("Trường hợp này đã giải quyết xong, không sửa được chính sách."), field="policy")
    if policy not in SurplusPolicy.values or policy == SurplusPolicy.UNDECIDED:
        raise DomainError(_("Chọn chính sách giải quyết."), field="policy")
    if status not in (SurplusStatus.IN_PROGRESS, SurplusStatus.RESOLVED):
        raise DomainError(_("Chọn tình trạng: đang giải quyết hoặc đã giải quyết."), field="status")
    resolved = status == SurplusStatus.RESOLVED
    cadre = case.cadre
    if resolved and policy_on is None:
        raise DomainError(_("Nhập ngày thực hiện chính sách."), field="policy_on")
    if policy_on is not None:
        if policy_on < case.identified_on:
            raise DomainError(
                _("Ngày thực hiện không được trước ngày dôi dư (%(d)s).") % {"d": _fmt(case.identified_on)},
                field="policy_on",
            )
        if resolved and policy_on > timezone.localdate():
            raise DomainError(
                _("Chưa đến ngày thực hiện: ghi nhận «đang giải quyết», cập nhật khi thực hiện xong."),
                field="policy_on",
            )
    if resolved and cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("%(n)s không còn công tác (%(s)s).") % {"n": cadre.full_name, "s": cadre.get_status_display()},
            field="policy",
        )
    if resolved and not decision_no and policy != SurplusPolicy.REASSIGNMENT:
        raise DomainError(_("Nhập số quyết định giải quyết chính sách."), field="decision_no")
    if policy in (SurplusPolicy.EARLY_RETIREMENT, SurplusPolicy.RETIREMENT) and policy_on is not None:
        retires_on = _retirement_on(cadre)
        if policy == SurplusPolicy.RETIREMENT and policy_on < retires_on:
            raise DomainError(
                _("%(n)s đủ tuổi nghỉ hưu ngày %(d)s: trước ngày đó là nghỉ hưu trước tuổi.")
                % {"n": cadre.full_name, "d": _fmt(retires_on)},
                field="policy_on",
            )
        if policy == SurplusPolicy.EARLY_RETIREMENT and policy_on >= retires_on:
            raise DomainError(
                _("%(n)s đủ tuổi nghỉ hưu ngày %(d)s: từ ngày đó là nghỉ hưu đúng tuổi.")
                % {"n": cadre.full_name, "d": _fmt(retires_on)},
                field="policy",
            )
    if post is not None and policy != SurplusPolicy.REASSIGNMENT:
        raise DomainError(_("Chỉ chọn chức vụ khi bố trí công tác khác tại đơn vị mới."), field="post")
    tenure = None
    if policy == SurplusPolicy.REASSIGNMENT and (resolved or post is not None):
        successor = successor_of(case)
        if post is None:
            raise DomainError(_("Chọn chức vụ được bố trí tại đơn vị mới."), field="post")
        if successor is None:
            raise DomainError(
                _("«%(org)s» giải thể không có tổ chức kế thừa: chọn chính sách khác.") % {"org": case.org.name},
                field="policy",
            )
        if not post.org.path.startswith(successor.path):
            raise DomainError(
                _("Chức vụ «%(p)s» không thuộc «%(org)s» (đơn vị kế thừa).") % {"p": post.name, "org": successor.name},
                field="post",
            )
        if not resolved:
            raise DomainError(_("Bố trí vào chức vụ là đã giải quyết: chọn «Đã giải quyết»."), field="status")
        from .posts import tenure_start

        with _fields({"started_on": "policy_on", "cadre": "policy"}):
            tenure = tenure_start(
                actor=actor,
                cadre=cadre,
                post=post,
                started_on=policy_on,
                source=TenureSource.REASSIGNED,
                decision_no=decision_no,
            )
    before = {
        "policy": case.policy,
        "status": case.status,
        "policy_on": case.policy_on,
        "decision_no": case.decision_no,
        "note": case.note,
    }
    case.policy, case.status, case.policy_on, case.decision_no = policy, status, policy_on, decision_no
    if note:
        case.note = note
    case.save(update_fields=["policy", "status", "policy_on", "decision_no", "note", "updated_at"])
    changes = {k: {"before": v, "after": getattr(case, k)} for k, v in before.items() if v != getattr(case, k)}
    if tenure is not None:
        changes["tenure"] = {"before": None, "after": tenure.pk}
    if resolved and policy in ENDS_WORK:
        from .people import cadre_end

        with _fields({"on": "policy_on", "status": "policy"}):
            reason = _("%(p)s (cán bộ dôi dư), quyết định số %(no)s.") % {
                "p": SurplusPolicy(policy).label,
                "no": decision_no,
            }
            cadre_end(actor=actor, cadre=cadre, status=ENDS_WORK[policy], on=policy_on, note=reason)
        changes["cadre_status"] = {"before": CadreStatus.WORKING, "after": ENDS_WORK[policy]}
    audit_record(actor=actor, action="surplus.policy", obj=case, org_path=case.org.path, changes=changes, note=note)
    return case
