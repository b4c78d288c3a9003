"""Account management for administrators, confined to their subtree like everything else; the second step of the
login and each user's own two-factor settings."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY, match_token, user_has_device
from django_otp import login as otp_login

from tochuc.core.errors import DomainError
from tochuc.core.forms import ActorForm, OrgCodeField
from tochuc.core.scope import require

from . import selectors, services, views_tokens
from .forms import CodeForm, LoginEventFilterForm, ReasonForm
from .login_log import code_locked, login_event_record
from .middleware import PENDING_KEY
from .models import LoginEvent
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
    two_factor_on = bool(user) and user_has_device(user, confirmed=True)
    context = {"form": form, "account": user, "title": title, "two_factor_on": two_factor_on}
    if user:
        context |= views_tokens.admin_token_context(account=user)
    return render(request, "accounts/form.html", context)


def _set_active(request, pk, *, active: bool):
    require(request.user, Action.ADMINISTER)
    account = selectors.user_get(actor=request.user, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.user_reactivate if active else services.user_deactivate
        try:
            service(actor=request.user, user=account, reason=form.cleaned_data["reason"])
        except DomainError as e:
            messages.error(request, e.message)
        else:
            done = _("Đã mở khóa tài khoản %(u)s.") if active else _("Đã khóa tài khoản %(u)s.")
            messages.success(request, done % {"u": account.username})
        return redirect("accounts:list")
    title = (_("Mở khóa tài khoản %(u)s") if active else _("Khóa tài khoản %(u)s")) % {"u": account.username}
    return render(
        request, "accounts/set_active.html", {"form": form, "account": account, "title": title, "active": active}
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk):
    """Khóa tài khoản: never a deletion, so that the user's audit trail keeps their name."""
    return _set_active(request, pk, active=False)


@login_required
@require_http_methods(["GET", "POST"])
def user_reactivate(request, pk):
    return _set_active(request, pk, active=True)


@login_required
@require_POST
def two_factor_reset(request, pk):
    require(request.user, Action.ADMINISTER)
    account = selectors.user_get(actor=request.user, pk=pk)
    try:
        services.two_factor_reset(actor=request.user, user=account)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã đặt lại xác thực hai bước của %(u)s.") % {"u": account.username})
    return redirect("accounts:edit", pk=account.pk)


@login_required
@require_GET
def login_event_list(request):
    require(request.user, Action.ADMINISTER)
    form = LoginEventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.login_event_list(actor=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/login_events.html", {"form": form, "page_obj": page, "nav": "users"})


# --- The second step of the login, and one's own two-factor settings -------------------------------------------


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


def _lock_out(request):
    user = request.user
    login_event_record(kind=LoginEvent.Kind.CODE_LOCKOUT, request=request, user=user)
    logout(request)
    messages.error(
        request,
        _(
            "Nhập sai mã xác thực hai bước quá %(n)s lần: phiên đăng nhập đã bị hủy. Vui lòng thử lại sau 30 phút "
            "hoặc liên hệ quản trị hệ thống."
        )
        % {"n": settings.TWO_FACTOR_FAILURE_LIMIT},
    )
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Step two of the login: the 6-digit code; the session is trusted (user.is_verified()) only after it."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user, confirmed=True):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    if code_locked(user):
        return _lock_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, "".join(form.cleaned_data["code"].split()))
        if device is not None:
            otp_login(request, device)
            request.session.pop(PENDING_KEY, None)
            login_event_record(kind=LoginEvent.Kind.CODE_OK, request=request, user=user)
            return redirect(_next_url(request))
        login_event_record(kind=LoginEvent.Kind.CODE_FAILED, request=request, user=user)
        if code_locked(user):
            return _lock_out(request)
        form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrolment: a QR code (and the secret, for typing in) to scan, confirmed with a first code."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    device = services.two_factor_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_enable(user=user, device=device, code=form.cleaned_data["code"])
        except DomainError as e:
            form.add_error("code", e.message)
        else:
            otp_login(request, device)
            request.session.pop(PENDING_KEY, None)
            messages.success(request, _("Đã bật xác thực hai bước. Từ lần sau, đăng nhập cần thêm mã trên ứng dụng."))
            return redirect(_next_url(request, default="account_security"))
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "required": services.two_factor_required(user),
        "next": _next_url(request, default="account_security"),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_security(request):
    """One's own account: two-factor on or off."""
    user = request.user
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_disable(user=user, code=form.cleaned_data["code"])
        except DomainError as e:
            form.add_error("code", e.message)
        else:
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("account_security")
    context = {
        "form": form,
        "enabled": user_has_device(user, confirmed=True),
        "required": services.two_factor_required(user),
        **views_tokens.own_token_context(user=user),
    }
    return render(request, "accounts/account_security.html", context)


def qr_svg(data: str) -> SafeString:
    """The QR code as inline SVG drawn here: no image from elsewhere, no script, no style attribute (CSP)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(data, image_factory=SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg.replace("<svg ", '<svg class="qr" role="img" aria-label="QR" ', 1))
