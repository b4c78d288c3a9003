from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_tokens
from .forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("me/", views.account_security, name="account_security"),
    path("me/tokens/<int:token_pk>/revoke/", views_tokens.own_token_revoke, name="account_token_revoke"),
]

user_patterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_edit, name="create"),
    path("<int:pk>/", views.user_edit, name="edit"),
    path("<int:pk>/deactivate/", views.user_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.user_reactivate, name="reactivate"),
    path("<int:pk>/two-factor-reset/", views.two_factor_reset, name="two_factor_reset"),
    path("<int:pk>/tokens/new/", views_tokens.user_token_issue, name="token_issue"),
    path("<int:pk>/tokens/<int:token_pk>/revoke/", views_tokens.user_token_revoke, name="token_revoke"),
    path("logins/", views.login_event_list, name="login_events"),
]
