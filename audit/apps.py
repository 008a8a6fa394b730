from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import admin_hooks, signals

        signals.connect()
        # After django.contrib.admin's autodiscover (it comes first in INSTALLED_APPS): every
        # registered ModelAdmin, ours and any library's, records its changes with their values.
        admin_hooks.audit_every_model_admin()
