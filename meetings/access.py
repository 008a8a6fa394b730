"""Who may see and change what. Every view, API endpoint and export asks here, nowhere else.

- staff: everything;
- a group's secretariat: reads and edits that group's sessions, minutas and acuerdos;
- a group's coordinators: read everything of that group (and approve minutas);
- an enlace (a Person with is_enlace and a user account): reads the groups their institution is a
  member of, and the acuerdos their institution answers for or helps with.

Objects outside a user's scope raise Http404, so a page never hints that they exist.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from agreements.models import Acuerdo
from directory.models import Institution

from .models import Session, WorkingGroup


def enlace_institution(user) -> Institution | None:
    """The institution a user answers for as an enlace, if any."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is not None and person.is_enlace:
        return person.institution
    return None


def groups_visible_to(user) -> QuerySet[WorkingGroup]:
    if not user.is_authenticated:
        return WorkingGroup.objects.none()
    if user.is_staff:
        return WorkingGroup.objects.all()
    scope = Q(secretariat=user) | Q(coordinators=user)
    institution = enlace_institution(user)
    if institution is not None:
        scope |= Q(memberships__institution=institution)
    return WorkingGroup.objects.filter(
        pk__in=WorkingGroup.objects.filter(scope).values("pk")
    )


def groups_editable_by(user) -> QuerySet[WorkingGroup]:
    if not user.is_authenticated:
        return WorkingGroup.objects.none()
    if user.is_staff:
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(secretariat=user)


def can_edit_group(user, group: WorkingGroup) -> bool:
    return groups_editable_by(user).filter(pk=group.pk).exists()


def can_approve_minuta(user, group: WorkingGroup) -> bool:
    """Visto Bueno: the group's secretariat or coordinators (the service refuses the drafter)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or group.secretariat.filter(pk=user.pk).exists() or \
        group.coordinators.filter(pk=user.pk).exists()


def acuerdos_visible_to(user) -> QuerySet[Acuerdo]:
    if not user.is_authenticated:
        return Acuerdo.objects.none()
    if user.is_staff:
        return Acuerdo.objects.all()
    scope = Q(group__secretariat=user) | Q(group__coordinators=user)
    institution = enlace_institution(user)
    if institution is not None:
        scope |= Q(responsibilities__institution=institution)
    return Acuerdo.objects.filter(pk__in=Acuerdo.objects.filter(scope).values("pk"))


def access_group(user, group_id, *, write: bool = False) -> WorkingGroup:
    scope = groups_editable_by(user) if write else groups_visible_to(user)
    try:
        return scope.get(pk=group_id)
    except (WorkingGroup.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_session(user, session_id, *, write: bool = False) -> Session:
    groups = groups_editable_by(user) if write else groups_visible_to(user)
    try:
        return Session.objects.select_related("group").get(pk=session_id, group__in=groups)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_acuerdo(user, acuerdo_id, *, write: bool = False) -> Acuerdo:
    scope = (
        Acuerdo.objects.filter(group__in=groups_editable_by(user))
        if write
        else acuerdos_visible_to(user)
    )
    try:
        return scope.select_related("session", "group").get(pk=acuerdo_id)
    except (Acuerdo.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def notification_groups_visible_to(user) -> QuerySet[WorkingGroup]:
    """Whose notification log a user may read: staff all, the secretariat its groups."""
    return groups_editable_by(user)


def can_read_notification_log(user) -> bool:
    """Staff, or anyone in some group's secretariat. Staff also see group-less rows (digests)."""
    return user.is_authenticated and (user.is_staff or groups_editable_by(user).exists())
