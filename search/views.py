from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker import access

from .forms import SearchForm
from .selectors import Results, search


@login_required
@require_GET
def search_page(request):
    form = SearchForm(request.GET or None, groups=access.groups_visible_to(request.user))
    results = Results(query="")
    if form.is_valid() and form.cleaned_data["q"].strip():
        # The followed groups, read once for the scopes and the top bar.
        results = search(request.user, q=form.cleaned_data["q"].strip(),
                         today=timezone.localdate(),
                         followed_group_ids=access.request_followed_group_ids(request),
                         **form.filters())
    return render(request, "search/results.html", {"form": form, "results": results},
                  status=400 if form.errors else 200)
