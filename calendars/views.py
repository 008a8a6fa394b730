"""The private calendar feed (no login: the secret in the URL is the credential) and the page where
a user makes, copies and revokes their feed addresses."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from notifications.policy import languages_for
from notifications.rendering import absolute
from tracker import access

from . import ics, selectors, services

NEW_URL_KEY = "calendars_new_url"


@require_GET
def feed(request, token):
    found = selectors.calendar_feed_by_token(token)
    if found is None:
        raise Http404
    language = languages_for([found.user_id]).get(found.user_id)
    body = ics.calendar_feed_ics(found, today=selectors.today(), language=language)
    services.calendar_feed_touch(feed=found)
    # DTSTAMP is the fetch time; the ETag is taken over the rest so an unchanged calendar answers
    # 304 to an app that polls.
    stable = b"\n".join(line for line in body.splitlines() if not line.startswith(b"DTSTAMP"))
    etag = '"%s"' % hashlib.sha256(stable).hexdigest()[:32]
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="acuerdos.ics"'
    # The address is a secret: no referrer leaves with it, no search engine keeps it.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def feeds(request):
    if request.method == "POST":
        group_id = request.POST.get("group") or None
        group = access.access_group(request.user, group_id, write=True) if group_id else None
        try:
            if request.POST.get("action") == "revoke":
                for found in selectors.calendar_feed_list_active(user=request.user).filter(
                        group=group):
                    services.calendar_feed_revoke(feed=found)
                messages.success(request, _("The calendar address was revoked; calendar apps "
                                            "that use it will stop receiving updates."))
            else:
                _feed, token = services.calendar_feed_create(user=request.user, group=group)
                request.session[NEW_URL_KEY] = absolute(
                    reverse("calendars:feed", args=[token]))
                messages.success(request, _("A new calendar address was made. The previous one, "
                                            "if any, no longer works."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("calendars:feeds")
    active = {f.group_id: f for f in selectors.calendar_feed_list_active(user=request.user)}
    groups = list(access.groups_editable_by(request.user).order_by("acronym"))
    return render(request, "calendars/feeds.html", {
        "personal": active.get(None),
        "groups": [(g, active.get(g.pk)) for g in groups],
        "new_url": request.session.pop(NEW_URL_KEY, None),
    })
