"""Posts and who holds them: a post's record and its closing, a tenure given and ended (the one writer of
`Tenure`, which appointments and movements call too), and rotations, transfers and secondments of cadres
to another org with their return. Each public function writes one audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from ..choices import CadreStatus, Filling, MovementKind, TenureEnd, TenureSource, Title, title_body
from ..models import Cadre, Movement, Post, Tenure
from .people import refuse_control_characters
from .planning import planning_remove_for

# The tenure's source when a movement gives the cadre a post at the receiving org.
MOVEMENT_SOURCE = {
    MovementKind.ROTATION: TenureSource.ROTATION,
    MovementKind.TRANSFER: TenureSource.TRANSFER,
    MovementKind.SECONDMENT: TenureSource.SECONDMENT,
}
# A rotation and a secondment are for a period (the cadre comes back); a transfer moves the cadre for good.
DUE_BACK_REQUIRED = {MovementKind.ROTATION, MovementKind.SECONDMENT}
POST_FIELDS = ("title", "name", "seats", "filling", "term_start", "term_end")
MIN_AGE_YEARS = 18


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)


def _lock_post(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("org").get(pk=post.pk)


def _lock_cadre(cadre: Cadre) -> Cadre:
    return Cadre.objects.select_for_update(of=("self",)).select_related("org").get(pk=cadre.pk)


# --- Posts ------------------------------------------------------------------------------------------------


def _clean_post(values: dict[str, Any], *, org: Org, post: Post | None = None) -> dict[str, Any]:
    refuse_control_characters({"name": values.get("name")})
    title = values.get("title")
    if title not in Title.values:
        raise DomainError(_("Chọn chức danh trong danh mục."), field="title")
    name = " ".join(str(values.get("name") or "").split())
    if not name:
        name = f"{Title(title).label} {org.name}"
    seats = values.get("seats")
    if not isinstance(seats, int) or seats < 1 or seats > 99:
        raise DomainError(_("Số lượng người giữ chức vụ phải từ 1 đến 99."), field="seats")
    filling = values.get("filling") or Filling.ELECTED
    if filling not in Filling.values:
        raise DomainError(_("Chọn hình thức bầu cử hoặc bổ nhiệm."), field="filling")
    term_start, term_end = values.get("term_start"), values.get("term_end")
    if term_start and term_end and term_end <= term_start:
        raise DomainError(_("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."), field="term_end")
    # Compared folded in Python: SQLite ignores case for ASCII letters only, and an org has few posts.
    others = Post.objects.filter(org=org, closed_on__isnull=True)
    if post is not None:
        others = others.exclude(pk=post.pk)
    if fold(name) in {fold(n) for n in others.values_list("name", flat=True)}:
        raise DomainError(_("Tổ chức đã có chức vụ «%(n)s».") % {"n": name}, field="name")
    return {
        "title": title,
        "body": title_body(title),
        "name": name,
        "seats": seats,
        "filling": filling,
        "term_start": term_start,
        "term_end": term_end,
    }


@transaction.atomic
def post_create(
    *,
    actor,
    org: Org,
    title: str,
    name: str = "",
    seats: int = 1,
    filling: str = Filling.ELECTED,
    term_start: date | None = None,
    term_end: date | None = None,
) -> Post:
    """A post at an org; its name defaults to the title and the org's name ("Bí thư Đảng bộ phường Đông Hà")."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(o)s» đã kết thúc hoạt động.") % {"o": org.name}, field="org")
    values = _clean_post(
        {"title": title, "name": name, "seats": seats, "filling": filling, "term_start": term_start,
         "term_end": term_end},
        org=org,
    )  # fmt: skip
    post = Post.objects.create(org=org, name_folded=fold(values["name"]), **values)
    audit_record(
        actor=actor,
        action="post.create",
        obj=post,
        org_path=org.path,
        changes={k: {"before": None, "after": v} for k, v in values.items() if v not in (None, "")},
    )
    return post


@transaction.atomic
def post_update(*, actor, post: Post, **fields: Any) -> Post:
    """Change a post's title, name, seats, filling or current term (a new term after a congress)."""
    post = _lock_post(post)
    if actor is not None:
        require(actor, Action.EDIT, post.org.path)
    if post.closed_on:
        raise DomainError(_("Chức vụ đã bãi bỏ ngày %(d)s.") % {"d": _fmt(post.closed_on)})
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    values = _clean_post({k: fields.get(k, getattr(post, k)) for k in POST_FIELDS}, org=post.org, post=post)
    if values["seats"] < post.seats:
        holding = post.tenures.filter(ended_on__isnull=True).count()
        if values["seats"] < holding:
            raise DomainError(
                _("Đang có %(h)s người giữ chức vụ, không thể giảm số lượng xuống %(s)s.")
                % {"h": holding, "s": values["seats"]},
                field="seats",
            )
    changes = {k: {"before": getattr(post, k), "after": v} for k, v in values.items() if getattr(post, k) != v}
    if not changes:
        return post
    for k, v in values.items():
        setattr(post, k, v)
    post.name_folded = fold(post.name)
    post.save(update_fields=[*values, "name_folded", "updated_at"])
    audit_record(actor=actor, action="post.update", obj=post, org_path=post.org.path, changes=changes)
    return post


@transaction.atomic
def post_close(*, actor, post: Post, on: date, audit_note: str = "", restructuring: bool = False) -> Post:
    """Abolish a post from `on` (a restructuring, a change of the apparatus). Refused while someone holds it:
    their tenure is ended first, with its reason. The names on its planning lists are taken off that day and
    its appointment procedures in progress are stopped, each with the reason ("do sắp xếp tổ chức" when
    `restructuring`) and its own event: the actor's right over the post covers them, whoever the person is
    (`planning.planning_remove_for`, `appointments.appointment_close_for`)."""
    from .appointments import appointment_close_for  # it imports this module

    post = _lock_post(post)
    if actor is not None:
        require(actor, Action.EDIT, post.org.path)
    if post.closed_on:
        raise DomainError(_("Chức vụ đã bãi bỏ ngày %(d)s.") % {"d": _fmt(post.closed_on)}, field="on")
    _not_future(on, "on")
    holders = list(post.tenures.filter(ended_on__isnull=True).select_related("cadre")[:3])
    if holders:
        raise DomainError(
            _("Chức vụ đang có người giữ (%(n)s): cho thôi giữ chức vụ trước khi bãi bỏ.")
            % {"n": ", ".join(t.cadre.full_name for t in holders)}
        )
    last = post.tenures.order_by("-ended_on").values_list("ended_on", flat=True).first()
    if last and on < last:
        raise DomainError(
            _("Ngày bãi bỏ không được trước ngày người giữ chức vụ cuối cùng thôi giữ (%(d)s).") % {"d": _fmt(last)},
            field="on",
        )
    if restructuring:
        reason = _("Chức vụ bãi bỏ ngày %(d)s do sắp xếp tổ chức") % {"d": _fmt(on)}
    else:
        reason = _("Chức vụ bãi bỏ ngày %(d)s") % {"d": _fmt(on)}
    removed = planning_remove_for(actor=actor, post=post, removed_on=on, reason=reason)
    stopped = appointment_close_for(actor=actor, post=post, reason=reason)
    post.closed_on = on
    post.save(update_fields=["closed_on", "updated_at"])
    changes: dict[str, Any] = {"closed_on": {"before": None, "after": on}}
    if removed:
        changes["planning_removed"] = {"before": None, "after": [e.pk for e in removed]}
    if stopped:
        changes["appointments_withdrawn"] = {"before": None, "after": [a.pk for a in stopped]}
    audit_record(actor=actor, action="post.close", obj=post, org_path=post.org.path, changes=changes, note=audit_note)
    return post


# --- Tenures ----------------------------------------------------------------------------------------------


def seats_taken(post: Post, on: date, *, exclude: Tenure | None = None) -> int:
    """The tenures of `post` not ended by `on`: those that would share its seats with a tenure starting then."""
    qs = post.tenures.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def _tenure_open(
    *,
    actor,
    cadre: Cadre,
    post: Post,
    started_on: date,
    source: str,
    decision_no: str = "",
    term_end: date | None = None,
    appointment=None,
    movement: Movement | None = None,
) -> Tenure:
    """Validate and write a tenure (no audit: the caller writes its own one event)."""
    if actor is not None:
        require(actor, Action.VIEW, cadre.org.path)
        require(actor, Action.EDIT, post.org.path)
    if source not in TenureSource.values:
        raise DomainError(_("Chọn hình thức giữ chức vụ trong danh mục."), field="source")
    refuse_control_characters({"decision_no": decision_no})
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("Cán bộ «%(n)s» không còn công tác (%(s)s).") % {"n": cadre.full_name, "s": cadre.get_status_display()},
            field="cadre",
        )
    if post.closed_on:
        raise DomainError(_("Chức vụ «%(p)s» đã bãi bỏ ngày %(d)s.") % {"p": post.name, "d": _fmt(post.closed_on)},
                          field="post")  # fmt: skip
    if not post.org.is_open:
        raise DomainError(_("Tổ chức «%(o)s» đã kết thúc hoạt động.") % {"o": post.org.name}, field="post")
    adult_on = cadre.birth_date + relativedelta(years=MIN_AGE_YEARS)
    if started_on < adult_on:
        raise DomainError(
            _("Ngày giữ chức vụ phải từ ngày cán bộ đủ %(y)s tuổi (%(d)s).")
            % {"y": MIN_AGE_YEARS, "d": _fmt(adult_on)},
            field="started_on",
        )
    if post.term_start and started_on < post.term_start:
        raise DomainError(
            _("Ngày giữ chức vụ không được trước ngày bắt đầu nhiệm kỳ của chức vụ (%(d)s).")
            % {"d": _fmt(post.term_start)},
            field="started_on",
        )
    if post.term_end and started_on > post.term_end:
        raise DomainError(
            _("Ngày giữ chức vụ sau ngày kết thúc nhiệm kỳ của chức vụ (%(d)s): cập nhật nhiệm kỳ mới trước.")
            % {"d": _fmt(post.term_end)},
            field="started_on",
        )
    if term_end is not None and term_end <= started_on:
        raise DomainError(_("Thời hạn giữ chức vụ phải sau ngày bắt đầu."), field="term_end")
    if post.tenures.filter(cadre=cadre, ended_on__isnull=True).exists():
        raise DomainError(_("«%(n)s» đang giữ chức vụ này.") % {"n": cadre.full_name}, field="cadre")
    taken = seats_taken(post, started_on)
    if taken >= post.seats:
        raise DomainError(
            _("Chức vụ «%(p)s» đã đủ %(s)s người giữ vào ngày %(d)s: cho người đang giữ thôi giữ chức vụ trước.")
            % {"p": post.name, "s": post.seats, "d": _fmt(started_on)},
            field="post",
        )
    return Tenure.objects.create(
        cadre=cadre,
        post=post,
        started_on=started_on,
        source=source,
        decision_no=" ".join((decision_no or "").split()),
        term_end=term_end,
        appointment=appointment,
        movement=movement,
    )


def _tenure_close(*, tenure: Tenure, ended_on: date, reason: str) -> dict[str, Any]:
    """Validate and end a tenure (no audit); the changes for the caller's event."""
    if tenure.ended_on is not None:
        raise DomainError(
            _("«%(n)s» đã thôi giữ chức vụ này ngày %(d)s.")
            % {"n": tenure.cadre.full_name, "d": _fmt(tenure.ended_on)},
            field="ended_on",
        )
    if reason not in TenureEnd.values:
        raise DomainError(_("Chọn lý do thôi giữ chức vụ trong danh mục."), field="reason")
    if ended_on < tenure.started_on:
        raise DomainError(
            _("Ngày thôi giữ chức vụ không được trước ngày bắt đầu giữ (%(d)s).") % {"d": _fmt(tenure.started_on)},
            field="ended_on",
        )
    tenure.ended_on, tenure.end_reason = ended_on, reason
    tenure.save(update_fields=["ended_on", "end_reason"])
    return {"ended_on": {"before": None, "after": ended_on}, "end_reason": {"before": "", "after": reason}}


@transaction.atomic
def tenure_start(
    *,
    actor,
    cadre: Cadre,
    post: Post,
    started_on: date,
    source: str,
    decision_no: str = "",
    term_end: date | None = None,
    appointment=None,
    movement: Movement | None = None,
) -> Tenure:
    """Give `post` to `cadre` from `started_on` (elected, appointed, designated ...). Several open tenures of
    one cadre are concurrent posts (kiêm nhiệm). Refused when every seat is taken that day, the post is
    closed, the cadre no longer works, or the day is before the post's term or the cadre's 18th birthday."""
    post = _lock_post(post)
    cadre = Cadre.objects.select_related("org").get(pk=cadre.pk)
    tenure = _tenure_open(
        actor=actor,
        cadre=cadre,
        post=post,
        started_on=started_on,
        source=source,
        decision_no=decision_no,
        term_end=term_end,
        appointment=appointment,
        movement=movement,
    )
    audit_record(
        actor=actor,
        action="tenure.start",
        obj=tenure,
        org_path=post.org.path,
        changes={
            "cadre": {"before": None, "after": cadre.pk},
            "post": {"before": None, "after": post.pk},
            "started_on": {"before": None, "after": started_on},
            "source": {"before": None, "after": source},
        },
        note=decision_no,
    )
    return tenure


@transaction.atomic
def tenure_end(*, actor, tenure: Tenure, ended_on: date, reason: str) -> Tenure:
    """End a tenure on `ended_on` (the first day the cadre no longer holds the post) for `reason`."""
    tenure = Tenure.objects.select_for_update(of=("self",)).select_related("post__org", "cadre").get(pk=tenure.pk)
    if actor is not None:
        require(actor, Action.EDIT, tenure.post.org.path)
    _not_future(ended_on, "ended_on")
    changes = _tenure_close(tenure=tenure, ended_on=ended_on, reason=reason)
    audit_record(actor=actor, action="tenure.end", obj=tenure, org_path=tenure.post.org.path, changes=changes)
    return tenure


# --- Rotation, transfer, secondment ----------------------------------------------------------------------


@transaction.atomic
def movement_start(
    *,
    actor,
    cadre: Cadre,
    kind: str,
    to_org: Org,
    started_on: date,
    due_back_on: date | None = None,
    post: Post | None = None,
    decision_no: str = "",
    note: str = "",
) -> Movement:
    """Rotate, transfer or second a cadre from their org to another, optionally to a post there (a tenure
    with the movement's source, linked to it). A rotation and a secondment are for a period: the due-back
    day is required. A transfer moves the cadre for good: their managing org becomes the receiving one."""
    cadre = _lock_cadre(cadre)
    if actor is not None:
        require(actor, Action.EDIT, cadre.org.path)
        require(actor, Action.EDIT, to_org.path)
    if kind not in MovementKind.values:
        raise DomainError(_("Chọn hình thức luân chuyển, điều động hoặc biệt phái."), field="kind")
    refuse_control_characters({"decision_no": decision_no, "note": note})
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("Cán bộ «%(n)s» không còn công tác (%(s)s).") % {"n": cadre.full_name, "s": cadre.get_status_display()}
        )
    if to_org.pk == cadre.org_id:
        raise DomainError(_("Đơn vị đến phải khác đơn vị đang quản lý cán bộ."), field="to_org")
    if not to_org.is_open:
        raise DomainError(_("Tổ chức «%(o)s» đã kết thúc hoạt động.") % {"o": to_org.name}, field="to_org")
    _not_future(started_on, "started_on")
    adult_on = cadre.birth_date + relativedelta(years=MIN_AGE_YEARS)
    if started_on < adult_on:
        raise DomainError(
            _("Ngày bắt đầu phải từ ngày cán bộ đủ %(y)s tuổi (%(d)s).") % {"y": MIN_AGE_YEARS, "d": _fmt(adult_on)},
            field="started_on",
        )
    # A cadre is away on one rotation or secondment at a time: a new one cannot start inside an earlier one.
    inside = (
        cadre.movements.exclude(kind=MovementKind.TRANSFER)
        .filter(started_on__lte=started_on, returned_on__gt=started_on)
        .select_related("to_org")
        .first()
    )
    if inside is not None:
        raise DomainError(
            _("Ngày bắt đầu nằm trong đợt %(k)s tại %(o)s (từ %(s)s đến %(e)s).")
            % {"k": inside.get_kind_display().lower(), "o": inside.to_org.name, "s": _fmt(inside.started_on),
               "e": _fmt(inside.returned_on)},
            field="started_on",
        )  # fmt: skip
    if kind in DUE_BACK_REQUIRED and due_back_on is None:
        raise DomainError(_("Nhập thời hạn luân chuyển, biệt phái."), field="due_back_on")
    if due_back_on is not None and due_back_on <= started_on:
        raise DomainError(_("Thời hạn phải sau ngày bắt đầu."), field="due_back_on")
    away = cadre.movements.filter(returned_on__isnull=True).exclude(kind=MovementKind.TRANSFER).first()
    if away is not None:
        raise DomainError(
            _("Cán bộ đang %(k)s tại %(o)s từ ngày %(d)s: kết thúc trước khi bắt đầu đợt mới.")
            % {"k": away.get_kind_display().lower(), "o": away.to_org.name, "d": _fmt(away.started_on)},
            field="kind",
        )
    if post is not None and post.org_id != to_org.pk:
        raise DomainError(_("Chức vụ phải thuộc đơn vị đến."), field="post")
    movement = Movement.objects.create(
        cadre=cadre,
        kind=kind,
        from_org=cadre.org,
        to_org=to_org,
        started_on=started_on,
        due_back_on=due_back_on,
        decision_no=" ".join((decision_no or "").split()),
        note=(note or "").strip(),
    )
    changes: dict[str, Any] = {
        "kind": {"before": None, "after": kind},
        "from_org": {"before": None, "after": cadre.org.code},
        "to_org": {"before": None, "after": to_org.code},
        "started_on": {"before": None, "after": started_on},
        "due_back_on": {"before": None, "after": due_back_on},
    }
    if post is not None:
        post = _lock_post(post)
        tenure = _tenure_open(
            actor=actor,
            cadre=cadre,
            post=post,
            started_on=started_on,
            source=MOVEMENT_SOURCE[kind],
            decision_no=decision_no,
            term_end=due_back_on,
            movement=movement,
        )
        changes["tenure"] = {"before": None, "after": tenure.pk}
    if kind == MovementKind.TRANSFER:
        changes["org"] = {"before": cadre.org.code, "after": to_org.code}
        cadre.org = to_org
        cadre.save(update_fields=["org", "updated_at"])
    audit_record(actor=actor, action="movement.start", obj=movement, org_path=movement.from_org.path,
                 changes=changes, note=decision_no)  # fmt: skip
    return movement


@transaction.atomic
def movement_end(*, actor, movement: Movement, returned_on: date, note: str = "") -> Movement:
    """The end of a rotation or secondment (the cadre returns), or of a transfer's period: the post held at
    the receiving org through the movement ends with the reason "returned"."""
    movement = (
        Movement.objects.select_for_update(of=("self",))
        .select_related("from_org", "to_org", "cadre")
        .get(pk=movement.pk)
    )
    if actor is not None:
        # Both ends, as for the start: the return ends the post held at the receiving org.
        require(actor, Action.EDIT, movement.from_org.path)
        require(actor, Action.EDIT, movement.to_org.path)
    if movement.returned_on is not None:
        raise DomainError(_("Đợt này đã kết thúc ngày %(d)s.") % {"d": _fmt(movement.returned_on)}, field="returned_on")
    _not_future(returned_on, "returned_on")
    if returned_on < movement.started_on:
        raise DomainError(
            _("Ngày kết thúc không được trước ngày bắt đầu (%(d)s).") % {"d": _fmt(movement.started_on)},
            field="returned_on",
        )
    changes: dict[str, Any] = {"returned_on": {"before": None, "after": returned_on}}
    tenure = Tenure.objects.filter(movement=movement, ended_on__isnull=True).select_related("cadre").first()
    if tenure is not None:
        if returned_on < tenure.started_on:
            raise DomainError(_("Ngày kết thúc không được trước ngày giữ chức vụ."), field="returned_on")
        _tenure_close(tenure=tenure, ended_on=returned_on, reason=TenureEnd.RETURNED)
        changes["tenure"] = {"before": tenure.pk, "after": None}
    movement.returned_on = returned_on
    fields = ["returned_on"]
    note = (note or "").strip()
    if note:
        movement.note = f"{movement.note}\n{note}".strip()
        fields.append("note")
    movement.save(update_fields=fields)
    audit_record(actor=actor, action="movement.end", obj=movement, org_path=movement.from_org.path, changes=changes,
                 note=note)  # fmt: skip
    return movement
