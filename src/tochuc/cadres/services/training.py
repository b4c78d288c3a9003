"""Training courses, who attends them and their results. Passing a course of political theory, state
management or a professional degree raises the level on the cadre's record (never lowers it), in the same
transaction and the same audit event."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.members.choices import Qualification, StateManagementLevel, TheoryLevel
from tochuc.orgs.models import Org

from .. import rules
from ..choices import AttendanceResult, CadreStatus, CourseKind
from ..models import Attendance, Cadre, Course
from .people import refuse_control_characters

COURSE_FIELDS = ("org", "name", "kind", "level", "provider", "starts_on", "ends_on")
ATTENDANCE_FIELDS = ("result", "completed_on", "certificate_no")

# Which field of the cadre's record a course of each kind trains, the levels it may carry, and their order.
RECORD_FIELD: dict[str, tuple[str, type, list[str]]] = {
    CourseKind.THEORY: ("theory_level", TheoryLevel, rules.THEORY_ORDER),
    CourseKind.STATE_MANAGEMENT: ("state_management", StateManagementLevel, rules.STATE_MANAGEMENT_ORDER),
    CourseKind.PROFESSIONAL: ("qualification", Qualification, rules.QUALIFICATION_ORDER),
}
# A course of theory or state management is always at a level (sơ cấp, trung cấp, cao cấp; chuyên viên ...);
# a professional course may be a short refresher that gives no degree.
LEVEL_REQUIRED = {CourseKind.THEORY, CourseKind.STATE_MANAGEMENT}


def level_choices(kind: str) -> list[tuple[str, str]]:
    """The levels a course of `kind` may carry (none for "other")."""
    if kind not in RECORD_FIELD:
        return []
    labels = RECORD_FIELD[kind][1]
    return [(value, label) for value, label in labels.choices if value != "none"]


def level_label(kind: str, level: str) -> str:
    """The Vietnamese name of a course's level ("Cao cấp"), or "" when it has none."""
    return str(dict(level_choices(kind)).get(level, level)) if level else ""


def raises_record(kind: str, level: str, cadre: Cadre) -> tuple[str, str, str] | None:
    """(field, before, after) when passing a course of `kind` at `level` would raise the cadre's record; None
    when it is not higher (a bachelor's degree in political theory counts as advanced, so it raises nothing
    over advanced and advanced raises nothing over it)."""
    if kind not in RECORD_FIELD or not level:
        return None
    field, _labels, order = RECORD_FIELD[kind]
    have = getattr(cadre, field) or "none"
    if rules.level_rank(order, level) > rules.level_rank(order, have):
        return field, have, level
    return None


def _clean_course(
    *, org: Org, name: str, kind: str, level: str, provider: str, starts_on: date | None, ends_on: date | None
) -> dict:
    refuse_control_characters({"name": name, "provider": provider})
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Nhập tên lớp đào tạo, bồi dưỡng."), field="name")
    if len(name) > 255:
        raise DomainError(_("Tên lớp dài quá 255 ký tự."), field="name")
    if kind not in CourseKind.values:
        raise DomainError(_("Chọn loại lớp đào tạo, bồi dưỡng."), field="kind")
    level = (level or "").strip()
    allowed = dict(level_choices(kind))
    if kind == CourseKind.OTHER and level:
        raise DomainError(_("Lớp bồi dưỡng khác không ghi trình độ đào tạo."), field="level")
    if kind in LEVEL_REQUIRED and not level:
        raise DomainError(
            _("Chọn trình độ đào tạo của lớp %(kind)s.") % {"kind": CourseKind(kind).label.lower()}, field="level"
        )
    if level and level not in allowed:
        raise DomainError(
            _("Trình độ «%(level)s» không thuộc loại lớp %(kind)s; chọn một trong: %(list)s.")
            % {"level": level, "kind": CourseKind(kind).label.lower(), "list": ", ".join(map(str, allowed.values()))},
            field="level",
        )
    provider = " ".join((provider or "").split())
    if len(provider) > 255:
        raise DomainError(_("Tên cơ sở đào tạo dài quá 255 ký tự."), field="provider")
    if starts_on is None:
        raise DomainError(_("Nhập ngày khai giảng."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(
            _("Ngày kết thúc (%(end)s) trước ngày khai giảng (%(start)s).")
            % {"end": f"{ends_on:%d/%m/%Y}", "start": f"{starts_on:%d/%m/%Y}"},
            field="ends_on",
        )
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    return {
        "org": org,
        "name": name,
        "kind": kind,
        "level": level,
        "provider": provider,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@transaction.atomic
def course_create(
    *,
    actor,
    org: Org,
    name: str,
    kind: str,
    starts_on: date | None,
    level: str = "",
    provider: str = "",
    ends_on: date | None = None,
) -> Course:
    """A course organized (or to which cadres are sent) by `org`, inside the actor's scope. Its level is a
    value of the vocabulary of its kind: TheoryLevel, StateManagementLevel or Qualification."""
    require(actor, Action.CREATE, org.path)
    values = _clean_course(
        org=org, name=name, kind=kind, level=level, provider=provider, starts_on=starts_on, ends_on=ends_on
    )
    course = Course.objects.create(**values)
    audit_record(
        actor=actor,
        action="course.create",
        obj=course,
        org_path=org.path,
        changes=created(snapshot(course, COURSE_FIELDS)),
    )
    return course


@transaction.atomic
def attendance_add(*, actor, course: Course, cadre: Cadre) -> Attendance:
    """Enroll a working cadre of the actor's scope in a course (once per course)."""
    require(actor, Action.EDIT, course.org.path)
    require(actor, Action.VIEW, cadre.org.path)  # a cadre outside the scope does not exist for the actor
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("%(name)s không còn công tác (%(status)s).")
            % {"name": cadre.full_name, "status": cadre.get_status_display()},
            field="cadre",
        )
    taken = _("%(name)s đã có trong danh sách học viên của lớp này.") % {"name": cadre.full_name}
    if Attendance.objects.filter(course=course, cadre=cadre).exists():
        raise DomainError(taken, field="cadre")
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(course=course, cadre=cadre)
    except IntegrityError as e:  # enrolled meanwhile by another officer
        raise DomainError(taken, field="cadre") from e
    audit_record(
        actor=actor,
        action="course.attend",
        obj=attendance,
        org_path=course.org.path,
        changes={"cadre": {"before": None, "after": cadre.pk}, "result": {"before": None, "after": attendance.result}},
        note=_("Thêm học viên %(name)s vào lớp «%(course)s».") % {"name": cadre.full_name, "course": course.name},
    )
    return attendance


@transaction.atomic
def attendance_result(
    *,
    actor,
    attendance: Attendance,
    result: str,
    completed_on: date | None = None,
    certificate_no: str = "",
    today: date | None = None,
) -> Attendance:
    """Record how a cadre finished a course: passed (with the day and the certificate), failed, withdrew, or
    back to enrolled to correct a mistake. Passing at a level higher than the record's raises the record;
    a later correction never lowers it (the record is corrected on the cadre's page, with its own audit)."""
    course = attendance.course
    require(actor, Action.EDIT, course.org.path)
    today = today or timezone.localdate()
    attendance = (
        Attendance.objects.select_for_update(of=("self",)).select_related("course", "cadre__org").get(pk=attendance.pk)
    )
    course = attendance.course
    if result not in AttendanceResult.values:
        raise DomainError(_("Chọn kết quả học tập."), field="result")
    refuse_control_characters({"certificate_no": certificate_no})
    certificate_no = (certificate_no or "").strip()
    if len(certificate_no) > 64:
        raise DomainError(_("Số văn bằng, chứng chỉ dài quá 64 ký tự."), field="certificate_no")
    if result == AttendanceResult.ENROLLED:
        if completed_on is not None:
            raise DomainError(_("Học viên đang học: để trống ngày hoàn thành."), field="completed_on")
        if certificate_no:
            raise DomainError(_("Học viên đang học: để trống số văn bằng, chứng chỉ."), field="certificate_no")
    elif completed_on is None and result == AttendanceResult.PASSED:
        raise DomainError(_("Nhập ngày hoàn thành khóa học."), field="completed_on")
    if completed_on is not None:
        if completed_on < course.starts_on:
            raise DomainError(
                _("Ngày %(d)s trước ngày khai giảng của lớp (%(start)s).")
                % {"d": f"{completed_on:%d/%m/%Y}", "start": f"{course.starts_on:%d/%m/%Y}"},
                field="completed_on",
            )
        if completed_on > today:
            raise DomainError(
                _("Ngày %(d)s chưa tới: chỉ ghi kết quả đã có.") % {"d": f"{completed_on:%d/%m/%Y}"},
                field="completed_on",
            )
    if result != AttendanceResult.PASSED and certificate_no:
        raise DomainError(_("Chỉ ghi số văn bằng, chứng chỉ khi học viên đạt."), field="certificate_no")
    if result == AttendanceResult.PASSED and course.level and not certificate_no:
        raise DomainError(
            _("Nhập số văn bằng, chứng chỉ: trình độ trên hồ sơ cán bộ được nâng theo văn bằng này."),
            field="certificate_no",
        )

    cadre = attendance.cadre
    raised = raises_record(course.kind, course.level, cadre) if result == AttendanceResult.PASSED else None
    if raised is not None and actor is not None and not in_scope(actor, cadre.org.path):
        # The record belongs to the org that manages the person: an organizer who does not manage them
        # (a cadre of another commune sent by the province) leaves the pass to that org or to the province.
        raise DomainError(
            _("%(name)s do %(org)s quản lý: kết quả đạt nâng trình độ trên hồ sơ của cán bộ, nên do đơn vị quản "
              "lý cán bộ hoặc cấp trên ghi nhận.") % {"name": cadre.full_name, "org": cadre.org.name},
            field="result",
        )  # fmt: skip

    before = snapshot(attendance, ATTENDANCE_FIELDS)
    attendance.result = result
    attendance.completed_on = completed_on
    attendance.certificate_no = certificate_no
    changes = diff(before, snapshot(attendance, ATTENDANCE_FIELDS))
    if not changes:
        return attendance
    attendance.save(update_fields=list(ATTENDANCE_FIELDS))

    notes = [
        _("Kết quả của %(name)s tại lớp «%(course)s»: %(result)s.")
        % {"name": cadre.full_name, "course": course.name, "result": attendance.get_result_display().lower()}
    ]
    if raised is not None:
        field, have, level = raised
        labels = RECORD_FIELD[course.kind][1]
        cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
        setattr(cadre, field, level)
        cadre.save(update_fields=[field, "updated_at"])
        changes[f"cadre.{field}"] = {"before": have, "after": level}
        notes.append(
            _("Nâng %(what)s trên hồ sơ cán bộ từ «%(before)s» lên «%(after)s».")
            % {
                "what": Cadre._meta.get_field(field).verbose_name,
                "before": labels(have).label,
                "after": labels(level).label,
            }
        )
    audit_record(
        actor=actor,
        action="course.attend",
        obj=attendance,
        org_path=course.org.path,
        changes=changes,
        note=" ".join(str(n) for n in notes),
    )
    return attendance
