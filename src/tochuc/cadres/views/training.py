"""Training and evaluation pages: the courses with their attendees and results, the training gaps of the
people holding or planned for posts (with its Excel export), and the yearly evaluations by org and year with
a form to rate the listed cadres at once. Outside the scope -> 404; the role lacks the right -> 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import csv_response, xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from ..choices import Rating
from ..forms.training import (
    RATING_CHOICES,
    AttendanceAddForm,
    AttendanceResultForm,
    CourseFilterForm,
    CourseForm,
    EvaluationBulkForm,
    EvaluationFilterForm,
    EvaluationForm,
    GapFilterForm,
    rating_field_name,
)
from ..selectors import people as people_selectors
from ..selectors import training as selectors
from ..services import evaluation as evaluation_services
from ..services import training as services

NAV, TAB = "cadres", "training"
PER_PAGE = 50


def _page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"nav": NAV, "tab": TAB, **context}, status=status)


# --- Courses ----------------------------------------------------------------------------------------------


@login_required
@require_GET
def courses(request):
    require(request.user, Action.LIST)
    form = CourseFilterForm(request.GET or None, actor=request.user)
    qs = selectors.course_list(actor=request.user, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for c in page.object_list:
        c.level_label = services.level_label(c.kind, c.level)
    return _page(
        request,
        "cadres/course_list.html",
        {"form": form, "page_obj": page, "can_create": request.user.can(Action.CREATE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request):
    require(request.user, Action.CREATE)
    initial = {}
    code = request.GET.get("org", "").strip()
    if code:
        initial["org"] = org_selectors.org_get(actor=request.user, code=code).code  # outside the scope: 404
    elif request.user.org_id:
        initial["org"] = request.user.org.code
    form = CourseForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã thêm lớp «%(name)s».") % {"name": course.name})
            return redirect("cadres:course_detail", course.pk)
    return _page(request, "cadres/course_form.html", {"form": form, "title": _("Thêm lớp đào tạo, bồi dưỡng")})


def _course_page(request, course, *, add_form=None, status: int = 200):
    attendances = selectors.course_attendances(actor=request.user, course=course)
    can_edit = request.user.can(Action.EDIT)
    if add_form is None and can_edit:
        add_form = AttendanceAddForm(actor=request.user)
    return _page(
        request,
        "cadres/course_detail.html",
        {
            "course": course,
            "level_label": services.level_label(course.kind, course.level),
            "attendances": attendances,
            "counts": selectors.result_counts(attendances),
            "add_form": add_form,
            "can_edit": can_edit,
            "can_export": request.user.can(Action.EXPORT),
            "raises": course.kind in services.RECORD_FIELD and bool(course.level),
        },
        status=status,
    )


ATTENDEE_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Đơn vị quản lý"),
    gettext_lazy("Kết quả"),
    gettext_lazy("Ngày hoàn thành"),
    gettext_lazy("Số văn bằng, chứng chỉ"),
]


def _date(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


@login_required
@require_GET
def course_detail(request, pk: int):
    """The course and its attendees; `?format=xlsx` exports the list of attendees with their results."""
    course = selectors.course_get(actor=request.user, pk=pk)
    if request.GET.get("format") == "xlsx":
        require(request.user, Action.EXPORT, course.org.path)
        rows = [
            [i, a.cadre.full_name, _date(a.cadre.birth_date), a.cadre.org.name, a.get_result_display(),
             _date(a.completed_on), a.certificate_no]
            for i, a in enumerate(selectors.course_attendances(actor=request.user, course=course), start=1)
        ]  # fmt: skip
        return xlsx_response(
            f"hoc-vien-lop-{course.pk}",
            title=_("DANH SÁCH HỌC VIÊN LỚP %(name)s") % {"name": course.name.upper()},
            subtitle=f"{course.org.name} · {_date(course.starts_on)}"
            + (f" – {_date(course.ends_on)}" if course.ends_on else ""),
            headers=[str(h) for h in ATTENDEE_HEADERS],
            rows=rows,
            widths=[6, 28, 12, 30, 18, 14, 20],
        )
    return _course_page(request, course)


@login_required
@require_POST
def attendance_add(request, pk: int):
    course = selectors.course_get(actor=request.user, pk=pk)
    require(request.user, Action.EDIT, course.org.path)
    form = AttendanceAddForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            attendance = services.attendance_add(actor=request.user, course=course, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã thêm học viên %(name)s.") % {"name": attendance.cadre.full_name})
            return redirect("cadres:course_detail", course.pk)
    return _course_page(request, course, add_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_result(request, pk: int):
    attendance = selectors.attendance_get(actor=request.user, pk=pk)
    require(request.user, Action.EDIT, attendance.course.org.path)
    initial = {
        "result": attendance.result,
        "completed_on": attendance.completed_on,
        "certificate_no": attendance.certificate_no,
    }
    form = AttendanceResultForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_result(actor=request.user, attendance=attendance, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi kết quả của %(name)s.") % {"name": attendance.cadre.full_name})
            return redirect("cadres:course_detail", attendance.course_id)
    raised = services.raises_record(attendance.course.kind, attendance.course.level, attendance.cadre)
    return _page(
        request,
        "cadres/course_result.html",
        {"form": form, "attendance": attendance, "course": attendance.course, "raised": raised},
    )


# --- Training gaps ----------------------------------------------------------------------------------------

GAP_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Đơn vị quản lý"),
    gettext_lazy("Chức vụ đang giữ"),
    gettext_lazy("Quy hoạch"),
    gettext_lazy("Lý luận chính trị"),
    gettext_lazy("Chuyên môn"),
    gettext_lazy("Quản lý nhà nước"),
    gettext_lazy("Thiếu tiêu chuẩn"),
    gettext_lazy("Đang học"),
]
GAP_WIDTHS = [6, 28, 12, 28, 36, 36, 16, 16, 18, 60, 40]


def _gap_cells(row: selectors.GapRow, i: int) -> list:
    cadre = row.cadre
    return [
        i,
        cadre.full_name,
        cadre.birth_date.strftime("%d/%m/%Y"),
        cadre.org.name,
        "; ".join(t.post.name for t in row.held),
        "; ".join(f"{e.post.name} ({e.term})" for e in row.planned),
        cadre.get_theory_level_display(),
        cadre.get_qualification_display(),
        cadre.get_state_management_display(),
        " ".join(g.text for g in row.gaps),
        "; ".join(f"{g.label}: {g.studying.name}" for g in row.gaps if g.studying),
    ]


@login_required
@require_GET
def training_gaps(request):
    require(request.user, Action.LIST)
    form = GapFilterForm(request.GET or None, actor=request.user)
    kwargs = form.selector_kwargs()
    report = selectors.training_gaps(actor=request.user, **kwargs)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        require(request.user, Action.EXPORT)
        org = kwargs.get("org")
        today = timezone.localdate()
        filename = f"thieu-tieu-chuan-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"
        headers = [str(h) for h in GAP_HEADERS]
        rows = (_gap_cells(r, i) for i, r in enumerate(report.rows, start=1))
        if fmt == "csv":
            return csv_response(filename, headers, rows)
        where = org or request.user.org
        return xlsx_response(
            filename,
            title=_("CÁN BỘ CHƯA ĐẠT TIÊU CHUẨN TRÌNH ĐỘ CỦA CHỨC DANH%(org)s")
            % {"org": f" – {where.name.upper()}" if where else ""},
            subtitle=_("Tính đến ngày %(d)s, theo tiêu chuẩn trình độ của chức danh trong bảng tham số quy định.")
            % {"d": f"{today:%d/%m/%Y}"},
            headers=headers,
            rows=rows,
            widths=GAP_WIDTHS,
        )
    page = Paginator(report.rows, PER_PAGE).get_page(request.GET.get("page"))
    return _page(
        request,
        "cadres/training_gaps.html",
        {"form": form, "report": report, "page_obj": page, "can_export": request.user.can(Action.EXPORT)},
    )


# --- Evaluations ------------------------------------------------------------------------------------------


def default_year(today=None) -> int:
    """The year an officer is most likely rating: the current one from November (the year-end review),
    the previous one before."""
    today = today or timezone.localdate()
    return today.year if today.month >= 11 else today.year - 1


@login_required
@require_http_methods(["GET", "POST"])
def evaluations(request):
    """The cadres of an org's subtree with their rating of a year and the counts per level; the officer rates
    the listed cadres (this page of the list) in one submission, all lines or none."""
    actor = request.user
    require(actor, Action.LIST)
    query = request.GET.copy()
    query.setdefault("year", str(default_year()))  # the year shown in the filter is the one listed
    form = EvaluationFilterForm(query, actor=actor)
    data = form.cleaned_data if form.is_valid() else {}
    org = data.get("org")
    year = data.get("year") or default_year()
    if year > timezone.localdate().year:
        year = timezone.localdate().year
    qs = selectors.evaluation_cadres(
        actor=actor, org=org, year=year, rating=data.get("rating") or "", q=data.get("q") or ""
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    cadres = list(page.object_list)
    current = selectors.evaluations_of(cadres, year)
    can_edit = actor.can(Action.EDIT)
    bulk = EvaluationBulkForm(request.POST or None, actor=actor, initial={"authority": ""}) if can_edit else None
    errors: dict[int, str] = {}
    posted = request.method == "POST"
    if posted:
        require(actor, Action.EDIT, org.path if org else None)
        if form.errors:  # the list asked for is not the one shown (an org outside the scope): save nothing
            bulk.add_error(None, _("Sửa điều kiện lọc trước khi ghi kết quả."))
        elif bulk.is_valid():
            lines = [
                evaluation_services.EvaluationRow(
                    row=page.start_index() + i, cadre=c, rating=request.POST.get(rating_field_name(c.pk), "")
                )
                for i, c in enumerate(cadres)
            ]
            try:
                written = evaluation_services.evaluations_set(actor=actor, year=year, rows=lines, **bulk.cleaned_data)
            except evaluation_services.RowsRefused as e:
                errors = {row: err.message for row, err in e.errors.items()}
                bulk.add_error(None, _("Chưa ghi dòng nào: sửa các dòng báo lỗi rồi ghi lại."))
            except DomainError as e:
                bulk.add_domain_error(e)
            else:
                messages.success(
                    request, _("Đã ghi kết quả đánh giá năm %(y)s (%(n)s thay đổi).") % {"y": year, "n": written}
                )
                return redirect(request.get_full_path())
    rows = []
    for i, c in enumerate(cadres):
        n = page.start_index() + i
        evaluation = current.get(c.pk)
        value = request.POST.get(rating_field_name(c.pk), "") if posted else (evaluation.rating if evaluation else "")
        rows.append({"n": n, "cadre": c, "evaluation": evaluation, "value": value, "error": errors.get(n)})
    return _page(
        request,
        "cadres/evaluation_list.html",
        {
            "form": form,
            "org": org,
            "year": year,
            "page_obj": page,
            "rows": rows,
            # the counts are of the whole list (org, year, name), whichever level the table is narrowed to
            "counts": selectors.rating_counts(
                selectors.evaluation_cadres(actor=actor, org=org, year=year, q=data.get("q") or ""), year
            ),
            "bulk": bulk,
            "rating_choices": RATING_CHOICES,
            "field_name": rating_field_name,
            "can_edit": can_edit,
        },
    )


def _back(request, cadre) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("cadres:detail", args=[cadre.pk])


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_set(request, pk: int):
    """Set or change one cadre's evaluation of a year (the year chosen by `?year=`, its values prefilled)."""
    actor = request.user
    cadre = people_selectors.cadre_get(actor=actor, pk=pk)
    require(actor, Action.EDIT, cadre.org.path)
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default_year())
    except ValueError:
        year = default_year()
    existing = selectors.evaluation_of(actor=actor, cadre=cadre, year=year) if request.method == "GET" else None
    initial = {"year": year}
    if existing is not None:
        initial |= {f: getattr(existing, f) for f in ("rating", "evaluated_on", "authority", "note")}
    form = EvaluationForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = evaluation_services.evaluation_set(actor=actor, cadre=cadre, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request,
                _("Đã ghi kết quả đánh giá năm %(y)s của %(name)s: %(r)s.")
                % {"y": evaluation.year, "name": cadre.full_name, "r": Rating(evaluation.rating).label},
            )
            return redirect(_back(request, cadre))
    return _page(
        request,
        "cadres/evaluation_form.html",
        {
            "form": form,
            "cadre": cadre,
            "evaluations": selectors.cadre_evaluations(actor=actor, cadre=cadre),
            "next": request.GET.get("next", ""),
        },
    )


urlpatterns = [
    path("courses/", courses, name="courses"),
    path("courses/new/", course_create, name="course_create"),
    path("courses/<int:pk>/", course_detail, name="course_detail"),
    path("courses/<int:pk>/attendees/", attendance_add, name="attendance_add"),
    path("attendances/<int:pk>/result/", attendance_result, name="attendance_result"),
    path("training/gaps/", training_gaps, name="training_gaps"),
    path("evaluations/", evaluations, name="evaluations"),
    path("<int:pk>/evaluation/", evaluation_set, name="evaluation_set"),
]
