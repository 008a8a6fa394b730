from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from tracker.access import can_read_audit_log

from .filters import AuditFilter
from .models import AuditEntry


@login_required
def audit_log(request):
    """Who did what: sign-ins, tokens, downloads, exports, preferences, admin changes, integrity
    checks. Staff only; newest first, 100 a page."""
    if not can_read_audit_log(request.user):
        raise Http404
    filterset = AuditFilter(request.GET, queryset=AuditEntry.objects.select_related("actor"))
    page = Paginator(filterset.qs, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
    })
