from django.urls import path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url="/static/core/favicon.svg")),
]

core_patterns = [
    path("audit/", views.audit, name="audit"),
    path("rules/", views.rules, name="rules"),
    path("holidays/", views.holidays, name="holidays"),
]
