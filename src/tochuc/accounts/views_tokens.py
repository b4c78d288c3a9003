"""API tokens from the web: an administrator lists, issues and revokes the tokens of a user of their subtree (the
right that lets them edit that user); everyone sees and revokes their own. The secret of a new token is rendered
once, in the POST response itself (never a message cookie, a URL or a log), and that page is not cached."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tochuc.api.models import ApiToken
from tochuc.api.selectors import token_list
from tochuc.api.services import token_issue, token_revoke
from tochuc.core.errors import DomainError
from tochuc.core.forms import ActorForm
from tochuc.core.scope import require

from . import selectors
from .roles import Action


class TokenIssueForm(ActorForm):
    name = forms.CharField(
        label=gettext_lazy("Tên gợi nhớ"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Ví dụ: hệ thống nào dùng mã này."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Số ngày hiệu lực"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=gettext_lazy("Để trống: không hết hạn (đến khi bị thu hồi)."),
    )


def token_rows(*, user, revoke_url) -> list[dict]:
    """The user's tokens for a page, each with its state and (when still live) the URL that revokes it;
    `revoke_url(token)` builds that URL: the admin's and the owner's pages revoke through different routes."""
    now = timezone.now()
    rows = []
    for token in token_list(user=user):
        if token.revoked_at is not None:
            state, live = _("đã thu hồi"), False
        elif token.expires_at is not None and token.expires_at <= now:
            state, live = _("hết hạn"), False
        else:
            state, live = _("còn hiệu lực"), True
        rows.append({"token": token, "state": state, "live": live, "revoke_url": revoke_url(token) if live else ""})
    return rows


def admin_token_context(*, account) -> dict:
    """What the user edit page needs for its "Mã truy cập API" section."""
    return {
        "api_tokens": token_rows(
            user=account, revoke_url=lambda t: reverse("accounts:token_revoke", args=[account.pk, t.pk])
        ),
        "token_form": TokenIssueForm(),
    }


def own_token_context(*, user) -> dict:
    return {"api_tokens": token_rows(user=user, revoke_url=lambda t: reverse("account_token_revoke", args=[t.pk]))}


def _revoke(request, token: ApiToken) -> None:
    try:
        token_revoke(actor=request.user, token=token)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã thu hồi mã truy cập %(p)s….") % {"p": token.prefix})


@login_required
@require_POST
def user_token_issue(request, pk):
    require(request.user, Action.ADMINISTER)
    account = selectors.user_get(actor=request.user, pk=pk)
    form = TokenIssueForm(request.POST)
    if form.is_valid():
        try:
            token, secret = token_issue(
                actor=request.user, user=account, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            response = render(
                request, "accounts/token_issued.html", {"account": account, "token": token, "secret": secret}
            )
            # The secret is in this body only: no browser or proxy may keep a copy of it.
            response["Cache-Control"] = "private, no-store"
            return response
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("accounts:edit", pk=account.pk)


@login_required
@require_POST
def user_token_revoke(request, pk, token_pk):
    require(request.user, Action.ADMINISTER)
    account = selectors.user_get(actor=request.user, pk=pk)
    _revoke(request, get_object_or_404(ApiToken, pk=token_pk, user=account))
    return redirect("accounts:edit", pk=account.pk)


@login_required
@require_POST
def own_token_revoke(request, token_pk):
    """Anyone may revoke their own token (e.g. one they pasted somewhere by mistake); another's is 404 here."""
    _revoke(request, get_object_or_404(ApiToken, pk=token_pk, user=request.user))
    return redirect("account_security")
