from django.conf import settings
from django.utils.functional import SimpleLazyObject

from tracker.access import groups_followed_by


def navigation(request):
    """Whether the top bar shows the coordination links. Lazy: computed (one query) only on pages
    that render the bar for a signed-in user who is not staff."""
    user = request.user

    def follows_groups():
        return user.is_authenticated and (user.is_staff or groups_followed_by(user).exists())

    return {"nav_follows_groups": SimpleLazyObject(follows_groups),
            "institution_name": settings.INSTITUTION_NAME}
