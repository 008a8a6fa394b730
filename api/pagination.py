from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Cursor pagination: a stable order (rows inserted meanwhile never shift a page) and no
    COUNT(*) over a national data set. The order always ends with the primary key."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("id",)


class StableOrderingFilter(OrderingFilter):
    """?ordering=… with the primary key appended as tiebreak, so equal keys keep one order."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or ["id"])
        if not any(field.lstrip("-") == "id" for field in ordering):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return tuple(ordering)
