"""Finding what was said or agreed, within what the user may open (tracker/access.py).

PostgreSQL: full-text search over SearchEntry.vector with the `acuerdos_es` configuration (Spanish
stems, accents ignored), websearch syntax ("exact phrases", words), ranked. SQLite: the same
interface over SearchEntry.folded (lower case, no accents) with a small Spanish stemmer. Acuerdo
numbers ("5/SO-3") are looked up as numbers on both. Passages are highlighted in Python, over
escaped text, the same way on both databases."""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from agreements.models import Acuerdo, Responsibility
from meetings.models import WorkingGroup
from tracker import access
from tracker.lookups import IdArray, ids_in

from .index import CONFIG, fold
from .models import SearchEntry

K = SearchEntry.Kind
NUMBER = re.compile(r"^\s*(\d+)\s*/\s*(S[OE])(?:\s*-\s*(\d+))?\s*$", re.IGNORECASE)
# Spanish endings, longest first: "revisarán", "revisar", "revisión" → "revis".
SUFFIXES = sorted(["aciones", "iciones", "amientos", "imientos", "amiento", "imiento", "acion",
                   "icion", "iones", "ion", "mente", "aran", "eran", "iran", "aron", "ieron",
                   "ando", "iendo", "aban", "adas", "idas", "ados", "idos", "ara", "era", "ira",
                   "ada", "ida", "ado", "ido", "ar", "er", "ir", "es", "as", "os", "a", "o", "e",
                   "s"], key=len, reverse=True)
PER_KIND = 20
# Ranking reads every candidate's vector: for a word in most entries ("seguimiento": 150,000
# acuerdos at scale 1) a kind's best PER_KIND are ranked among its RANK_CANDIDATES most recent
# matches (the same order that breaks ties of rank), so the work stays bounded. The counts
# stay exact.
RANK_CANDIDATES = 400
# Counting reads every match: a word in most entries costs a scan of the whole index table (80-120
# ms at scale 1). Past COUNT_CAP matches of a kind the page says "more than 1,000" instead, which
# is all a reader does with such a number, and each kind's count stops reading there.
COUNT_CAP = 1000
# A kind whose scope is at most this many ids (an enlace's: 2,739 acuerdos at scale 1) has its
# matches read once for the count and the ranking candidates; a coordinator of a body (15,000
# acuerdos) keeps the capped count and the date index, which stop early.
READ_ONCE_SCOPE = 5000
SNIPPET = 110
RECENT = (F("date").desc(nulls_last=True), "-id")


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass
class Terms:
    phrases: list[str]  # folded, matched whole
    words: list[str]  # folded stems, matched as prefixes of words

    @property
    def empty(self) -> bool:
        return not (self.phrases or self.words)


def parse_query(q: str) -> Terms:
    phrases = [fold(p) for p in re.findall(r'"([^"]+)"', q) if fold(p)]
    rest = re.sub(r'"[^"]*"', " ", q)
    words = [stem(w) for w in re.findall(r"[a-z0-9ñ]+", fold(rest)) if len(w) >= 2]
    return Terms(phrases=phrases, words=words)


@dataclass
class Hit:
    kind: str
    title: str
    snippet: str
    path: str
    date: datetime.date | None
    group: str
    session: str


@dataclass
class Results:
    query: str
    kinds: list[tuple[str, str, int, list[Hit]]] = field(default_factory=list)
    # The kinds whose count stopped at COUNT_CAP: they have more matches than it says.
    capped: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(count for _k, _label, count, _hits in self.kinds)

    @property
    def total_exact(self) -> bool:
        return not self.capped


def _ids(queryset):
    return queryset.order_by().values_list("pk", flat=True).distinct()


def _read_ids(querysets: dict) -> dict:
    """Each queryset's ids, read now. On PostgreSQL in one statement, each list as the text of
    an array (tracker.lookups.IdArray) that goes back as one parameter: an enlace's eight scope
    queries were 26 ms of Python (compiling, one round trip each, 3,000 ids turned into ints and
    back into text) before any word was looked up."""
    if connection.vendor != "postgresql" or not querysets:
        return {key: list(_ids(queryset)) for key, queryset in querysets.items()}
    columns, params = [], []
    for queryset in querysets.values():
        try:
            sql, query_params = _ids(queryset).query.sql_with_params()
        except EmptyResultSet:  # a rule of no ids (`pk IN ()`): nothing to read
            columns.append("'{}'")
            continue
        columns.append(f"'{{' || array_to_string(ARRAY({sql}), ',') || '}}'")
        params += query_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return {key: IdArray(text) for key, text in zip(querysets, row)}


def _scopes(user, kinds, followed_group_ids=None) -> tuple[dict[str, Q], dict[str, int]]:
    """For each of `kinds`, the entries of that kind the user may open, through its rule in
    tracker/access.py (an empty Q for staff: everything), and how many ids the rule gave (none
    for staff).

    The ids are read first (one statement for the rules of the kinds asked, _read_ids) and
    passed as arrays: PostgreSQL then reads an enlace's few thousand entries of a kind through
    the (kind, object_id) and session indexes and checks the words on those only. As
    subqueries, the ORed rules were hashed and checked against every entry of the table that
    has the word (all 150,000 acuerdos for "seguimiento"); one kind at a time, no rule of
    another kind is checked. `followed_group_ids`: the groups the user follows, when the caller
    has read them (access.request_followed_group_ids)."""
    if user.is_staff:
        return dict.fromkeys(kinds, Q()), {}
    rules = {
        K.ACUERDO: access.acuerdos_visible_to,
        K.REPORT: access.progress_reports_visible_to,
        K.PERSON: access.people_visible_to,
        K.INSTITUTION: access.institutions_visible_to,
        # One rule for sessions and their agenda items (read once).
        "sessions": access.sessions_visible_to,
    }
    wanted = [kind for kind in rules if kind in kinds]
    if K.SESSION in kinds or K.AGENDA_ITEM in kinds:
        wanted.append("sessions")
    followed = {"group_ids": followed_group_ids}
    ids = _read_ids({key: rules[key](user, **followed) if key in (K.ACUERDO, K.REPORT)
                     else rules[key](user) for key in wanted})
    scopes = {kind: ids_in("object_id", ids[kind]) for kind in wanted if kind != "sessions"}
    sizes = {kind: _size(ids[kind]) for kind in scopes}
    for kind in (K.SESSION, K.AGENDA_ITEM):
        if kind in kinds:
            scopes[kind] = ids_in("session_id", ids["sessions"])
            sizes[kind] = _size(ids["sessions"])
    return scopes, sizes


def _size(ids) -> int:
    if isinstance(ids, IdArray):
        return 0 if ids == "{}" else ids.count(",") + 1
    return len(ids)


def family_ids(group_id: int) -> list[int]:
    """A body and every group under it, at any depth."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in WorkingGroup.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [group_id]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo += children.get(pk, [])
    return found


def _filters(*, groups=None, family=None, start=None, end=None, kinds=None, status=None,
             institution=None, today=None) -> Q:
    q = Q()
    group_ids = list(groups or [])
    if family:
        group_ids += family_ids(family)
    if group_ids:
        q &= Q(group_id__in=group_ids)
    if start:
        q &= Q(date__gte=start)
    if end:
        q &= Q(date__lte=end)
    # `kinds` is applied by search(): it queries only the kinds asked, each with kind=….
    if status:
        matching = Acuerdo.objects.with_status(today).filter(status_value=status).values("pk")
        q &= Q(kind=K.ACUERDO, object_id__in=matching)
    if institution:
        parts = Responsibility.objects.filter(institution_id=institution).values("acuerdo_id")
        q &= Q(institution_id=institution) | Q(kind=K.ACUERDO, object_id__in=parts)
    return q


def _text_match(entries, q: str, terms: Terms):
    """(matching entries, their rank expression, whether q was an acuerdo number)."""
    number = NUMBER.match(q)
    unranked = F("id") * 0.0
    if number:
        code = f"{number.group(1)}/{number.group(2).upper()}"
        wanted = Q(title__iexact=f"{code}-{number.group(3)}") if number.group(3) else \
            Q(title__istartswith=f"{code}-")
        return entries.filter(wanted), unranked, True  # search() asks acuerdos and reports
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        # F("vector"): the stored vector itself. A field name would be wrapped in
        # to_tsvector(vector::text), re-parsing every candidate's vector (and losing its weights).
        return entries.filter(vector=query), SearchRank(F("vector"), query), False
    for phrase in terms.phrases:
        entries = entries.filter(folded__contains=phrase)
    for word in terms.words:
        entries = entries.filter(folded__contains=word)
    return entries, unranked, False


def search(user, *, q: str, today: datetime.date, followed_group_ids=None,
           **filters) -> Results:
    """Results grouped by kind (at most PER_KIND each, best first), with counts.
    Queries: for others than staff, the access rules' ids in one statement (plus the small
    reads of the user's groups the rules make), one statement counting each kind up to
    COUNT_CAP (and, for small scopes, finding its ranking candidates), one per kind with hits."""
    results = Results(query=q)
    terms = parse_query(q)
    if terms.empty and not NUMBER.match(q or ""):
        return results
    entries = SearchEntry.objects.filter(_filters(today=today, **filters))
    entries, rank, by_number = _text_match(entries, q, terms)
    # An acuerdo number is looked up among acuerdos and reports only: no other kind's scope.
    asked = filters.get("kinds") or K.values
    kinds = [kind for kind in K.values if kind in asked
             and (not by_number or kind in (K.ACUERDO, K.REPORT))]
    if not kinds:  # a number with only other kinds asked: nothing can match
        return results
    scopes, sizes = _scopes(user, kinds, followed_group_ids)
    of_kind = {kind: entries.filter(scope, kind=kind) for kind, scope in scopes.items()}
    # A small scope of ids (an enlace's) bounds a kind's matches: they are read once, for the
    # count and the ranking candidates together (_counts_and_candidates).
    read_once = {kind for kind, size in sizes.items() if size <= READ_ONCE_SCOPE} \
        if connection.vendor == "postgresql" else set()
    counts, candidates = _counts_and_candidates(of_kind, read_once=read_once)
    for kind, label in K.choices:
        if not counts.get(kind):
            continue
        if counts[kind] > COUNT_CAP:
            counts[kind] = COUNT_CAP
            results.capped.add(kind)
        rows = of_kind[kind]
        if counts[kind] > RANK_CANDIDATES:
            # The candidates already passed the scope, filters and words: rank just those.
            rows = SearchEntry.objects.filter(
                ids_in("pk", candidates[kind]) if kind in candidates else
                Q(pk__in=rows.order_by(*RECENT).values("pk")[:RANK_CANDIDATES]))
        rows = (rows.annotate(rank=rank).select_related("group", "session")
                .defer("folded", "vector").order_by("-rank", *RECENT)[:PER_KIND])
        hits = [Hit(kind=kind, title=row.title, path=row.path, date=row.date,
                    snippet=highlight(row.body, terms),
                    group=row.group.acronym if row.group else "",
                    session=row.session.code if row.session else "")
                for row in rows]
        results.kinds.append((kind, label, counts[kind], hits))
    return results


def _counts_and_candidates(of_kind: dict, *, read_once: set):
    """One statement: each kind's matches counted up to COUNT_CAP + 1 and, for the kinds in
    `read_once`, the ids of its RANK_CANDIDATES most recent matches (an IdArray per kind).

    Without candidates a kind's LIMITed subquery stops at the cap, where a COUNT … GROUP BY
    kind would read every match (staff: all 150,000 acuerdos for "seguimiento"); the ranking then
    finds its candidates through the kind's date index. Read once (a scope of at most
    READ_ONCE_SCOPE ids) each kind's matches are read in full, once, as a MATERIALIZED WITH that the
    count and the candidates both read: an enlace's 2,739 acuerdos were read twice, once to
    count and again, in the ranking query, to sort them by date (~10 ms at scale 1)."""
    if not of_kind:
        return {}, {}
    withs, with_params, columns, params = [], [], [], []
    for kind, entries in of_kind.items():
        n = len(columns)
        matches = entries.order_by()
        with_candidates = kind in read_once
        try:
            if with_candidates:
                sql, kind_params = matches.values("id", "date").query.sql_with_params()
            else:
                sql, kind_params = matches.values("id")[:COUNT_CAP + 1].query.sql_with_params()
        except EmptyResultSet:  # a scope of no ids (`IN ()` on SQLite): nothing to count
            sql, kind_params = ("SELECT 1, NULL WHERE 1 = 0" if with_candidates else
                                "SELECT 1 WHERE 1 = 0"), []
        if with_candidates:
            withs.append(f"m{n} (id, date) AS MATERIALIZED ({sql})")
            with_params += kind_params
            columns.append(f"(SELECT COUNT(*) FROM (SELECT 1 FROM m{n} LIMIT {COUNT_CAP + 1}) "
                           f"AS c{n}), '{{' || array_to_string(ARRAY(SELECT id FROM m{n} ORDER BY "
                           f"date DESC NULLS LAST, id DESC LIMIT {RANK_CANDIDATES}), ',') || '}}'")
        else:
            columns.append(f"(SELECT COUNT(*) FROM ({sql}) AS matches_{n})")
            params += kind_params
    sql = ("WITH " + ", ".join(withs) + " " if withs else "") + "SELECT " + ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, with_params + params)  # the WITH clauses come first
        row = cursor.fetchone()
    counts, candidates, values = {}, {}, iter(row)
    for kind in of_kind:
        counts[kind] = next(values)
        if kind in read_once:
            candidates[kind] = IdArray(next(values))
    return counts, candidates


def _one_to_one_folds() -> dict[int, str]:
    """str.translate table: each character of Latin-1 and Latin Extended-A/B whose fold is one
    ASCII character (É → e, ñ → n), ASCII upper case to lower case, every space to " "."""
    table = {cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)}
    for cp in range(0x80, 0x250):
        folded = fold(chr(cp))
        if len(folded) == 1 and folded.isascii():
            table[cp] = folded
    table.update({cp: " " for cp in range(0x250) if chr(cp).isspace()})
    return table


ONE_TO_ONE = _one_to_one_folds()
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _folded_with_map(text: str) -> tuple[str, "list[int] | range"]:
    """The folded text and, for each of its characters, where it came from in `text`.

    Spanish text is ASCII plus a few accented letters, each folded to one letter: a translate
    table folds those in C, each in its own place. Only what the table leaves (dashes, quotes,
    ligatures, other scripts) is folded one character at a time; folding every character alone
    took ~20 ms of a page of 20 passages per kind."""
    folded = text.translate(ONE_TO_ONE)
    if folded.isascii():
        return folded, range(len(text))
    out, where, cursor = [], [], 0
    for match in NON_ASCII.finditer(folded):
        index = match.start()
        out.append(folded[cursor:index])
        where.extend(range(cursor, index))
        char = text[index]
        piece = " " if char.isspace() else fold(char)
        out.append(piece)
        where.extend([index] * len(piece))
        cursor = index + 1
    out.append(folded[cursor:])
    where.extend(range(cursor, len(text)))
    return "".join(out), where


def highlight(text: str, terms: Terms) -> str:
    """A passage around the first match, escaped, with every match in <mark>."""
    if not text:
        return ""
    folded, where = _folded_with_map(text)
    spans = []
    for needle in terms.phrases + terms.words:
        # From the start of a word: "presenta" marks "presentación", not "representa".
        for match in re.finditer(r"(?<!\w)" + re.escape(needle), folded):
            start = where[match.start()]
            end = where[match.end() - 1] + 1
            if needle in terms.words:  # a stem marks the rest of its word too
                while end < len(text) and text[end].isalnum():
                    end += 1
            spans.append((start, end))
    spans.sort()
    if not spans:
        passage = text[: 2 * SNIPPET]
        return escape(passage) + ("…" if len(text) > len(passage) else "")
    first = spans[0][0]
    lo, hi = max(0, first - SNIPPET), min(len(text), first + SNIPPET)
    out, cursor = ["…" if lo else ""], lo
    for start, end in spans:
        if start < cursor or end > hi:
            continue
        out += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    out.append(escape(text[cursor:hi]) + ("…" if hi < len(text) else ""))
    return mark_safe("".join(out))
