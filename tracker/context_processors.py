from django.conf import settings
from django.utils.functional import SimpleLazyObject

from tracker.access import request_follows_groups


def navigation(request):
    """Whether the top bar shows the coordination links. Lazy: computed (one query) only on pages
    that render the bar for a signed-in user who is not staff."""
    return {"nav_follows_groups": SimpleLazyObject(lambda: request_follows_groups(request)),
            "institution_name": settings.INSTITUTION_NAME}
