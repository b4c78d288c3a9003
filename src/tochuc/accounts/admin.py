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

    def save_model(self, request, obj, form, change):
        # The Django admin is a superuser's back door: what it changes is audited like any service.
        from tochuc.core.audit import audit_record

        changed = {
            name: {"before": form.initial.get(name), "after": form.cleaned_data.get(name)}
            for name in form.changed_data
            if name != "password"
        }
        changed = {k: {"before": str(v["before"]), "after": str(v["after"])} for k, v in changed.items()}
        if "password" in form.changed_data:
            changed["password"] = {"before": "***", "after": "***"}
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="user.update" if change else "user.create",
            obj=obj,
            org_path=obj.org.path if obj.org_id else "",
            changes=changed,
            note="django-admin",
        )
