from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Cursor pagination: a stable order (rows inserted meanwhile never shift a page) and no
    COUNT(*) over a national data set. The order always ends with the primary key."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("id",)

    def paginate_queryset(self, queryset, request, view=None):
        # A cursor whose position is not a value of its sort key (?cursor= is the client's text:
        # "p=abc" on id) was a 500 from the ORM's filter; it is as invalid as a garbled cursor.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, ValidationError):
            raise NotFound(self.invalid_cursor_message) from None


class StableOrderingFilter(OrderingFilter):
    """?ordering=… with the primary key appended as tiebreak, so equal keys keep one order."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or ["id"])
        if not any(field.lstrip("-") == "id" for field in ordering):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return tuple(ordering)
