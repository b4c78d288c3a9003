"""The portal's pages: the public site and the editorial office; each topic module declares its routes."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path


def placeholder(request):
    return HttpResponse(status=204)


urlpatterns = [path("", placeholder, name="home"), path("office/", placeholder, name="office")]
