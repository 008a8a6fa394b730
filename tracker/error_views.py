"""The CSRF failure page in the site's layout (Django's own renders the template without the
request, so no user, language form or navigation)."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    # The reason ("CSRF token missing", …) is for the log, never for the page.
    return render(request, "403_csrf.html", status=403)
