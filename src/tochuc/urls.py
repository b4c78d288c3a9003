from django.contrib import admin
from django.urls import include, path

from tochuc.accounts.urls import user_patterns
from tochuc.core.urls import core_patterns

urlpatterns = [
    path("", include("tochuc.core.urls")),
    path("", include((core_patterns, "core"))),
    path("accounts/", include("tochuc.accounts.urls")),
    path("users/", include((user_patterns, "accounts"))),
    path("orgs/", include("tochuc.orgs.urls")),
    path("members/", include("tochuc.members.urls")),
    path("reports/", include("tochuc.reports.views")),
    path("recruitment/", include("tochuc.recruitment.urls")),
    path("cadres/", include("tochuc.cadres.urls")),
    path("congresses/", include("tochuc.congresses.urls")),
    path("protection/", include("tochuc.protection.urls")),
    path("ratings/", include("tochuc.ratings.urls")),
    path("awards/", include("tochuc.awards.urls")),
    path("proposals/", include("tochuc.proposals.urls")),
    path("portal/", include("tochuc.portal.urls")),
    path("enterprises/", include("tochuc.enterprises.urls")),
    path("api/v1/", include("tochuc.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
