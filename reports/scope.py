"""What an Informe covers: which groups (one, several, or a body with everything under it), which
period and which themes. Built once per request; the selectors only read it."""

import datetime
from dataclasses import dataclass, field

from meetings.models import WorkingGroup


@dataclass(frozen=True)
class GroupRow:
    pk: int
    parent_id: int | None
    acronym: str
    name: str
    created_on: datetime.date | None


@dataclass(frozen=True)
class ReportScope:
    groups: tuple[GroupRow, ...]  # every group counted, the family already rolled up
    start: datetime.date
    end: datetime.date
    today: datetime.date  # acuerdo statuses are as of this day (the report date)
    theme_ids: tuple[int, ...] = ()
    chosen_ids: tuple[int, ...] = field(default=())  # what the user picked, before the rollup
    left_out: tuple[str, ...] = field(default=())  # groups under them the user does not follow

    @property
    def group_ids(self) -> list[int]:
        return [g.pk for g in self.groups]


def family_tree(group_ids) -> dict[int, GroupRow]:
    """Every group (the table is small: a few hundred bodies) in one query, so that a family of
    any depth is resolved without a query per level."""
    return {
        row[0]: GroupRow(*row)
        for row in WorkingGroup.objects.order_by().values_list(
            "pk", "parent_id", "acronym", "name", "created_on")
    }


def with_descendants(tree: dict[int, GroupRow], roots) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for row in tree.values():
        children.setdefault(row.parent_id, []).append(row.pk)
    seen, stack = [], list(roots)
    while stack:
        pk = stack.pop()
        if pk in seen or pk not in tree:
            continue
        seen.append(pk)
        stack.extend(children.get(pk, ()))
    return seen


def build_scope(*, chosen_ids, include_descendants, start, end, today, theme_ids=(),
                allowed_ids=None) -> ReportScope:
    """The groups counted: the chosen ones, and everything under them when asked; never a group
    outside `allowed_ids` (the groups the user follows, tracker.access.groups_followed_by)."""
    tree = family_tree(chosen_ids)
    ids = with_descendants(tree, chosen_ids) if include_descendants else list(chosen_ids)
    left_out = ()
    if allowed_ids is not None:
        allowed = set(allowed_ids)
        left_out = tuple(sorted(tree[pk].acronym for pk in ids if pk not in allowed))
        ids = [pk for pk in ids if pk in allowed]
    groups = tuple(sorted((tree[pk] for pk in ids if pk in tree), key=lambda g: g.acronym))
    return ReportScope(groups=groups, start=start, end=end, today=today,
                       theme_ids=tuple(theme_ids), chosen_ids=tuple(chosen_ids),
                       left_out=left_out)


def informe_period(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The Informe de Gobierno period (1 September to 31 August) that contains `day`."""
    year = day.year if day.month >= 9 else day.year - 1
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)
