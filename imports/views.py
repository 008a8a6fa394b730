"""Upload a Word minuta, review what was understood section by section, then import it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from directory.models import Institution
from tracker import access

from . import services
from .docx_reader import UnreadableFile
from .forms import MinutaUploadForm
from .models import MinutaImport
from .plan import NEW


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, group_id):
    group = access.access_group(request.user, group_id, write=True)
    form = MinutaUploadForm(request.POST or None, request.FILES or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Read at most one byte over the limit: the service refuses anything larger.
        from django.conf import settings

        data = upload.read(settings.IMPORTS_MAX_BYTES + 1)
        try:
            draft = services.minuta_import_upload(group=group, data=data, filename=upload.name,
                                                  actor=request.user)
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
            if exc.code == "duplicate":
                duplicate = exc.params["session_id"]
        else:
            return redirect("imports:preview", draft.pk)
    recent = MinutaImport.objects.filter(group=group).select_related("session")[:20]
    return render(request, "imports/upload.html", {
        "group": group, "form": form, "duplicate": duplicate, "recent": recent,
    }, status=422 if form.errors else 200)


def _decisions(post) -> dict:
    return {k: v for k, v in post.items() if k.startswith(("inst:", "person:", "due:"))}


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, import_id):
    draft = access.access_minuta_import(request.user, import_id)
    if draft.status == MinutaImport.Status.IMPORTED:
        return redirect("workspace:session", draft.session_id)
    decisions = _decisions(request.POST) if request.method == "POST" else {}
    as_approved = request.POST.get("as_approved", "on") == "on" if request.method == "POST" \
        else True
    add_members = request.POST.get("add_members", "on") == "on" if request.method == "POST" \
        else True
    failed = []
    if request.method == "POST" and draft.status == MinutaImport.Status.PENDING:
        if request.POST.get("action") == "discard":
            services.minuta_import_discard(draft=draft)
            messages.success(request, _("The upload was discarded; nothing was imported."))
            return redirect("imports:upload", draft.group_id)
        try:
            session = services.minuta_import_commit(
                draft=draft, decisions=decisions, actor=request.user, as_approved=as_approved,
                add_members=add_members)
        except ValidationError as exc:
            failed = exc.messages
        else:
            messages.success(request, _("Session %(session)s was imported.") % {
                "session": session.code})
            return redirect("workspace:session", session.pk)
    try:
        plan = services.minuta_import_plan(draft=draft, decisions=decisions)
    except UnreadableFile as exc:  # the stored file changed under us, or the rules did
        messages.error(request, str(exc))
        return redirect("imports:upload", draft.group_id)
    return render(request, "imports/preview.html", {
        "draft": draft, "group": draft.group, "plan": plan, "parsed": plan.parsed,
        "decisions": decisions, "failed": failed, "NEW": NEW, "as_approved": as_approved,
        "add_members": add_members,
        "acuerdos": [(row, number, decisions.get(f"due:{n}", "")) for n, (row, number) in
                     enumerate(zip(plan.parsed.acuerdos,
                                   plan.numbers or [""] * len(plan.parsed.acuerdos)))],
        "agenda": list(zip(plan.parsed.agenda, plan.presenters)),
        "upload_url": reverse("imports:upload", args=[draft.group_id]),
        "directory": Institution.objects.order_by("acronym"),
    }, status=422 if failed else 200)
