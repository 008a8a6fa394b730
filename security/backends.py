"""Authentication backends."""

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes from a request (the login pages,
    the admin, POST /api/v1/auth/token/). A call without a request (a management command, the
    shell, a test's authenticate()) is not an attempt from the network: it is left to the next
    backend instead of failing with AxesBackendRequestParameterRequired."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
