"""Account management for administrators, confined to their subtree like everything else."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.core.errors import DomainError
from tochuc.core.forms import ActorForm, OrgCodeField
from tochuc.core.scope import require

from . import selectors, services
from .roles import Action, Role


class UserForm(ActorForm):
    username = forms.CharField(label=gettext_lazy("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=Role.choices)
    org = OrgCodeField(label=gettext_lazy("Tổ chức đảng (phạm vi)"))
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Ít nhất 8 ký tự, không toàn số. Để trống khi sửa nếu giữ mật khẩu cũ."),
    )


@login_required
@require_GET
def user_list(request):
    require(request.user, Action.ADMINISTER)
    q = request.GET.get("q", "")
    page = Paginator(selectors.user_list(actor=request.user, q=q), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/list.html", {"page_obj": page, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk=None):
    require(request.user, Action.ADMINISTER)
    user = selectors.user_get(actor=request.user, pk=pk) if pk else None
    initial = {}
    if user:
        initial = {
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "role": user.role,
            "org": user.org.code if user.org else "",
        }
    form = UserForm(request.POST or None, actor=request.user, initial=initial)
    if user:
        form.fields["username"].disabled = True
    elif not request.POST:
        form.fields["password"].required = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if not user and not d["password"]:
                raise DomainError(_("Nhập mật khẩu cho tài khoản mới."), field="password")
            saved, _created = services.user_save(
                actor=request.user,
                username=user.username if user else d["username"],
                role=d["role"],
                org=d["org"],
                password=d["password"] or None,
                full_name=d["full_name"],
                email=d["email"],
                create_only=user is None,
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu tài khoản %(u)s.") % {"u": saved.username})
            return redirect("accounts:list")
    title = _("Sửa tài khoản %(u)s") % {"u": user.username} if user else _("Thêm tài khoản")
    return render(request, "accounts/form.html", {"form": form, "account": user, "title": title})


@login_required
@require_POST
def user_deactivate(request, pk):
    require(request.user, Action.ADMINISTER)
    user = selectors.user_get(actor=request.user, pk=pk)
    try:
        services.user_deactivate(actor=request.user, user=user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã khóa tài khoản %(u)s.") % {"u": user.username})
    return redirect("accounts:list")


@login_required
@require_POST
def user_reactivate(request, pk):
    require(request.user, Action.ADMINISTER)
    user = selectors.user_get(actor=request.user, pk=pk)
    try:
        services.user_reactivate(actor=request.user, user=user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã mở khóa tài khoản %(u)s.") % {"u": user.username})
    return redirect("accounts:list")
