from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DunningConfig(AppConfig):
    name = "arrears.dunning"
    verbose_name = _("Dunning and credit holds")
