from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class TochucUserAdmin(UserAdmin):
    """For superusers only; officers manage accounts through `tochuc createuser` and the services."""

    fieldsets = (*UserAdmin.fieldsets, ("tochuc", {"fields": ("role", "org", "full_name")}))
    list_display = ("username", "full_name", "role", "org", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("org",)
