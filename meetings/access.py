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

from agreements.models import Acuerdo, Responsibility
from directory.models import Institution, Person

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
    # Shaped for PostgreSQL at national scale (see bench/api_scale.py): the user's few groups as
    # literal ids (one small query) and the institution's parts as an IN-subquery, instead of one
    # join of every acuerdo with secretariat, coordinators and responsibilities. A plain enlace
    # then gets a plan driven by their institution's parts, not a scan of all acuerdos.
    group_ids = list(
        WorkingGroup.objects.filter(Q(secretariat=user) | Q(coordinators=user))
        .values_list("pk", flat=True).distinct()
    )
    scope = Q(group_id__in=group_ids) if group_ids else Q(pk__in=[])
    institution = enlace_institution(user)
    if institution is not None:
        parts = Responsibility.objects.filter(institution=institution).values("acuerdo_id")
        scope = scope | Q(pk__in=parts) if group_ids else Q(pk__in=parts)
    return Acuerdo.objects.filter(scope)


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


def responsibilities_visible_to(user) -> QuerySet[Responsibility]:
    """The parts of the acuerdos a user may read (any part of a visible acuerdo)."""
    return Responsibility.objects.filter(acuerdo__in=acuerdos_visible_to(user))


def responsibilities_editable_by(user) -> QuerySet[Responsibility]:
    """Staff and a group's secretariat change any part; an enlace only their institution's."""
    if not user.is_authenticated:
        return Responsibility.objects.none()
    if user.is_staff:
        return Responsibility.objects.all()
    scope = Q(acuerdo__group__secretariat=user)
    institution = enlace_institution(user)
    if institution is not None:
        scope |= Q(institution=institution)
    return Responsibility.objects.filter(
        pk__in=Responsibility.objects.filter(scope).values("pk")
    )


def access_responsibility(user, responsibility_id, *, write: bool = False) -> Responsibility:
    scope = responsibilities_editable_by(user) if write else responsibilities_visible_to(user)
    try:
        return scope.select_related("acuerdo", "institution").get(pk=responsibility_id)
    except (Responsibility.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def people_visible_to(user) -> QuerySet[Person]:
    """Staff see the whole directory; others the people of the member institutions of their
    groups and the participants of those groups' sessions."""
    if not user.is_authenticated:
        return Person.objects.none()
    if user.is_staff:
        return Person.objects.all()
    groups = groups_visible_to(user)
    return Person.objects.filter(
        Q(institution__in=Institution.objects.filter(memberships__group__in=groups).values("pk"))
        | Q(pk__in=Person.objects.filter(attendances__session__group__in=groups).values("pk"))
    )
