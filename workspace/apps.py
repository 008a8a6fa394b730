from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("Secretariat workspace")

    def ready(self):
        # Accent-insensitive search (tracker/search.py): the lookup, and SQLite's unaccent().
        from tracker import search

        search.register()
