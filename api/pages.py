"""The "My API tokens" page: the same list and revocation as GET/DELETE /api/v1/auth/tokens/,
and a named token issued for the signed-in user (its key shown once, on this answer only)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .tokens import token_issue, token_revoke, tokens_active


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request):
    issued = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, _("Give the token a name (what it is for)."))
        else:
            issued = token_issue(user=request.user, name=name, request=request)
    return render(request, "api/tokens.html", {
        "tokens": tokens_active(request.user), "issued": issued,
        "token_days": settings.API_TOKEN_DAYS,
    })


@login_required
@require_POST
def token_revoke_page(request, pk):
    token = tokens_active(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    token_revoke(token=token, actor=request.user, request=request, reason="revoked by its user")
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens_page")
