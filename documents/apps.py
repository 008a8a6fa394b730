import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        # WeasyPrint logs every layout step at INFO; keep its warnings (refused URLs, bad CSS).
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
