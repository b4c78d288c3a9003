"""Verification cases: the list (filters, counts, Excel export of the columns every role may read), the subject
box's suggestions, opening a case, its page (requests, the standard set to send, the restricted block for
RESTRICTED, audited), and the forms that correct it, send requests, log replies and findings, cancel a
request, conclude, withdraw; the case's spreadsheet with its findings (RESTRICTED, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.exports import csv_response, xlsx_response
from tochuc.core.forms import query_id
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from ..choices import CaseStatus, Conclusion, Purpose, Relation
from ..forms.cases import (
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    ConcludeForm,
    FindingForm,
    QuestionForm,
    ReasonForm,
    ReplyForm,
    StandardSetForm,
    WithdrawForm,
)
from ..selectors import cases as selectors
from ..selectors import people as people_selectors
from ..services import cases as services
from ..services import questions as question_services
from ..services import reading

PER_PAGE = 50


def _filtered(request):
    """The list's filters and org from the query string; the export reads the same, so that it exports what the
    list shows. An org outside the scope is a 404."""
    form = CaseFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    today = timezone.localdate()
    qs = selectors.case_list(actor=request.user, org=org, today=today, **form.selector_kwargs())
    return form, org, qs, today


@login_required
@require_GET
def case_list(request):
    form, org, qs, today = _filtered(request)
    page = Paginator(selectors.case_rows(qs, today), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.mark(page.object_list, today)
    return render(
        request,
        "protection/case_list.html",
        {
            "nav": "protection",
            "tab": "cases",
            "form": form,
            "org": org,
            "page_obj": page,
            "stats": selectors.case_stats(qs, today),
            "statuses": CaseStatus.choices,
            "conclusions": Conclusion.choices,
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Đối tượng"),
    gettext_lazy("Mục đích thẩm tra"),
    gettext_lazy("Tổ chức đảng đề nghị"),
    gettext_lazy("Mã tổ chức"),
    gettext_lazy("Cấp ủy, cơ quan đề nghị"),
    gettext_lazy("Số công văn"),
    gettext_lazy("Ngày đề nghị"),
    gettext_lazy("Hạn kết luận"),
    gettext_lazy("Số nội dung xác minh"),
    gettext_lazy("Đã trả lời"),
    gettext_lazy("Quá hạn trả lời"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Kết luận"),
    gettext_lazy("Ngày kết luận"),
    gettext_lazy("Cấp kết luận"),
    gettext_lazy("Số văn bản kết luận"),
    gettext_lazy("Ngày dừng"),
    gettext_lazy("Lý do dừng"),
]
WIDTHS = [6, 26, 12, 8, 16, 22, 30, 12, 30, 14, 12, 12, 10, 10, 10, 18, 24, 12, 30, 14, 12, 30]


@login_required
@require_GET
def export(request):
    """The filtered cases (.xlsx, or streamed .csv) without the pagination: the columns every role may read.
    Who exported the list of people under verification is recorded."""
    _form, org, qs, today = _filtered(request)  # outside the scope: 404 before the role is looked at
    require(request.user, Action.EXPORT)
    stamp = today.strftime("%Y%m%d")
    filename = f"tham-tra-chinh-tri-{org.code if org else 'tat-ca'}-{stamp}"
    headers = [str(h) for h in HEADERS]
    rows = selectors.export_rows(selectors.case_rows(qs, today), today)
    # A superuser without an org exports the whole tree: the event hangs from its first root.
    scope_org = org or request.user.org or next(iter(org_selectors.org_roots_for(actor=request.user)), None)
    if scope_org is not None:
        audit_record(
            actor=request.user,
            action="protection.export",
            obj=scope_org,
            org_path=scope_org.path,
            note=_("Danh sách hồ sơ thẩm tra chính trị (%(q)s).") % {"q": request.GET.urlencode() or _("tất cả")},
        )
    if request.GET.get("format") == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(
        filename,
        title=_("DANH SÁCH HỒ SƠ THẨM TRA CHÍNH TRỊ %(org)s") % {"org": (org.name if org else "").upper()},
        subtitle=_("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")},
        headers=headers,
        rows=rows,
        widths=WIDTHS,
    )


@login_required
@require_GET
def subject_lookup(request):
    """Suggestions (datalist options) for the subject box: candidates, cadres and members in the actor's scope."""
    require(request.user, Action.LIST)
    q = next((v for k, v in request.GET.items() if v), "")
    found = people_selectors.subject_search(actor=request.user, q=q)
    kinds = {"candidate": _("Quần chúng ưu tú"), "cadre": _("Cán bộ"), "member": _("Đảng viên")}
    options = [(people_selectors.subject_option(kind, r), kinds[kind], r) for kind, r in found]
    return render(request, "protection/subject_options.html", {"options": options})


def _form_page(request, form, *, title: str, case=None, intro: str = "", status: int = 200, template=""):
    return render(
        request,
        template or "protection/case_form.html",
        {"nav": "protection", "tab": "cases", "form": form, "title": title, "case": case, "intro": intro},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request):
    """Open a case; from a person's page (`?candidate=`, `?cadre=`, `?member=`) the person is filled in."""
    require(request.user, Action.CREATE)
    initial = {}
    for kind in people_selectors.KINDS:
        pk = query_id(request.GET, kind)
        if pk is not None:
            record = people_selectors.subject_get(actor=request.user, kind=kind, pk=pk)
            initial["subject"] = people_selectors.subject_option(kind, record)
            initial["purpose"] = Purpose.ADMISSION if kind == "candidate" else Purpose.APPOINTMENT
            break
    form = CaseOpenForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, **form.service_kwargs())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request,
                _("Đã mở hồ sơ thẩm tra %(n)s. Gửi các nội dung đề nghị xác minh bên dưới.") % {"n": case.subject_name},
            )
            return redirect("protection:detail", case.pk)
    return _form_page(
        request,
        form,
        title=_("Mở hồ sơ thẩm tra chính trị"),
        intro=_(
            "Thẩm tra lý lịch người vào Đảng (Hướng dẫn 01-HD/TW, mục 3.4), thẩm định hồ sơ cán bộ trước khi bổ nhiệm, "
            "quy hoạch (Quy định 58-QĐ/TW). Người có hồ sơ trong hệ thống: chọn trong ô «Người được thẩm tra»."
        ),
        status=400 if request.method == "POST" else 200,
        template="protection/case_open.html",
    )


def case_page(request, case, *, std_form=None, status: int = 200):
    """A case's page: its facts and requests for everyone who sees it; the findings, the grounds of the
    conclusion and its notes for RESTRICTED only (one audit event when any is shown); the standard set still
    to send for those who may send."""
    actor = request.user
    today = timezone.localdate()
    questions = selectors.case_questions(case, today)
    running = case.status == CaseStatus.OPEN
    can_edit = running and actor.can(Action.EDIT)
    restricted = reading.can_read(actor)
    secrets = reading.case_secrets_read(actor=actor, case=case, questions=questions) if restricted else None
    drafts = selectors.standard_drafts(case, today) if can_edit else []
    if can_edit and std_form is None and drafts:
        std_form = StandardSetForm(actor=actor, drafts=drafts)
    record = services.subject_of(case)
    person = people_selectors.person_of(record) if record is not None else None
    return render(
        request,
        "protection/case_detail.html",
        {
            "nav": "protection",
            "tab": "cases",
            "case": case,
            "questions": questions,
            "overdue": selectors.mark([case], today)[0].overdue,
            "secrets": secrets,
            "restricted": restricted,
            "can_edit": can_edit,
            "can_conclude": running and restricted and actor.can(Action.EDIT),
            "std_form": std_form if can_edit else None,
            "person": person,
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=case.org),
        },
        status=status,
    )


@login_required
@require_GET
def case_detail(request, pk):
    return case_page(request, selectors.case_get(actor=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = selectors.case_get(actor=request.user, pk=pk, action=Action.EDIT)
    initial = {k: getattr(case, k) for k in services.EDITABLE}
    form = CaseEditForm(request.POST or None, actor=request.user, initial=initial, handler=case.handler)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã cập nhật hồ sơ thẩm tra."))
            return redirect("protection:detail", case.pk)
    return _form_page(
        request,
        form,
        title=_("Sửa hồ sơ thẩm tra"),
        case=case,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, pk):
    """Send one request for verification; `?relation=&name=` fill the form (from the standard set's rows)."""
    case = selectors.case_get(actor=request.user, pk=pk, action=Action.EDIT)
    relation = request.GET.get("relation") or Relation.SELF
    initial = {
        "relation": relation if relation in Relation.values else Relation.SELF,
        "person_name": (request.GET.get("name") or "")[:150],
    }
    form = QuestionForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question = question_services.question_add(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận đề nghị xác minh «%(q)s».") % {"q": question})
            return redirect("protection:detail", case.pk)
    return _form_page(
        request,
        form,
        title=_("Gửi đề nghị xác minh"),
        case=case,
        intro=_("Một văn bản đề nghị gửi một cơ quan, cấp ủy về một người (bản thân hoặc một người thân)."),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def questions_standard(request, pk):
    """Send the ticked rows of the standard set to one body."""
    case = selectors.case_get(actor=request.user, pk=pk, action=Action.EDIT)
    drafts = selectors.standard_drafts(case, timezone.localdate())
    form = StandardSetForm(request.POST, actor=request.user, drafts=drafts)
    if form.is_valid():
        requests_, indexes = form.requests()
        try:
            sent = question_services.questions_add(
                actor=request.user,
                case=case,
                requests=requests_,
                sent_to=form.cleaned_data["sent_to"],
                sent_on=form.cleaned_data["sent_on"],
                due_on=form.cleaned_data.get("due_on"),
            )
        except DomainError as e:
            field = e.field or ""
            # A refused row names its index among the ticked rows: name the form's row instead.
            name, _sep, index = field.rpartition("_")
            if index.isdigit() and name and int(index) < len(indexes):
                field = f"{name}_{indexes[int(index)]}"
            form.add_domain_error(DomainError(e.message, field=field or None))
        else:
            messages.success(request, _("Đã ghi nhận %(n)s đề nghị xác minh.") % {"n": len(sent)})
            return redirect("protection:detail", case.pk)
    return case_page(request, case, std_form=form, status=400)


def _question(request, pk, qid, action=Action.EDIT):
    case = selectors.case_get(actor=request.user, pk=pk, action=action)
    return case, selectors.question_get(case=case, pk=qid)


@login_required
@require_http_methods(["GET", "POST"])
def question_reply(request, pk, qid):
    """Log a reply: its date and number; with RESTRICTED, what it found as well."""
    case, question = _question(request, pk, qid)
    restricted = reading.can_read(request.user)
    form = ReplyForm(request.POST or None, actor=request.user, restricted=restricted)
    if request.method == "POST" and form.is_valid():
        try:
            question_services.question_reply(actor=request.user, question=question, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận trả lời «%(q)s».") % {"q": question})
            return redirect("protection:detail", case.pk)
    return _form_page(
        request,
        form,
        title=_("Ghi nhận trả lời: %(q)s") % {"q": question},
        case=case,
        intro=_("Gửi %(to)s ngày %(d)s.") % {"to": question.sent_to, "d": question.sent_on.strftime("%d/%m/%Y")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_finding(request, pk, qid):
    """Enter or correct what a reply found (RESTRICTED). A form showing a finding already entered is a read of
    restricted content, audited as one."""
    case, question = _question(request, pk, qid)
    if not reading.can_read(request.user):
        raise PermissionDenied
    form = FindingForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            question_services.question_finding(actor=request.user, question=question, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi kết quả xác minh «%(q)s».") % {"q": question})
            return redirect("protection:detail", case.pk)
    if request.method == "GET" and (question.finding or question.finding_text):
        reading.case_secrets_read(actor=request.user, case=case, questions=[question], findings_only=True)
        form = FindingForm(
            actor=request.user, initial={"finding": question.finding, "finding_text": question.finding_text}
        )
    return _form_page(
        request,
        form,
        title=_("Kết quả xác minh: %(q)s") % {"q": question},
        case=case,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def question_cancel(request, pk, qid):
    case, question = _question(request, pk, qid)
    form = ReasonForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            question_services.question_cancel(actor=request.user, question=question, reason=form.cleaned_data["reason"])
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Đã hủy đề nghị xác minh «%(q)s».") % {"q": question})
    else:
        messages.error(request, _("Nhập lý do hủy."))
    return redirect("protection:detail", case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_conclude(request, pk):
    """Conclude (RESTRICTED and EDIT)."""
    case = selectors.case_get(actor=request.user, pk=pk, action=Action.EDIT)
    if not reading.can_read(request.user):
        raise PermissionDenied
    initial = {"concluded_on": timezone.localdate(), "concluded_by": case.requested_by}
    form = ConcludeForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_conclude(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã kết luận thẩm tra: %(c)s.") % {"c": case.get_conclusion_display()})
            return redirect("protection:detail", case.pk)
    intro = _(
        "Cấp ủy kết luận trên cơ sở kết quả xác minh; hệ thống không tự đánh giá tiêu chuẩn chính trị "
        "(Quy định 58-QĐ/TW)."
    )
    if case.candidate_id:
        intro += " " + _("Kết luận được ghi vào bước «Thẩm tra lý lịch» của hồ sơ kết nạp quần chúng này.")
    return _form_page(
        request,
        form,
        title=_("Kết luận thẩm tra: %(n)s") % {"n": case.subject_name},
        case=case,
        intro=intro,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_withdraw(request, pk):
    case = selectors.case_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = WithdrawForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_withdraw(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã dừng thẩm tra."))
            return redirect("protection:detail", case.pk)
    return _form_page(
        request,
        form,
        title=_("Dừng thẩm tra: %(n)s") % {"n": case.subject_name},
        case=case,
        status=400 if request.method == "POST" else 200,
    )


CASE_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Quan hệ"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Nội dung thẩm tra"),
    gettext_lazy("Nơi đề nghị xác minh"),
    gettext_lazy("Ngày gửi"),
    gettext_lazy("Hạn trả lời"),
    gettext_lazy("Ngày trả lời"),
    gettext_lazy("Số văn bản trả lời"),
    gettext_lazy("Kết quả xác minh"),
    gettext_lazy("Nội dung trả lời"),
]


@login_required
@require_GET
def case_export(request, pk):
    """The case with its findings and the grounds of its conclusion, as a spreadsheet to file with the dossier
    (RESTRICTED; the export is recorded as a read)."""
    case = selectors.case_get(actor=request.user, pk=pk)
    if not reading.can_read(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    # The file lists the requests still standing: the event counts the findings it holds.
    questions = [q for q in selectors.case_questions(case, today) if q.cancelled_at is None]
    secrets = reading.case_secrets_read(actor=request.user, case=case, questions=questions, export=True)
    d = lambda v: v.strftime("%d/%m/%Y") if v else ""  # noqa: E731
    rows = [
        [
            i,
            q.get_relation_display(),
            q.person_name,
            "; ".join(q.scope_labels()),
            q.sent_to,
            d(q.sent_on),
            d(q.due_on),
            d(q.replied_on),
            q.reply_no,
            q.get_finding_display() if q.finding else "",
            q.finding_text,
        ]
        for i, q in enumerate(questions, start=1)
    ]
    if case.status == CaseStatus.CONCLUDED:
        rows.append([])
        rows.append(["", _("Kết luận"), case.get_conclusion_display(), d(case.concluded_on), case.concluded_by,
                     case.conclusion_no, "", "", "", "", secrets.conclusion_text])  # fmt: skip
    subtitle = _("%(p)s. Ngày sinh %(b)s. %(o)s đề nghị ngày %(r)s. Tình trạng: %(s)s.") % {
        "p": case.get_purpose_display(),
        "b": d(case.subject_birth_date) or "—",
        "o": case.requested_by,
        "r": d(case.requested_on),
        "s": case.get_status_display(),
    }
    return xlsx_response(
        f"ket-qua-tham-tra-{case.pk}-{today:%Y%m%d}",
        title=_("KẾT QUẢ THẨM TRA CHÍNH TRỊ: %(n)s (MẬT)") % {"n": case.subject_name.upper()},
        subtitle=subtitle,
        headers=[str(h) for h in CASE_HEADERS],
        rows=rows,
        widths=[6, 16, 24, 40, 30, 12, 12, 12, 16, 20, 60],
        sheet="Ket qua tham tra",
    )


urlpatterns = [
    path("", case_list, name="list"),
    path("export/", export, name="export"),
    path("new/", case_open, name="create"),
    path("subjects/lookup/", subject_lookup, name="subject_lookup"),
    path("<int:pk>/", case_detail, name="detail"),
    path("<int:pk>/edit/", case_edit, name="edit"),
    path("<int:pk>/export.xlsx", case_export, name="case_export"),
    path("<int:pk>/questions/new/", question_add, name="question_add"),
    path("<int:pk>/questions/standard/", questions_standard, name="questions_standard"),
    path("<int:pk>/questions/<int:qid>/reply/", question_reply, name="question_reply"),
    path("<int:pk>/questions/<int:qid>/finding/", question_finding, name="question_finding"),
    path("<int:pk>/questions/<int:qid>/cancel/", question_cancel, name="question_cancel"),
    path("<int:pk>/conclude/", case_conclude, name="conclude"),
    path("<int:pk>/withdraw/", case_withdraw, name="withdraw"),
]
