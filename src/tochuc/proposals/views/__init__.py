"""The pages of the app: each topic module declares its routes; this package joins them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def placeholder(request):
    return HttpResponse(status=204)


urlpatterns = [path("", placeholder, name="list")]
