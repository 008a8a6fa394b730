from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tracker.access import access_group, can_read_notification_log, notification_groups_visible_to

from .models import Notification, NotificationPreference
from .selectors import failures_count, notification_log
from .services.preferences import preference_set_weekly_digest


@login_required
def log(request):
    """What was sent to whom, when and why; failures first. Secretariat (own groups) and staff."""
    if not can_read_notification_log(request.user):
        raise Http404
    group = None
    if request.GET.get("group"):
        group = access_group(request.user, request.GET["group"], write=True)
    rows = notification_log(request.user, group=group, status=request.GET.get("status", ""))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "notifications/log.html", {
        "page": page,
        "group": group,
        "groups": notification_groups_visible_to(request.user),
        "failed": failures_count(rows),
        "statuses": Notification.Status.choices,
        "status": request.GET.get("status", ""),
    })


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Opt out of (or back into) the weekly digest. Reminders cannot be turned off."""
    pref, _created = NotificationPreference.objects.get_or_create(user=request.user)
    if request.method == "POST":
        preference_set_weekly_digest(user=request.user, request=request,
                                     weekly_digest=request.POST.get("weekly_digest") == "on")
        messages.success(request, _("Your preference was saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"pref": pref})
