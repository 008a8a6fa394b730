"""Writes and checks for API tokens; every issue and revocation writes its audit row."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from audit.services import Action, audit_record
from tracker.compiled import fixed_sql_read

from .models import ApiToken

# Recording every request's use would write a row per request; every 5 minutes is enough to see
# whether a token is in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(user) -> str:
    return hashlib.sha256((user.password or "").encode()).hexdigest()


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.API_TOKEN_DAYS)


def _new_key() -> str:
    """A random key that does not start with "-": on a command line `--token -x…` reads as an
    option (argparse refused it so in scripts/api_report_overdue.py, one key in 64)."""
    while True:
        key = secrets.token_urlsafe(32)
        if not key.startswith("-"):
            return key


@transaction.atomic
def token_issue(*, user, name: str = "", request=None) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with its key, which is never stored nor shown again."""
    key = _new_key()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=(name.strip() or _("API token %(date)s") % {"date": now.strftime("%Y-%m-%d %H:%M")})
        [:100],
        prefix=key[:8],
        key_hash=key_hash(key),
        password_fingerprint=password_fingerprint(user),
        created_at=now,
        expires_at=now + token_lifetime(),
    )
    audit_record(action=Action.TOKEN_ISSUED, actor=user, obj=token, request=request,
                 detail=f"expires {token.expires_at:%Y-%m-%d}")
    return token, key


def tokens_active(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True,
                                   expires_at__gt=timezone.now())


@transaction.atomic
def token_revoke(*, token: ApiToken, actor, request=None, reason: str = "") -> bool:
    """Revoke one token; False when it was already revoked (the conditional update lost)."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if revoked:
        audit_record(action=Action.TOKEN_REVOKED, actor=actor, obj=token, request=request,
                     detail=reason)
    return bool(revoked)


@transaction.atomic
def tokens_revoke_all(*, user, actor=None, reason: str, request=None) -> int:
    """Revoke every live token of a user (password changed, account deactivated)."""
    count = 0
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        count += token_revoke(token=token, actor=actor, request=request, reason=reason)
    return count


def _token_lookup_sql(connection):
    """The token-by-hash SELECT (token, user, the user's person and its institution, joined),
    compiled by the ORM once per database and kept: compiling it cost more CPU per request than
    running it (issue 17). The person and institution come along because every enlace request asks
    tracker.access.enlace_institution next (two queries of their own before). Returns the SQL, the
    converters the ORM would apply to its columns (SQLite's datetimes) and, per model (token, user,
    person, institution), its model and the positions of its columns in the row."""
    cached = _TOKEN_SQL.get(connection.alias)
    if cached is None or cached[0] != connection.vendor:
        queryset = (ApiToken.objects.select_related("user__person__institution")
                    .filter(key_hash="").order_by())
        compiler = queryset.query.get_compiler(connection=connection)
        sql, _params = compiler.as_sql()
        converters = compiler.get_converters([col for col, _, _ in compiler.select])
        token_info = compiler.klass_info
        user_info = token_info["related_klass_infos"][0]
        person_info = user_info["related_klass_infos"][0]
        institution_info = person_info["related_klass_infos"][0]
        parts = tuple((info["model"], info["select_fields"])
                      for info in (token_info, user_info, person_info, institution_info))
        cached = (connection.vendor, sql, converters, parts)
        _TOKEN_SQL[connection.alias] = cached
    return cached[1:]


_TOKEN_SQL: dict = {}


def token_find(key_digest: str):
    """The token with this hash and its user (both model instances, as
    `select_related("user__person__institution").filter(key_hash=…).first()` gives them: the
    user's person, None when there is none, and its institution already loaded), or None."""
    db = router.db_for_read(ApiToken)
    connection = connections[db]
    sql, converters, parts = _token_lookup_sql(connection)
    row = fixed_sql_read(connection, sql, [key_digest], one=True)
    if row is None:
        return None
    if converters:
        row = list(row)
        for pos, (funcs, expression) in converters.items():
            for func in funcs:
                row[pos] = func(row[pos], expression, connection)
    (token_model, token_cols), (user_model, user_cols), (person_model, person_cols), \
        (institution_model, institution_cols) = parts
    token = token_model.from_db(db, None, [row[i] for i in token_cols])
    user = user_model.from_db(db, None, [row[i] for i in user_cols])
    token.user = user
    person = None
    if row[person_cols[0]] is not None:  # LEFT JOIN: the person's primary key is NULL without one
        person = person_model.from_db(db, None, [row[i] for i in person_cols])
        _PERSON_INSTITUTION.set_cached_value(
            person, institution_model.from_db(db, None, [row[i] for i in institution_cols]))
        _PERSON_USER.set_cached_value(person, user)
    _USER_PERSON.set_cached_value(user, person)  # None: user.person raises, as the ORM's would
    return token


_PERSON_USER = ApiToken._meta.get_field("user").related_model._meta.get_field("person").field
_USER_PERSON = _PERSON_USER.remote_field
_PERSON_INSTITUTION = _PERSON_USER.model._meta.get_field("institution")


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, looked up by its hash; expired, revoked, deactivated-user and
    changed-password tokens are refused with the same message."""

    def authenticate_credentials(self, key):
        token = token_find(key_hash(key))
        now = timezone.now()
        if (token is None or token.revoked_at is not None or token.expires_at <= now
                or not token.user.is_active
                or token.password_fingerprint != password_fingerprint(token.user)):
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
