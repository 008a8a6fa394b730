"""Sign-ins, failed sign-ins and sign-outs, from Django's auth signals (web, admin and API token
requests all authenticate through django.contrib.auth)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .services import Action, audit_record


def _logged_in(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN, actor=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=Action.LOGOUT, actor=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    # credentials is already cleansed of the password by django.contrib.auth.
    audit_record(action=Action.LOGIN_FAILED, actor_name=str(credentials.get("username", ""))[:150],
                 request=request)


def connect():
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
