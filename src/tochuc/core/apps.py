from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tochuc.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from . import lookups  # noqa: F401  (registers path__under)
