"""/estilo/: every component of the design system (static/css/app.css) on one page, with sample
content, so a change to the stylesheet can be looked at in one place."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session
from tracker import access



@require_GET
def style_guide(request):
    access.access_style_guide(request.user)
    acuerdo_statuses = list(Acuerdo.Status.choices)
    # An institution's part adds "reported" (awaiting validation) between the acuerdo's states.
    reported = Responsibility.Status.REPORTED
    acuerdo_statuses.insert(2, (reported.value, reported.label))
    return render(request, "design/estilo.html", {
        "acuerdo_statuses": acuerdo_statuses,
        "minuta_statuses": Session.MinutaStatus.choices,
        "sample_rows": range(1, 13),
    })
