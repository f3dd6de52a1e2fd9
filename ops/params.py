"""Integers from requests, read one way everywhere: ASCII digits only, bounded.

`str.isdigit()` accepts "²" and "٣", which `int()` refuses or reads, and a 23-digit id overflows SQLite's INTEGER:
both were 500s. Every view, form and URL that reads a number from a visitor goes through `parse_int` (or the `id`
path converter below), which answers None (or no match) for anything else.
"""

import re

from django.urls import register_converter

# The largest value a BigAutoField (PostgreSQL bigint, SQLite INTEGER) holds.
MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(value, default=None, minimum=0, maximum=MAX_ID):
    """`value` as an int when it is 1-19 ASCII digits within [minimum, maximum], else `default`."""
    if not isinstance(value, str) or not DIGITS.fullmatch(value):
        return default
    number = int(value)
    return number if minimum <= number <= maximum else default


class IdConverter:
    """`<id:pk>` in URL patterns: a database id, so a path with a longer number is simply not found (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = parse_int(value)
        if number is None:
            raise ValueError("not a database id")  # Django's resolver treats this as no match
        return number

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
