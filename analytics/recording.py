"""Writing to the daily aggregates with atomic upserts, in one transaction per beacon.

`INSERT ... ON CONFLICT DO UPDATE SET views = views + excluded.views` is the same SQL on SQLite (3.24+) and
PostgreSQL, so concurrent workers never lose an increment and never need a read before the write.
"""

import hashlib
import secrets
import threading
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import DailyEvent, DailySalt, DailySeen, DailyStat, Event

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


def record_pageview(day, visitor, dimensions):
    """Count one view for each (dimension, key), and one visitor where this visitor is new for it today."""
    digests = {_seen_digest(visitor, dimension, key): (dimension, key) for dimension, key in dimensions}
    seen_table = connection.ops.quote_name(DailySeen._meta.db_table)
    stat_table = connection.ops.quote_name(DailyStat._meta.db_table)
    day_value = day.isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        placeholders = ", ".join(["(%s, %s)"] * len(digests))
        params = []
        for digest in digests:
            params += [day_value, digest]
        cursor.execute(
            f"INSERT INTO {seen_table} (day, digest) VALUES {placeholders} "  # noqa: S608 (names are ours)
            "ON CONFLICT (day, digest) DO NOTHING RETURNING digest",
            params,
        )
        new = {digests[row[0]] for row in cursor.fetchall()}
        params = []
        for dimension, key in digests.values():
            params += [day_value, dimension, key, 1, 1 if (dimension, key) in new else 0]
        placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(digests))
        cursor.execute(
            f"INSERT INTO {stat_table} (day, dimension, key, views, visitors) VALUES {placeholders} "  # noqa: S608
            f"ON CONFLICT (day, dimension, key) DO UPDATE SET views = {stat_table}.views + excluded.views, "
            f"visitors = {stat_table}.visitors + excluded.visitors",
            params,
        )


def add_stats(rows):
    """Add (day, dimension, key, views, visitors) rows to the aggregates: the flush path and the benchmarks."""
    stat_table = connection.ops.quote_name(DailyStat._meta.db_table)
    rows = list(rows)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
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
