from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.orgs.selectors import org_roots_for, overview

from . import selectors, services
from .errors import DomainError
from .forms import ActorForm, DateField
from .models import LegalBasis, RuleParameter
from .rules import rules_in_force


@login_required
@require_GET
def home(request):
    """The overview: how many orgs of each type and how many members there are in the user's scope. The
    portal's editorial office, which sees no internal record, lands on its own pages instead."""
    if not request.user.can(Action.LIST) and (
        request.user.can(Action.WRITE_NEWS) or request.user.can(Action.PUBLISH_NEWS)
    ):
        return redirect("portal:office")
    return render(
        request,
        "core/home.html",
        {
            "roots": org_roots_for(actor=request.user),
            **overview(actor=request.user),
            "recent": selectors.audit_list(actor=request.user)[:8] if request.user.can(Action.ADMINISTER) else [],
        },
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=gettext_lazy("Hành động"), required=False)
    actor_name = forms.CharField(label=gettext_lazy("Người thực hiện"), required=False)
    q = forms.CharField(label=gettext_lazy("Đối tượng"), required=False)
    date_from = DateField(label=gettext_lazy("Từ ngày"), required=False)
    date_to = DateField(label=gettext_lazy("Đến ngày"), required=False)


@login_required
@require_GET
def audit(request):
    if not request.user.can(Action.ADMINISTER):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_list(actor=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for e in page:
        e.changes_text = json.dumps(e.changes, ensure_ascii=False, indent=1) if e.changes else ""
    return render(request, "core/audit.html", {"form": form, "page_obj": page, "actions": selectors.audit_actions()})


def _refuse_constant(name):
    raise ValueError(name)  # NaN and Infinity are not JSON: PostgreSQL would refuse them


class RuleVersionForm(ActorForm):
    key = forms.ChoiceField(label=gettext_lazy("Tham số"))
    value = forms.CharField(
        label=gettext_lazy("Giá trị mới"),
        help_text=gettext_lazy("Số nguyên: 12; tỷ lệ: 2/3 hoặc 0.20; danh sách: [30, 40]; lựa chọn: warn"),
    )
    effective_from = DateField(label=gettext_lazy("Hiệu lực từ ngày"))
    legal_basis = forms.ModelChoiceField(label=gettext_lazy("Căn cứ"), queryset=LegalBasis.objects.all())
    article = forms.CharField(label=gettext_lazy("Điều, khoản"), required=False, max_length=120)
    confirmed = forms.BooleanField(label=gettext_lazy("Đã xác nhận văn bản"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keys = RuleParameter.objects.order_by("key").values_list("key", "label").distinct()
        self.fields["key"].choices = [(k, f"{k} — {label}") for k, label in dict(keys).items()]

    def clean(self):
        data = super().clean()
        key, raw = data.get("key"), data.get("value")
        if key and raw is not None:
            kind = RuleParameter.objects.filter(key=key).values_list("kind", flat=True).first()
            if kind in (RuleParameter.Kind.INTEGER, RuleParameter.Kind.LIST, RuleParameter.Kind.TABLE):
                try:
                    data["value"] = json.loads(raw, parse_constant=_refuse_constant)
                except ValueError:
                    self.add_error("value", _("Giá trị không đọc được; ví dụ: 12 hoặc [30, 40]."))
            else:
                data["value"] = raw.strip()
        return data


@login_required
@require_http_methods(["GET", "POST"])
def rules(request):
    """The rules in force on a date, with their legal basis; administrators add a new version."""
    on_form = forms.Form(request.GET or None)
    on_form.fields["on"] = DateField(label=gettext_lazy("Hiệu lực tại ngày"), required=False)
    on = (on_form.cleaned_data.get("on") if on_form.is_valid() else None) or timezone.localdate()
    form = None
    if request.user.is_root_admin:
        form = RuleVersionForm(request.POST or None, actor=request.user)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.rule_version_add(
                    actor=request.user,
                    key=d["key"],
                    value=d["value"],
                    effective_from=d["effective_from"],
                    legal_basis=d["legal_basis"],
                    article=d["article"],
                    confirmed=d["confirmed"],
                )
            except DomainError as e:
                form.add_domain_error(e)
            else:
                messages.success(request, _("Đã thêm phiên bản mới của «%(k)s».") % {"k": d["key"]})
                return redirect("core:rules")
    elif request.method == "POST":
        raise PermissionDenied
    in_force = rules_in_force(on)
    rows = [in_force.version(k) for k in sorted(in_force)]
    history = selectors.rule_versions()
    return render(
        request, "core/rules.html", {"rows": rows, "on": on, "on_form": on_form, "form": form, "history": history}
    )


class HolidayForm(forms.Form):
    day = DateField(label=gettext_lazy("Ngày"))
    name = forms.CharField(label=gettext_lazy("Tên ngày nghỉ"), max_length=120, required=False)
    remove = forms.BooleanField(label=gettext_lazy("Bỏ ngày này khỏi bảng (Chính phủ cho làm bù)"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request):
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() and 1990 < int(year_raw) < 2100 else timezone.localdate().year
    form = None
    if request.user.is_root_admin:
        form = HolidayForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                if d["remove"]:
                    services.holiday_remove(actor=request.user, day=d["day"])
                else:
                    if not d["name"]:
                        raise DomainError(_("Nhập tên ngày nghỉ."), field="name")
                    services.holiday_set(actor=request.user, day=d["day"], name=d["name"])
            except DomainError as e:
                form.add_error(e.field if e.field in form.fields else None, e.message)
            else:
                messages.success(request, _("Đã cập nhật bảng ngày nghỉ."))
                return redirect(f"{request.path}?year={d['day'].year}")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "core/holidays.html",
        {"year": year, "days": selectors.holidays_of_year(year), "form": form, "years": range(year - 2, year + 3)},
    )
