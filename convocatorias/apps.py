from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConvocatoriasConfig(AppConfig):
    name = "convocatorias"
    verbose_name = _("Convocatorias and attendance confirmations")
