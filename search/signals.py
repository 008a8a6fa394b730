"""The search index follows every save and delete of what it mirrors. This is upkeep of a derived
copy (like a cache), not a business rule: the services stay as they are, and rows written with
queryset.update() are caught up by the next save or by `manage.py rebuild_search_index`."""

from django.db.models.signals import post_delete, post_save

from . import index
from .models import SearchEntry

K = SearchEntry.Kind


def _sources():
    from agreements.models import Acuerdo, AcuerdoEvent
    from directory.models import Institution, Person
    from followup.models import ProgressReport
    from meetings.models import AgendaItem, Session

    return {Session: K.SESSION, AgendaItem: K.AGENDA_ITEM, Acuerdo: K.ACUERDO,
            ProgressReport: K.REPORT, Person: K.PERSON, Institution: K.INSTITUTION}, AcuerdoEvent


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.entry_update(SOURCES[sender], instance)


def _deleted(sender, instance, **kwargs):
    index.entry_delete(SOURCES[sender], instance.pk)


def _acuerdo_event(sender, instance, created=False, raw=False, **kwargs):
    # Every change of an acuerdo writes its history row after the change (agreements.services):
    # its parts, added with bulk_create, and a number moved by a reorder, reach the entry here.
    if created and not raw:
        index.entry_update(K.ACUERDO, instance.acuerdo)


SOURCES = {}


def connect():
    sources, acuerdo_event = _sources()
    SOURCES.update(sources)
    for model in sources:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    post_save.connect(_acuerdo_event, sender=acuerdo_event, dispatch_uid="search-acuerdo-event")
