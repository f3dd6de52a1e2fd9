"""Writing to the daily aggregates with atomic upserts, in one transaction per beacon.

`INSERT ... ON CONFLICT DO UPDATE SET views = views + excluded.views` is the same SQL on SQLite (3.24+) and
PostgreSQL, so concurrent workers never lose an increment and never need a read before the write.
"""

import atexit
import hashlib
import logging
import os
import secrets
import threading
import time
from datetime import date

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from .bounds import OTHER
from .models import DailyEvent, DailySalt, DailySeen, DailyStat, Dimension, Event
from .sources import DIRECT

logger = logging.getLogger(__name__)

_salts: dict[date, str] = {}
_salts_lock = threading.Lock()


def today():
    return timezone.localdate()


def salt_for(day):
    """The day's secret salt: created by the first beacon of the day, shared by every process through the DB."""
    with _salts_lock:
        if day in _salts:
            return _salts[day]
    try:
        with transaction.atomic():
            salt = DailySalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})[0].salt
    except IntegrityError:
        salt = DailySalt.objects.get(day=day).salt
    with _salts_lock:
        _salts.clear()  # only today's salt is ever needed again
        _salts[day] = salt
    return salt


def forget_salts():
    with _salts_lock:
        _salts.clear()


def visitor_hash(day, ip, user_agent, site):
    return hashlib.sha256(f"{salt_for(day)}|{ip}|{user_agent}|{site}".encode()).hexdigest()


def _seen_digest(visitor, dimension, key):
    return hashlib.sha256(f"{visitor}|{dimension}|{key}".encode()).hexdigest()[:32]


def first_today(day, visitor, kind, key):
    """True the first time today this visitor does `kind` to `key` (a click on one resource), False after.

    One DailySeen row, pruned with the day's other hashes, so no click can be tied to a visitor the next day.
    """
    table = connection.ops.quote_name(DailySeen._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, digest) VALUES (%s, %s) ON CONFLICT (day, digest) DO NOTHING RETURNING digest",  # noqa: S608
            [day.isoformat(), _seen_digest(visitor, f"once:{kind}", key)],
        )
        return cursor.fetchone() is not None


def record_pageview(day, visitor, dimensions):
    """Count one view for each (dimension, key), and one visitor where this visitor is new for it today.

    With ANALYTICS_FLUSH_SECONDS > 0 the hit is buffered in this process and written with others in one
    transaction (see Buffer); with 0 it is written at once.
    """
    hit = (day, [(dimension, key, visitor) for dimension, key in dimensions])
    if settings.ANALYTICS_FLUSH_SECONDS > 0:
        buffer.add(hit)
    else:
        write_hits([hit])


# Free-text dimensions a beacon chooses: each day keeps at most ANALYTICS_MAX_SOURCES_PER_DAY keys of each.
CAPPED = (Dimension.REFERRER, Dimension.SOURCE, Dimension.UTM)


def fold_new_keys(hits):
    """Hits with keys beyond the day's budget of referrers, sources and campaigns counted under bounds.OTHER.

    Two queries per day in the batch: which of its keys the day already has, and how many keys it has. Known keys
    (and "(direct)") always count; new ones count while the budget lasts. Workers flushing at the same moment may
    each admit one batch more than the budget: the bound is looser by that, but it is still a bound.
    """
    budget = settings.ANALYTICS_MAX_SOURCES_PER_DAY
    if not budget:
        return hits
    capped = {str(dimension) for dimension in CAPPED}
    state = {}  # (day, dimension) -> [keys the day has, how many]
    for day in {day for day, _ in hits}:
        keys = {key for hit_day, entries in hits if hit_day == day for dim, key, _ in entries if dim in capped}
        rows = DailyStat.objects.filter(day=day, dimension__in=capped)
        known = list(rows.filter(key__in=keys).values_list("dimension", "key")) if keys else []
        counts = dict(rows.order_by().values("dimension").annotate(n=Count("pk")).values_list("dimension", "n"))
        for dimension in capped:
            state[(day, dimension)] = [{k for d, k in known if d == dimension}, counts.get(dimension, 0)]

    def fold(day, dimension, key):
        if dimension not in capped or key in (DIRECT, OTHER):
            return key
        known = state[(day, dimension)]
        if key in known[0]:
            return key
        if known[1] >= budget:
            return OTHER
        known[0].add(key)
        known[1] += 1
        return key

    return [(day, [(dim, fold(day, dim, key), visitor) for dim, key, visitor in entries]) for day, entries in hits]


def write_hits(hits):
    """Write page-view hits in one transaction: two statements per 400 (visitor, key) pairs, whatever the count."""
    if not hits:
        return
    seen_table = connection.ops.quote_name(DailySeen._meta.db_table)
    hits = [
        (day, [(dimension, key, _seen_digest(visitor, dimension, key)) for dimension, key, visitor in entries])
        for day, entries in fold_new_keys(hits)
    ]
    by_day = {}
    for day, entries in hits:
        by_day.setdefault(day, set()).update(digest for _, _, digest in entries)
    with transaction.atomic(), connection.cursor() as cursor:
        new = set()
        for day, digests in by_day.items():
            digests = sorted(digests)
            for start in range(0, len(digests), CHUNK):
                chunk = digests[start : start + CHUNK]
                params = []
                for digest in chunk:
                    params += [day.isoformat(), digest]
                cursor.execute(
                    f"INSERT INTO {seen_table} (day, digest) VALUES {', '.join(['(%s, %s)'] * len(chunk))} "  # noqa: S608
                    "ON CONFLICT (day, digest) DO NOTHING RETURNING day, digest",
                    params,
                )
                new.update((str(row[0])[:10], row[1]) for row in cursor.fetchall())
        totals = {}
        for day, entries in hits:
            for dimension, key, digest in entries:
                counts = totals.setdefault((day, dimension, key), [0, 0])
                counts[0] += 1
                marker = (day.isoformat(), digest)
                if marker in new:
                    # Count a visitor once, even when the batch holds several of their views.
                    new.discard(marker)
                    counts[1] += 1
        add_stats([(*where, views, visitors) for where, (views, visitors) in totals.items()])


class Buffer:
    """Page-view hits held in this process for up to ANALYTICS_FLUSH_SECONDS, then written in one transaction.

    One transaction per beacon makes web processes queue for SQLite's write lock (and costs PostgreSQL a commit
    each); batching keeps ingest fast on both. A daemon thread flushes on time, a full buffer flushes at once,
    and the process flushes at exit, so at most about a second of views is at risk if a process is killed.
    """

    def __init__(self):
        self.hits = []
        self.lock = threading.Lock()
        self.thread = None
        self.pid = None

    def add(self, hit):
        with self.lock:
            self.hits.append(hit)
            full = len(self.hits) >= MAX_BUFFERED
            if self.thread is None or self.pid != os.getpid():
                self._start()
        if full:
            self.flush()

    def _start(self):
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self._run, daemon=True, name="analytics-flush")
        self.thread.start()

    def _run(self):
        while True:
            time.sleep(settings.ANALYTICS_FLUSH_SECONDS)
            self.flush()
            connection.close()

    def flush(self):
        with self.lock:
            hits, self.hits = self.hits, []
        if not hits:
            return 0
        try:
            write_hits(hits)
        except DatabaseError:
            logger.exception("Lost %d analytics page views: the database refused them", len(hits))
            return 0
        return len(hits)


CHUNK = 400
MAX_BUFFERED = 2000
buffer = Buffer()
atexit.register(buffer.flush)


def add_stats(rows):
    """Add (day, dimension, key, views, visitors) rows to the aggregates: the flush path and the benchmarks."""
    stat_table = connection.ops.quote_name(DailyStat._meta.db_table)
    rows = list(rows)
    # No savepoint of its own: write_hits calls it inside its transaction, and the benchmarks need none.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params = []
            for day, dimension, key, views, visitors in chunk:
                params += [day.isoformat(), dimension, key, views, visitors]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {stat_table} (day, dimension, key, views, visitors) VALUES {placeholders} "  # noqa: S608
                f"ON CONFLICT (day, dimension, key) DO UPDATE SET views = {stat_table}.views + excluded.views, "
                f"visitors = {stat_table}.visitors + excluded.visitors",
                params,
            )


def record_event_row(when, name, path, source, target):
    table = connection.ops.quote_name(DailyEvent._meta.db_table)
    day = timezone.localdate(when) if timezone.is_aware(when) else when.date()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (day, name, path, source, target, count) VALUES (%s, %s, %s, %s, %s, 1) "  # noqa: S608
                f"ON CONFLICT (day, name, path, source, target) DO UPDATE SET count = {table}.count + 1",
                [day.isoformat(), name, path, source, target],
            )
        Event.objects.create(created_at=when, name=name, path=path, source=source, target=target)
