"""The public site (no login) and the secretariat's publication page. What is public is decided by
publication.selectors and tracker.access only. Public pages carry an ETag computed from their
bytes (ConditionalGetMiddleware: a matching If-None-Match gets 304) and may be kept by shared
caches for a few minutes: they are the same for everyone."""

import datetime
import functools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.contrib import messages

from agreements.models import Acuerdo
from documents.content import minuta_content
from documents.selectors import minuta_session
from meetings.models import AgendaItem, SessionPhoto
from tracker.access import (
    access_public_group, access_public_photo, access_public_session, access_session_publication,
)
from tracker.private_files import private_file_response

from . import opendata, selectors, services
from .feeds import MinutasFeed
from .models import (
    AcuerdoPublication, GroupPublication, Reservation, ReservedParagraph, ReservedPhoto,
    SessionPublication,
)

conditional = decorator_from_middleware(ConditionalGetMiddleware)
MAX_AGE = 300


def public(view):
    """GET only, no cookies read, ETag/304, cacheable by anyone for MAX_AGE seconds."""

    @require_GET
    @conditional
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Accept-Language"])
        return response
    return functools.wraps(view)(wrapped) if hasattr(view, "__name__") else wrapped


def _render(request, template, context):
    context["PUBLICATION_LICENSE"] = settings.PUBLICATION_LICENSE
    return render(request, template, context)


@public
def home(request):
    day = timezone.localdate()
    return _render(request, "publication/home.html", {
        "groups": selectors.public_groups().order_by("acronym"),
        "figures": selectors.public_figures(day),
    })


@public
def group_page(request, acronym):
    day = timezone.localdate()
    group = access_public_group(acronym)
    return _render(request, "publication/group.html", {
        "group": group,
        "sessions": selectors.public_session_list(day, group=group),
        "figures": selectors.public_figures(day, group=group),
    })


ACUERDOS_PER_PAGE = 100


@public
def acuerdo_list(request):
    """The published acuerdos, ACUERDOS_PER_PAGE a page (?pagina=), of one group with ?grupo=
    (its acronym); the open data files hold them all."""
    day = timezone.localdate()
    acuerdos = selectors.public_acuerdos(day)
    group = request.GET.get("grupo", "")
    if group:
        acuerdos = acuerdos.filter(group__acronym=group)
    page = Paginator(range(acuerdos.count()), ACUERDOS_PER_PAGE).get_page(
        request.GET.get("pagina"))
    window = slice(page.start_index() - 1, page.end_index()) if page.paginator.count else None
    return _render(request, "publication/acuerdos.html", {
        "rows": opendata.acuerdo_rows(day, acuerdos, window) if window else [],
        "page": page, "grupo": group,
    })


def _public_minuta(session_id):
    day = timezone.localdate()
    session = access_public_session(session_id, day)
    marks = selectors.session_marks(session, day)
    return minuta_session(session.pk), marks


@public
def session_page(request, session_id):
    session, marks = _public_minuta(session_id)
    content = minuta_content(session, marks=marks)
    return _render(request, "publication/session.html", {"session": session, "m": content})


@public
def session_pdf(request, session_id):
    session, marks = _public_minuta(session_id)
    document = selectors.public_document(session, marks) or services.public_minuta_store(
        session_id=session.pk, marks=marks)
    response = FileResponse(document.file.open("rb"), content_type="application/pdf",
                            filename=document.filename)
    response["X-Content-SHA256"] = document.sha256
    # Streamed, so the middleware cannot hash it: the stored file's own digest is its ETag.
    response["ETag"] = f'"{document.sha256}"'
    response["Last-Modified"] = http_date(document.created_at.timestamp())
    return response


@public
def photo(request, photo_id):
    found = access_public_photo(photo_id, timezone.localdate())
    response = private_file_response(found.image)
    response["Cache-Control"] = ""
    return response


def _licensed(response):
    response["X-License"] = settings.PUBLICATION_LICENSE
    return response


@public
def acuerdos_csv(request):
    return _licensed(opendata.csv_response(
        opendata.ACUERDO_FIELDS, opendata.acuerdo_rows(timezone.localdate()), "acuerdos.csv"))


@public
def acuerdos_json(request):
    return _licensed(opendata.json_response(
        "acuerdos", opendata.ACUERDO_FIELDS, opendata.acuerdo_rows(timezone.localdate())))


@public
def sessions_csv(request):
    return _licensed(opendata.csv_response(
        opendata.SESSION_FIELDS, opendata.session_rows(timezone.localdate()), "sesiones.csv"))


@public
def sessions_json(request):
    return _licensed(opendata.json_response(
        "sesiones", opendata.SESSION_FIELDS, opendata.session_rows(timezone.localdate())))


feed = public(MinutasFeed())


# --- The secretariat's page ------------------------------------------------------------------

MARK_MODELS = {"session": SessionPublication, "acuerdo": AcuerdoPublication,
               "paragraph": ReservedParagraph, "photo": ReservedPhoto}


@login_required
@require_http_methods(["GET", "POST"])
def edit_session(request, session_id):
    """Publication marks of one session: the session, each acuerdo, each narrative paragraph
    and each photo; and the group's opt-in."""
    session = access_session_publication(request.user, session_id)
    errors = {}
    if request.method == "POST":
        try:
            _apply(request, session)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            messages.error(request, _("Not saved: %(errors)s") % {
                "errors": " ".join(m for ms in errors.values() for m in ms)})
        else:
            messages.success(request, _("Publication saved."))
            return redirect(reverse("publication_edit:edit_session", args=[session.pk]))
    context = _edit_context(session, request.POST if errors else None)
    context["errors"] = [m for ms in errors.values() for m in ms]
    return render(request, "publication/edit_session.html", context,
                  status=400 if errors else 200)


def _apply(request, session):
    post, user = request.POST, request.user
    if "publishes" in post or "group_form" in post:
        services.group_publication_set(group=session.group, publishes=post.get("publishes") == "on",
                                       actor=user)
    kind, key = post.get("kind"), post.get("key", "")
    if kind not in MARK_MODELS:
        return
    if kind == "session":
        target = {"session": session}
    elif kind == "acuerdo":
        target = {"acuerdo": _get(Acuerdo.objects.filter(session=session), key)}
    elif kind == "photo":
        target = {"photo": _get(SessionPhoto.objects.filter(session=session), key)}
    else:
        item_id, _sep, index = key.partition(":")
        target = {"item": _get(AgendaItem.objects.filter(session=session), item_id),
                  "index": int(index) if index.isdigit() else _bad()}
    until = post.get("reserved_until") or None
    if until:
        try:
            until = datetime.date.fromisoformat(until)
        except ValueError:
            raise ValidationError({"reserved_until": _("Enter a valid date.")}) from None
    services.mark_set(model=MARK_MODELS[kind], target=target, status=post.get("status", ""),
                      legal_basis=post.get("legal_basis", ""), reserved_until=until, actor=user)


def _bad():
    raise ValidationError(_("That part is not in this session."))


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        _bad()


def _edit_context(session, data):
    from documents.content import paragraphs

    session = minuta_session(session.pk)
    group_pub = GroupPublication.objects.filter(group=session.group).first()
    marks = {
        "session": {m.session_id: m for m in SessionPublication.objects.filter(session=session)},
        "acuerdo": {m.acuerdo_id: m for m in AcuerdoPublication.objects.filter(
            acuerdo__session=session)},
        "paragraph": {f"{m.item_id}:{m.index}": m for m in ReservedParagraph.objects.filter(
            item__session=session)},
        "photo": {m.photo_id: m for m in ReservedPhoto.objects.filter(photo__session=session)},
    }

    def row(kind, key, label):
        mark = marks[kind].get(key)
        if data is not None and data.get("kind") == kind and data.get("key") == str(key):
            # A refused save shows what was typed, not what is stored.
            mark = {"status": data.get("status"), "legal_basis": data.get("legal_basis"),
                    "reserved_until": data.get("reserved_until")}
        return {"kind": kind, "key": key, "label": label, "mark": mark}

    rows = [row("session", session.pk, _("The whole session"))]
    rows += [row("acuerdo", a.pk, f"{a.number}: {a.text}") for a in session.acuerdos.all()]
    for item in session.agenda_items.all():
        for i, text in enumerate(paragraphs(item.narrative)):
            rows.append(row("paragraph", f"{item.pk}:{i}", f"{item.activity} ¶{i + 1}: {text}"))
    rows += [row("photo", p.pk, p.caption or str(p)) for p in session.photos.all()]
    return {"session": session, "publishes": bool(group_pub and group_pub.publishes),
            "rows": rows, "statuses": Reservation.Status.choices, "data": data,
            "is_public": session.minuta_status == session.MinutaStatus.APPROVED}
