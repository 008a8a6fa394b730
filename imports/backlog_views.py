"""The backlog of acuerdos from a spreadsheet: the template, the upload, the column mapping with
every row checked, and the import."""

import hashlib
import io

import openpyxl
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tracker import access

from .backlog import FIELDS, backlog_import, check, read_sheet, template_headings
from .forms import BacklogUploadForm
from .models import BacklogImport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def template(request, group_id):
    group = access.access_group(request.user, group_id, write=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Acuerdos")
    sheet.append(template_headings())
    sheet.append([1, "SO", timezone.localdate(), "10:00", f"1/SO-1", _("Text of the acuerdo."),
                  "FGR, SSPC", "", timezone.localdate(), _("pending"), None])
    for column in ("C", "I", "K"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="acuerdos-{group.acronym}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, group_id):
    group = access.access_group(request.user, group_id, write=True)
    form = BacklogUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.IMPORTS_MAX_BYTES + 1)
        try:
            if len(data) > settings.IMPORTS_MAX_BYTES:
                raise ValidationError(_("The file is too large."))
            read_sheet(data, upload.name)
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
        else:
            draft = BacklogImport(group=group, uploaded_by=request.user,
                                  filename=upload.name[:255],
                                  sha256=hashlib.sha256(data).hexdigest())
            draft.file.save(upload.name, ContentFile(data), save=False)
            draft.save()
            return redirect("imports:backlog_review", draft.pk)
    return render(request, "imports/backlog_upload.html", {"group": group, "form": form},
                  status=422 if form.errors else 200)


def _mapping(post, headers) -> dict[str, int] | None:
    if "map:text" not in post:
        return None
    mapping = {}
    for name, _label, _aliases in FIELDS:
        value = post.get(f"map:{name}", "")
        if value.isdigit() and int(value) < len(headers):
            mapping[name] = int(value)
    return mapping


@login_required
@require_http_methods(["GET", "POST"])
def review(request, import_id):
    draft = access.access_backlog_import(request.user, import_id)
    with draft.file.open("rb") as fh:
        sheet = read_sheet(fh.read(), draft.filename)
    mapping = _mapping(request.POST, sheet.headers) if request.method == "POST" else None
    mapping = sheet.mapping if mapping is None else mapping
    failed = []
    if request.method == "POST" and request.POST.get("action") == "import" and \
            draft.status == BacklogImport.Status.PENDING:
        try:
            checked = backlog_import(group=draft.group, sheet=sheet, mapping=mapping,
                                     actor=request.user, source=draft.filename)
        except ValidationError as exc:
            failed = exc.messages
        else:
            BacklogImport.objects.filter(pk=draft.pk).update(
                status=BacklogImport.Status.IMPORTED, imported_at=timezone.now(),
                acuerdos=len(checked.rows))
            messages.success(request, _("%(n)d acuerdos were imported from %(file)s.") % {
                "n": len(checked.rows), "file": draft.filename})
            return redirect("workspace:group", draft.group_id)
    checked = check(sheet, group=draft.group, mapping=mapping)
    return render(request, "imports/backlog_review.html", {
        "draft": draft, "group": draft.group, "sheet": sheet, "checked": checked,
        "fields": [(name, label, mapping.get(name)) for name, label, _a in FIELDS],
        "headers": list(enumerate(sheet.headers)), "failed": failed,
        "preview": checked.rows[:15], "errors": checked.errors[:200],
    }, status=422 if failed else 200)
