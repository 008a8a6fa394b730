"""Who may see and change what, for every app (meetings, agreements, followup, documents,
notifications, the API). Every view, API endpoint, export and task asks here, nowhere else.

- staff: everything;
- a group's secretariat: reads and edits that group's sessions, minutas and acuerdos;
- a group's coordinators: read everything of that group (and approve minutas);
- an enlace (a Person with is_enlace and a user account): reads the groups their institution is a
  member of, the approved minutas of those groups, the adopted acuerdos their institution answers
  for or helps with, and only their own institution's follow-up (reports, evidence, due date
  requests).

Confidentiality (docs/access.md): a minuta in draft or in review (its page, PDF/DOCX preview,
narrative, meeting ID, passcode, photos, the API's sessions) is read only by the group's
secretariat, its reviewers (coordinators) and staff; once approved, by the group's members too
(it is e-mailed to the participants anyway). Another institution's follow-up is never shown to an
enlace. Acuerdos exist for anyone outside the session editor only once their session is marked
held (agreements.models.adopted_q).

Objects outside a user's scope raise Http404, so a page never hints that they exist.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from agreements.models import Acuerdo, Responsibility, adopted_q
from directory.models import Institution, Person
from followup.models import DueDateRequest, Evidence, ProgressReport
from imports.models import BacklogImport, MinutaImport
from meetings.models import (Attendance, Membership, Session, SessionDocument, SessionPhoto,
                             WorkingGroup)
from publication.models import ReservedPhoto
from publication.selectors import public_groups, public_sessions, withheld_q
from tracker.compiled import Compiled
from tracker.lookups import IdArray, ids_in, in_subquery
from workplan.models import Actividad, Eje, Plan, Proposal


def enlace_institution(user) -> Institution | None:
    """The institution a user answers for as an enlace, if any."""
    person = user_person(user) if user.is_authenticated else None
    if person is not None and person.is_enlace:
        return person.institution
    return None


# The user's directory entry (Person.user, a one-to-one): what getattr(user, "person", None) reads,
# compiled once (tracker.compiled), since every signed-in page asks it through enlace_institution
# and the ORM's building of that one-row .get() cost more than its run (issue #17). The SQL of
# the descriptor's .get(): the base manager, unordered, LIMIT 21.
_USER_PERSON = Compiled(lambda user_id: Person._base_manager.filter(user_id=user_id).order_by()[:21],
                        model=Person, instances=True)
_PERSON_OF_USER = Person._meta.get_field("user").remote_field  # the reverse accessor's relation


def user_person(user) -> Person | None:
    """getattr(user, "person", None), cached where the reverse accessor caches it (user.person
    after this reads nothing), the person's .user set to the user as the accessor sets it.
    tests/test_group_page_reads.py compares the two."""
    try:
        return _PERSON_OF_USER.get_cached_value(user)
    except KeyError:
        pass
    rows = _USER_PERSON(user.pk) if user.pk is not None else []
    person = rows[0] if rows else None
    if person is not None:
        # The model instance behind request.user's lazy wrapper, as the accessor would see it.
        _PERSON_OF_USER.field.set_cached_value(person, getattr(user, "_wrapped", user))
    _PERSON_OF_USER.set_cached_value(user, person)
    return person


def _follows_q(user) -> Q:
    """WorkingGroup rows the user is secretariat or coordinator of, as one IN-subquery per
    relation: ORing the relations themselves LEFT JOINed every group to both tables (and to the
    memberships in groups_visible_to), 3,300 rows hashed for an enlace's 36 groups at scale 1."""
    return Q(pk__in=WorkingGroup.secretariat.through.objects.filter(user=user)
             .values("workinggroup_id")) | Q(
        pk__in=WorkingGroup.coordinators.through.objects.filter(user=user)
        .values("workinggroup_id"))


def groups_visible_to(user) -> QuerySet[WorkingGroup]:
    if not user.is_authenticated:
        return WorkingGroup.objects.none()
    if user.is_staff:
        return WorkingGroup.objects.all()
    return groups_in_scope(user, enlace_institution(user))


def groups_in_scope(user, institution) -> QuerySet[WorkingGroup]:
    """groups_visible_to for a user who is not staff (the user or their id; their institution as
    an enlace, an instance, its id or None): api.planned compiles it with marker values."""
    scope = _follows_q(user)
    if institution is not None:
        scope |= Q(pk__in=Membership.objects.filter(institution=institution).values("group_id"))
    return WorkingGroup.objects.filter(scope)


def groups_editable_by(user) -> QuerySet[WorkingGroup]:
    if not user.is_authenticated:
        return WorkingGroup.objects.none()
    if user.is_staff:
        return WorkingGroup.objects.all()
    return _secretariat_groups(user)


def _secretariat_groups(user) -> QuerySet[WorkingGroup]:
    """The groups a user who is not staff may edit (the user or their id)."""
    return WorkingGroup.objects.filter(secretariat=user)


# can_edit_group's read, compiled once per shape (tracker.compiled): the group page, the session
# editor and the work plan pages ask on every request, and building the ORM's query cost more
# than running it (issue #17). tests/test_group_page_reads.py compares it with the ORM's.
_EDITABLE_GROUP = {
    "staff": Compiled(lambda group_id: WorkingGroup.objects.filter(pk=group_id)
                      .values_list("pk")[:1], model=WorkingGroup),
    "user": Compiled(lambda group_id, user_id: _secretariat_groups(user_id).filter(pk=group_id)
                     .values_list("pk")[:1], model=WorkingGroup),
}


def can_edit_group(user, group: WorkingGroup) -> bool:
    """groups_editable_by(user).filter(pk=group.pk).exists()."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return bool(_EDITABLE_GROUP["staff"](group.pk))
    return bool(_EDITABLE_GROUP["user"](group.pk, user.pk))


def can_approve_minuta(user, group: WorkingGroup) -> bool:
    """Visto Bueno: the group's secretariat or coordinators (the service refuses the drafter)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or group.secretariat.filter(pk=user.pk).exists() or \
        group.coordinators.filter(pk=user.pk).exists()


def acuerdos_visible_to(user, *, group_ids=None) -> QuerySet[Acuerdo]:
    """Adopted acuerdos (sessions marked held, agreements.models.adopted_q) in the user's scope.
    Everyone, staff included, reads a planned session's acuerdos only in its session editor.
    `group_ids`: the followed groups' ids when the caller has them (request_followed_group_ids);
    read here otherwise."""
    if not user.is_authenticated:
        return Acuerdo.objects.none()
    if user.is_staff:
        return Acuerdo.objects.adopted()
    # Shaped for PostgreSQL at national scale (see bench/api_scale.py): the user's few groups as
    # literal ids (one small query) and the institution's parts as an IN-subquery, instead of one
    # join of every acuerdo with secretariat, coordinators and responsibilities. A plain enlace
    # then gets a plan driven by their institution's parts, not a scan of all acuerdos.
    return acuerdos_in_scope(followed_group_ids(user, given=group_ids), enlace_institution(user))


def acuerdos_in_scope(group_ids, institution) -> QuerySet[Acuerdo]:
    """acuerdos_visible_to for a user who is not staff, from the ids of the groups they follow (a
    list, or an IdArray: one parameter on PostgreSQL, for SQL compiled once, api.planned) and
    their institution as an enlace (an instance, its id, or None)."""
    if not group_ids:
        scope = Q(pk__in=[])
    elif isinstance(group_ids, IdArray):
        scope = ids_in("group_id", group_ids)
    else:
        scope = Q(group_id__in=group_ids)
    if institution is not None:
        parts = Responsibility.objects.filter(institution=institution).values("acuerdo_id")
        scope = scope | Q(pk__in=parts) if group_ids else Q(pk__in=parts)
    return Acuerdo.objects.adopted().filter(scope)


def access_group(user, group_id, *, write: bool = False, select=(), prefetch=()) -> WorkingGroup:
    """select/prefetch: what the caller will show of the group, read by this same check (the API
    detail: one query, not the check and then the representation's own read of the group)."""
    if (not (write or select or prefetch) and type(group_id) is int and user.is_authenticated
            and connection.vendor == "postgresql"):
        rows = _visible_group(user, group_id)
        if not rows:
            raise Http404
        return rows[0]
    scope = groups_editable_by(user) if write else groups_visible_to(user)
    if select:
        scope = scope.select_related(*select)
    if prefetch:
        scope = scope.prefetch_related(*prefetch)
    try:
        return scope.get(pk=group_id)
    except (WorkingGroup.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _groups_scope(user) -> tuple[str, tuple]:
    """The shape of groups_visible_to's scope for a signed-in user and the values it takes:
    staff (none), a user (their id), an enlace (their id and their institution's)."""
    if user.is_staff:
        return "staff", ()
    institution = enlace_institution(user)
    return ("user", (user.pk,)) if institution is None else ("enlace", (user.pk, institution.pk))


def _groups_of_shape(shape: str, *scope) -> QuerySet[WorkingGroup]:
    """groups_visible_to's queryset for a shape of _groups_scope, from its values (or markers:
    tracker.compiled builds it once per shape)."""
    if shape == "staff":
        return WorkingGroup.objects.all()
    return groups_in_scope(scope[0], scope[1] if shape == "enlace" else None)


# access_group's read of a group the user may see, compiled once per shape of scope
# (tracker.compiled): the group page and the others behind it ask on every request, and building
# groups_in_scope's subqueries cost more than running them (issue #17). The same SQL as .get():
# no ordering, LIMIT 21. tests/test_group_page_reads.py compares it with the ORM's.
_VISIBLE_GROUP: dict = {}


def _visible_group(user, group_id) -> list:
    shape, scope = _groups_scope(user)
    plan = _VISIBLE_GROUP.get(shape)
    if plan is None:
        plan = _VISIBLE_GROUP[shape] = Compiled(
            lambda group_id, *scope: _groups_of_shape(shape, *scope).filter(pk=group_id)
            .order_by()[:21], model=WorkingGroup, instances=True)
    return plan(group_id, *scope)


# The groups a user may see, by acronym: the group filter's options on Mis acuerdos, read on every
# visit. Compiled once per shape of scope, as _visible_group; tests/test_part_filter_form.py
# compares the options with those django-filter lists from groups_visible_to.
_VISIBLE_GROUPS: dict = {}


def groups_visible_list(user) -> list:
    """list(groups_visible_to(user).order_by("acronym"))."""
    if not user.is_authenticated:
        return []
    shape, scope = _groups_scope(user)
    plan = _VISIBLE_GROUPS.get(shape)
    if plan is None:
        plan = _VISIBLE_GROUPS[shape] = Compiled(
            lambda *scope: _groups_of_shape(shape, *scope).order_by("acronym"),
            model=WorkingGroup, instances=True)
    return plan(*scope)


def _reviewed_groups(user) -> QuerySet[WorkingGroup]:
    """The groups whose minutas a user drafts or reviews: secretariat and coordinators (a
    subquery, no query of its own)."""
    return WorkingGroup.objects.filter(_follows_q(user)).values("pk")


def sessions_visible_to(user, *, approved_record: bool = False) -> QuerySet[Session]:
    """Sessions whose minuta a user may read. Staff, the group's secretariat and coordinators: all
    of the group's, whatever the minuta's state. The enlace of a member institution: those whose
    minuta is approved. approved_record=True also lets a member into a session whose approved
    minuta is being corrected (revision > 1), for the frozen approved revisions and their stored
    PDFs only — never the new draft."""
    if not user.is_authenticated:
        return Session.objects.none()
    if user.is_staff:
        return Session.objects.all()
    return sessions_in_scope(user, enlace_institution(user), approved_record=approved_record)


def sessions_in_scope(user, institution, *, approved_record: bool = False) -> QuerySet[Session]:
    """sessions_visible_to for a user who is not staff (the user or their id; their institution as
    an enlace, an instance, its id or None): api.planned compiles it with marker values."""
    scope = in_subquery("group_id", _reviewed_groups(user))
    if institution is not None:
        published = Q(minuta_status=Session.MinutaStatus.APPROVED)
        if approved_record:
            published |= Q(revision__gt=1)
        member_of = Membership.objects.filter(institution=institution).values("group_id")
        scope |= in_subquery("group_id", member_of) & published
    return Session.objects.filter(scope)


def group_sessions_readable(user, group, sessions, *, followed_ids, member_institution_ids) -> set:
    """The ids of `sessions` (every session of `group`, read by the caller) whose minuta the user
    may read: sessions_visible_to(user).filter(group=group), decided from what the group page
    has already read (`followed_ids`, request_followed_group_ids; the ids of the institutions
    that are or were members of the group) instead of a query built from two subqueries.
    tests/test_workspace_pages.py compares both for each persona."""
    if not user.is_authenticated:
        return set()
    if user.is_staff or group.pk in followed_ids:  # _reviewed_groups: secretariat, coordinators
        return {s.pk for s in sessions}
    institution = enlace_institution(user)
    if institution is not None and institution.pk in member_institution_ids:
        return {s.pk for s in sessions if s.minuta_status == Session.MinutaStatus.APPROVED}
    return set()


def access_session(user, session_id, *, write: bool = False,
                   approved_record: bool = False, select=(), prefetch=()) -> Session:
    """A session for its page, minuta downloads and the API (read: sessions_visible_to), or for
    the editor (write: the group's secretariat and staff). select/prefetch: more of what the
    caller shows, read by this same check (as access_group)."""
    if write:
        scope = Session.objects.filter(group__in=groups_editable_by(user))
    else:
        scope = sessions_visible_to(user, approved_record=approved_record)
    scope = scope.select_related("group", *select)
    if prefetch:
        scope = scope.prefetch_related(*prefetch)
    try:
        return scope.get(pk=session_id)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_session_document(user, document_id):
    """A session's document (presentation, annex): the group's secretariat, coordinators and staff
    always (sessions_visible_to). Once the convocatoria has been sent (the documents go with it)
    or the minuta is approved, also the member institutions' enlaces and the session's
    participants who have an account — the people it is presented to. 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    shared = Q(session__minuta_status=Session.MinutaStatus.APPROVED) | Q(
        session__convocatoria__isnull=False)
    scope = Q(session__in=sessions_visible_to(user).values("pk")) | (shared & Q(
        session__in=Attendance.objects.filter(person__user=user).values("session_id")))
    institution = enlace_institution(user)
    if institution is not None:
        scope |= shared & Q(session__group__in=WorkingGroup.objects.filter(
            memberships__institution=institution).values("pk"))
    return _get_or_404(SessionDocument.objects.filter(scope).select_related("session"),
                       document_id)


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


# --- Follow-up of acuerdos (followup app): parts, reports, evidence, due date requests ---------
#
# - an enlace reads the parts of their institution and writes (reports, asks for a new due date)
#   only on those; never another institution's, never the acuerdo's text or due date;
# - a group's secretariat (and staff) manages: validates or returns reports, records fulfilment on
#   an institution's behalf, decides due date requests;
# - a group's coordinators (and its secretariat) follow the group: dashboard, compliance, lists.


def groups_followed_by(user) -> QuerySet[WorkingGroup]:
    """Groups whose figures a user follows (dashboard, compliance): coordinators and secretariat."""
    if not user.is_authenticated:
        return WorkingGroup.objects.none()
    if user.is_staff:
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(_follows_q(user))


def followed_group_ids(user, *, given: list[int] | None = None) -> list[int]:
    """The ids of the groups a user follows (groups_followed_by) as a list, one small query; or
    `given`, when the caller already read them (request_followed_group_ids). The scopes below
    take literal ids rather than a subquery: see acuerdos_visible_to."""
    if given is not None:
        return given
    if not user.is_authenticated or user.is_staff:
        return list(groups_followed_by(user).values_list("pk", flat=True))
    return _followed_ids(user.pk)


# groups_followed_by(user)'s ids, compiled once (tracker.compiled): every request of an enlace or
# a coordinator asks, and building the two subqueries cost more than running them (issue 17).
_followed_ids = Compiled(
    lambda user_id: WorkingGroup.objects.filter(_follows_q(user_id)).values_list("pk", flat=True),
    model=WorkingGroup, flat=True)


def request_followed_group_ids(request) -> list[int]:
    """The ids of the groups the request's user (not staff) follows (groups_followed_by), read
    once per request: Mis acuerdos' scope (responsibilities_visible_to), "follows a group?"
    (request_follows_groups: its institution choices, the top bar) all need them. [] for staff
    (who follow everything, with no query) and for anonymous users."""
    if not hasattr(request, "_followed_group_ids"):
        user = request.user
        request._followed_group_ids = (
            followed_group_ids(user) if user.is_authenticated and not user.is_staff else [])
    return request._followed_group_ids


def request_follows_groups(request) -> bool:
    """Whether the request's user follows a group (groups_followed_by), asked once per request:
    the list's scope, its institution choices and the top bar all ask (one query, not three)."""
    user = request.user
    return user.is_authenticated and (user.is_staff or bool(request_followed_group_ids(request)))


def access_followup(user) -> QuerySet[WorkingGroup]:
    """The coordination pages: 404 for anyone who follows no group."""
    groups = groups_followed_by(user)
    if user.is_authenticated and user.is_staff:
        return groups
    # The followed groups as literal ids (the one query that also answers "follows any?"): the
    # dashboard's aggregates then start from those groups' acuerdos (agreements_acuerdo.group_id
    # index) instead of hashing every open part against every acuerdo (bench/api_scale.py).
    ids = list(groups.values_list("pk", flat=True)) if user.is_authenticated else []
    if not ids:
        raise Http404
    return WorkingGroup.objects.filter(pk__in=ids)


def responsibilities_visible_to(user, *, group_ids=None):
    """Parts of adopted acuerdos a user may list: their institution's as an enlace, every part of
    the groups they follow, everything for staff. `group_ids`: the followed groups' ids when the
    caller has them (request_followed_group_ids); read here otherwise."""
    if not user.is_authenticated:
        return Responsibility.objects.none()
    if user.is_staff:
        return Responsibility.objects.adopted()
    # Like acuerdos_visible_to: the followed groups as literal ids (one small query), so that a
    # plain enlace's list is driven by their institution's parts (resp_institution_status_idx)
    # instead of an OR with a subquery that makes PostgreSQL scan every part (bench/api_scale.py).
    return responsibilities_in_scope(followed_group_ids(user, given=group_ids),
                                     enlace_institution(user))


def responsibilities_in_scope(group_ids, institution):
    """responsibilities_visible_to for a user who is not staff, from the ids of the groups they
    follow (a list, or an IdArray: one parameter on PostgreSQL, for SQL compiled once,
    followup.selectors.first_page) and their institution as an enlace (an instance, its id, or
    None)."""
    if not group_ids:
        scope = Q(pk__in=[])
    elif isinstance(group_ids, IdArray):
        scope = ids_in("acuerdo__group_id", group_ids)
    else:
        scope = Q(acuerdo__group_id__in=group_ids)
    if institution is not None:
        scope = scope | Q(institution=institution) if group_ids else Q(institution=institution)
    return Responsibility.objects.adopted().filter(scope)


def can_report_on(user, responsibility) -> bool:
    """Report progress or ask for a new due date: the enlace of the part's institution (staff)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    institution = enlace_institution(user)
    return institution is not None and institution.pk == responsibility.institution_id


def can_manage_followup(user, acuerdo) -> bool:
    """Validate/return reports, record fulfilment on behalf, decide due date requests."""
    return user.is_authenticated and (
        user.is_staff or acuerdo.group.secretariat.filter(pk=user.pk).exists()
    )


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_responsibility(user, responsibility_id, *, write: bool = False, manage: bool = False):
    """A part of an adopted acuerdo. write: its institution's enlace; manage: the group's
    secretariat. Nobody reports on, or validates, what a planned session drafted."""
    adopted = Responsibility.objects.adopted()
    if manage:
        scope = adopted.filter(acuerdo__group__in=groups_editable_by(user))
    elif write:
        if not user.is_authenticated:
            raise Http404
        institution = enlace_institution(user)
        scope = adopted if user.is_staff else adopted.filter(
            institution=institution) if institution else Responsibility.objects.none()
    else:
        scope = Responsibility.objects.filter(acuerdo__in=acuerdos_visible_to(user))
    return _get_or_404(
        scope.select_related("acuerdo__session", "acuerdo__group", "institution"),
        responsibility_id,
    )


def _part_records_scope(user, prefix: str, group_ids=None) -> Q:
    """Follow-up records (reports, evidence, due date requests) of adopted acuerdos a user may
    list: staff all; the groups they follow (secretariat, coordinators) all of those groups'; an
    enlace only their own institution's parts, never another institution's (even on an acuerdo
    they share as coadyuvante). `prefix` reaches the part from the queried model; `group_ids`
    the followed groups' ids if the caller has them."""
    scope = adopted_q(f"{prefix}acuerdo__")
    if user.is_staff:
        return scope
    # The followed groups as literal ids (one small query), as in acuerdos_visible_to.
    group_ids = followed_group_ids(user, given=group_ids)
    own = Q(pk__in=[])
    if group_ids:
        own = Q(**{f"{prefix}acuerdo__group_id__in": group_ids})
    institution = enlace_institution(user)
    if institution is not None:
        own |= Q(**{f"{prefix}institution_id": institution.pk})
    return scope & own


def progress_reports_visible_to(user, *, group_ids=None):
    """Reports a user may read (the API's lists and the evidence they carry); `group_ids` as
    in acuerdos_visible_to."""
    if not user.is_authenticated:
        return ProgressReport.objects.none()
    return ProgressReport.objects.filter(
        _part_records_scope(user, "responsibility__", group_ids))


def due_date_requests_visible_to(user):
    if not user.is_authenticated:
        return DueDateRequest.objects.none()
    return DueDateRequest.objects.filter(_part_records_scope(user, "responsibility__"))


def acuerdo_followup_scope(user, acuerdo, *, prefix: str = "responsibility__") -> Q:
    """On the page of an acuerdo the user may read (access_acuerdo already asked): whose follow-up
    records they see. Staff and the group's secretariat and coordinators: every part's; an enlace
    only their own institution's. The group check is a subquery (no query here)."""
    if user.is_staff:
        return Q()
    return acuerdo_followup_in_scope(user, acuerdo.group_id, enlace_institution(user),
                                     prefix=prefix)


def acuerdo_followup_in_scope(user, group_id, institution, *,
                              prefix: str = "responsibility__") -> Q:
    """acuerdo_followup_scope for a user who is not staff (the user or their id; the acuerdo's
    group id; their institution as an enlace, an instance, its id or None): api.planned compiles
    it with marker values."""
    follows = WorkingGroup.objects.filter(pk=group_id).filter(
        Q(secretariat=user) | Q(coordinators=user))
    scope = Q(Exists(follows))
    if institution is not None:
        scope |= Q(**{f"{prefix}institution_id": getattr(institution, "pk", institution)})
    return scope


def acuerdo_events_scope(user, acuerdo) -> Q:
    """History rows of an acuerdo a reader sees: the acuerdo's own (text, date, number...) and
    the follow-up of the parts acuerdo_followup_scope allows."""
    if user.is_staff:
        # Every part's: an empty Q() means "no condition", but ORed with another Q it vanishes
        # (Q(x) | Q() is Q(x)), which once hid all follow-up from staff.
        return Q()
    return acuerdo_events_in_scope(user, acuerdo.group_id, enlace_institution(user))


def acuerdo_events_in_scope(user, group_id, institution) -> Q:
    """acuerdo_events_scope for a user who is not staff (arguments as acuerdo_followup_in_scope)."""
    return Q(responsibility__isnull=True) | acuerdo_followup_in_scope(user, group_id, institution)


def _access_part_record(visible, model, user, record_id, *, manage: bool):
    """A report or a due date request: read with its acuerdo; managed by the group's secretariat."""
    scope = model.objects.filter(
        responsibility__acuerdo__group__in=groups_editable_by(user)
    ) if manage else visible(user)
    return _get_or_404(
        scope.select_related("responsibility__acuerdo__group", "responsibility__institution"),
        record_id,
    )


def access_progress_report(user, report_id, *, manage: bool = False):
    return _access_part_record(progress_reports_visible_to, ProgressReport, user, report_id,
                               manage=manage)


def access_due_date_request(user, request_id, *, manage: bool = False):
    return _access_part_record(due_date_requests_visible_to, DueDateRequest, user, request_id,
                               manage=manage)


def access_evidence(user, evidence_id):
    """Evidence is read by whoever may read its report: never another institution's enlace."""
    if not user.is_authenticated:
        raise Http404
    return _get_or_404(
        Evidence.objects.filter(_part_records_scope(user, "report__responsibility__")),
        evidence_id,
    )


def can_sign_off(user) -> bool:
    """The visto bueno (and "elaboró") names a person of the directory: only a user linked to one
    can approve. Anyone who may approve can still return a minuta with comments."""
    return user.is_authenticated and getattr(user, "person", None) is not None


def access_session_for_approval(user, session_id) -> Session:
    """A session whose minuta the user may approve or return (Visto Bueno); 404 otherwise."""
    session = access_session(user, session_id)
    if not can_approve_minuta(user, session.group):
        raise Http404
    return session


def groups_approvable_by(user) -> QuerySet[WorkingGroup]:
    """Groups whose minutas the user may approve: their secretariat and coordinators, as for
    following a group's figures."""
    return groups_followed_by(user)


def institutions_visible_to(user) -> QuerySet[Institution]:
    """Staff: every institution; others the member institutions of the groups they see."""
    if not user.is_authenticated:
        return Institution.objects.none()
    if user.is_staff:
        return Institution.objects.all()
    return Institution.objects.filter(
        pk__in=Membership.objects.filter(group__in=groups_visible_to(user))
        .values("institution_id"))


def people_visible_to(user) -> QuerySet[Person]:
    """Staff see the whole directory; others the people of the member institutions of their
    groups and the participants of those groups' sessions."""
    if not user.is_authenticated:
        return Person.objects.none()
    if user.is_staff:
        return Person.objects.all()
    # The groups as literal ids (one small query), as in acuerdos_visible_to: as a subquery
    # PostgreSQL guessed "most groups" and merge-joined every attendance of the table with its
    # session (17,000 rows at scale 1, ~20 ms) instead of reading the few groups' sessions.
    group_ids = list(groups_visible_to(user).values_list("pk", flat=True))
    return Person.objects.filter(
        Q(institution_id__in=Membership.objects.filter(group_id__in=group_ids)
          .values("institution_id"))
        # The sessions first (an index range per group), then their attendances by session:
        # joined, PostgreSQL merge-joined every attendance of the table with its session.
        | Q(pk__in=Attendance.objects.filter(in_subquery(
            "session_id", Session.objects.filter(group_id__in=group_ids).values("pk")))
            .values("person_id"))
    )


def acuerdo_notifications_scope(user, acuerdo, parts) -> Q:
    """Which e-mails about an acuerdo a reader of its page sees in its timeline (the caller has
    already asked access_acuerdo): staff and the group's secretariat and coordinators see every
    one; an enlace those sent to them and those about their own institution's part. `parts` are the
    acuerdo's responsibilities, already loaded. The group check is a subquery of the caller's one
    query (no query here)."""
    if user.is_staff:
        return Q()
    follows = WorkingGroup.objects.filter(pk=acuerdo.group_id).filter(
        Q(secretariat=user) | Q(coordinators=user))
    scope = Q(Exists(follows)) | Q(user=user)
    institution = enlace_institution(user)
    if institution is not None:
        scope |= Q(object_key__in=[f"responsibility:{p.pk}" for p in parts
                                   if p.institution_id == institution.pk])
    return scope


def notification_groups_visible_to(user) -> QuerySet[WorkingGroup]:
    """Whose notification log a user may read: staff all, the secretariat its groups."""
    return groups_editable_by(user)


def can_read_notification_log(user) -> bool:
    """Staff, or anyone in some group's secretariat. Staff also see group-less rows (digests)."""
    return user.is_authenticated and (user.is_staff or groups_editable_by(user).exists())


def access_minuta_import(user, import_id):
    """An uploaded Word minuta under review: only the secretariat of its group (and staff)."""
    return _get_or_404(
        MinutaImport.objects.filter(group__in=groups_editable_by(user)).select_related("group"),
        import_id,
    )


def access_backlog_import(user, import_id):
    """An uploaded spreadsheet of acuerdos under review: the group's secretariat (and staff)."""
    return _get_or_404(
        BacklogImport.objects.filter(group__in=groups_editable_by(user)).select_related("group"),
        import_id,
    )


def can_read_audit_log(user) -> bool:
    """The audit log (audit app): staff only; it names everyone's sign-ins and downloads."""
    return user.is_authenticated and user.is_staff


# --- convocatorias: attendance confirmations
def access_confirmation(user, session_id):
    """(session, institution) for an enlace confirming attendance: only a planned session of a
    group their institution is a member of, and only for their own institution."""
    institution = enlace_institution(user)
    if institution is None:
        raise Http404
    member_of = WorkingGroup.objects.filter(memberships__institution=institution).values("pk")
    try:
        session = Session.objects.select_related("group").get(
            pk=session_id, group__in=member_of, status=Session.Status.PLANNED
        )
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not session.group.member_institutions(on=session.date).filter(pk=institution.pk).exists():
        raise Http404
    return session, institution


def sessions_to_confirm(user) -> QuerySet[Session]:
    """Planned, convened sessions an enlace's institution is invited to (their home page)."""
    institution = enlace_institution(user)
    if institution is None:
        return Session.objects.none()
    member_of = WorkingGroup.objects.filter(memberships__institution=institution).values("pk")
    return Session.objects.filter(
        group__in=member_of, status=Session.Status.PLANNED, convocatoria__isnull=False,
        date__gte=timezone.localdate(),
    ).select_related("group").order_by("date", "start_time")


# --- Publication (transparency, publication app, docs/transparency.md) -------------------------
#
# The public site has no login: what it shows is decided by publication.selectors.public_sessions
# (publishing group, held session, approved minuta, not withheld). Its marks are set by the
# group's secretariat (and staff), whatever the minuta's state.


def access_session_publication(user, session_id) -> Session:
    return _get_or_404(
        Session.objects.filter(group__in=groups_editable_by(user)).select_related("group"),
        session_id,
    )


def access_public_session(session_id, day) -> Session:
    return _get_or_404(public_sessions(day).select_related("group"), session_id)


def access_public_group(acronym) -> WorkingGroup:
    try:
        return public_groups().get(acronym=acronym)
    except WorkingGroup.DoesNotExist:
        raise Http404 from None


def access_public_photo(photo_id, day):
    """A photo of a public session that is not withheld."""
    withheld = ReservedPhoto.objects.filter(withheld_q(day)).values("photo_id")
    scope = SessionPhoto.objects.filter(
        session__in=public_sessions(day).values("pk")).exclude(pk__in=withheld)
    return _get_or_404(scope, photo_id)


def access_style_guide(user) -> None:
    """The design system page /estilo/: staff, or anybody while DEBUG is on (a developer's
    machine). Everyone else gets the 404 of a page that does not exist."""
    if not (settings.DEBUG or (user.is_authenticated and user.is_staff)):
        raise Http404
# --- Work plans (workplan app): plans, ejes, actividades, proposals ------------------------------
#
# - the same rules as groups and sessions: staff all; a group's secretariat reads and edits its
#   plans (every status); its coordinators read them (every status);
# - the enlace of a member institution reads the group's plans once they leave the draft (in
#   consultation, approved) and, while a plan is in consultation, proposes ONLY their own
#   institution as responsable or coadyuvante of its actividades (and withdraws their own pending
#   proposals); they read their institution's proposals, never another's;
# - the group's secretariat (staff) decides proposals, links acuerdos, approves the plan.


def plans_visible_to(user):
    if not user.is_authenticated:
        return Plan.objects.none()
    if user.is_staff:
        return Plan.objects.all()
    scope = Q(group__in=_reviewed_groups(user))
    institution = enlace_institution(user)
    if institution is not None:
        member_of = WorkingGroup.objects.filter(memberships__institution=institution).values("pk")
        scope |= Q(group__in=member_of) & ~Q(status=Plan.Status.DRAFT)
    return Plan.objects.filter(scope)


def group_plans_visible(user, group, *, followed_ids, member_institution_ids) -> list:
    """plans_visible_to(user).filter(group=group).order_by("-year"), decided as
    group_sessions_readable decides (the group page has read `followed_ids` and the ids of the
    institutions that are or were members of the group): one plain read of the group's plans,
    compiled once (tracker.compiled), instead of a query of two subqueries built per request.
    tests/test_group_page_reads.py compares both for each persona."""
    if not user.is_authenticated:
        return []
    if user.is_staff or group.pk in followed_ids:
        return _group_plans(group.pk, published=False)
    institution = enlace_institution(user)
    if institution is not None and institution.pk in member_institution_ids:
        return _group_plans(group.pk, published=True)
    return []


_GROUP_PLANS: dict = {}


def _group_plans(group_id, *, published: bool) -> list:
    plan = _GROUP_PLANS.get(published)
    if plan is None:
        def build(group_id):
            plans = Plan.objects.filter(group_id=group_id)
            if published:  # what a member's enlace reads: every plan but drafts
                plans = plans.exclude(status=Plan.Status.DRAFT)
            return plans.order_by("-year")
        plan = _GROUP_PLANS[published] = Compiled(build, model=Plan, instances=True)
    return plan(group_id)


def plans_editable_by(user):
    return Plan.objects.filter(group__in=groups_editable_by(user))


def access_plan(user, plan_id, *, write: bool = False):
    """A plan for its page (read: plans_visible_to) or for editing and deciding (write: the
    group's secretariat and staff)."""
    scope = plans_editable_by(user) if write else plans_visible_to(user)
    return _get_or_404(scope.select_related("group"), plan_id)


def access_plan_by_year(user, group_id, year):
    """The plan page's URL: /grupos/<group>/plan/<year>/."""
    scope = plans_visible_to(user).select_related(
        "group", "approved_by_acuerdo__session", "calendar_acuerdo")
    try:
        return scope.get(group_id=group_id, year=year)
    except (scope.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_edit_plan(user, plan) -> bool:
    return can_edit_group(user, plan.group)


def access_actividad(user, actividad_id, *, write: bool = False):
    plans = plans_editable_by(user) if write else plans_visible_to(user)
    return _get_or_404(
        Actividad.objects.filter(plan__in=plans.values("pk")).select_related("plan__group", "eje"),
        actividad_id,
    )


def plans_open_to_proposals(user):
    """Plans in consultation where the user, as an enlace, may propose their institution: those of
    the groups their institution is a member of. Empty for anyone who is not an enlace."""
    institution = enlace_institution(user)
    if institution is None:
        return Plan.objects.none()
    return _plans_open_to(institution.pk)


def _plans_open_to(institution_id):
    member_of = WorkingGroup.objects.filter(memberships__institution_id=institution_id).values("pk")
    return Plan.objects.filter(group__in=member_of, status=Plan.Status.IN_CONSULTATION)


# The enlace's notice of the plans to propose on, atop Mis acuerdos: compiled once
# (tracker.compiled); building its query of a subquery cost more than running it (issue 17).
_PLANS_TO_PROPOSE = Compiled(
    lambda institution_id: _plans_open_to(institution_id).select_related("group")
    .order_by("-year", "group__acronym"), model=Plan, instances=True)


def plans_to_propose_on(user) -> list:
    """plans_open_to_proposals(user) with their groups, newest year first, then by group."""
    institution = enlace_institution(user)
    return [] if institution is None else _PLANS_TO_PROPOSE(institution.pk)


def can_propose_on(user, plan) -> bool:
    """Propose (only their own institution) on a plan's actividades: its member enlaces while the
    plan is in consultation."""
    return plans_open_to_proposals(user).filter(pk=plan.pk).exists()


def access_plan_for_proposals(user, plan_id):
    """The enlace's proposal form: 404 unless the plan is in consultation and the user's
    institution is a member of its group."""
    return _get_or_404(plans_open_to_proposals(user).select_related("group"), plan_id)


def proposals_visible_to(user):
    """Proposals a user may read: staff all; the groups' secretariat and coordinators all of their
    plans'; an enlace only their own institution's."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    if user.is_staff:
        return Proposal.objects.all()
    scope = Q(actividad__plan__group__in=_reviewed_groups(user))
    institution = enlace_institution(user)
    if institution is not None:
        scope |= Q(institution=institution)
    return Proposal.objects.filter(scope)


def access_proposal(user, proposal_id, *, manage: bool = False, own: bool = False):
    """manage: decide it (the plan group's secretariat, staff). own: withdraw it (the enlace of the
    proposing institution). Otherwise read (proposals_visible_to)."""
    if manage:
        scope = Proposal.objects.filter(actividad__plan__in=plans_editable_by(user).values("pk"))
    elif own:
        institution = enlace_institution(user)
        scope = Proposal.objects.filter(institution=institution) if institution else \
            Proposal.objects.none()
    else:
        scope = proposals_visible_to(user)
    return _get_or_404(
        scope.select_related("actividad__plan__group", "actividad__eje", "institution"),
        proposal_id,
    )


# --- Work plans through the API (plandocs): the lists the REST API pages through -----------------
#
# The same scope as the plan pages above (plans_visible_to), reached from ejes and actividades; an
# enlace's proposals are their institution's (proposals_visible_to).


def ejes_visible_to(user):
    return Eje.objects.filter(plan__in=plans_visible_to(user).values("pk"))


def actividades_visible_to(user):
    return Actividad.objects.filter(plan__in=plans_visible_to(user).values("pk"))


def access_eje(user, eje_id, *, write: bool = False):
    """An eje for reading (plans_visible_to) or for adding to it (write: plans_editable_by)."""
    plans = plans_editable_by(user) if write else plans_visible_to(user)
    return _get_or_404(Eje.objects.filter(plan__in=plans.values("pk"))
                       .select_related("plan__group"), eje_id)
