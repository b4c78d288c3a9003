from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    name = "tochuc.congresses"
    verbose_name = _("Đại hội đảng bộ các cấp")
