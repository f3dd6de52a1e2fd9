"""JSON serialisation for backups: natural keys only for content types and permissions.

Their ids differ from one database to the next, so they travel by name. Everything else keeps its id, which also
keeps audit-log rows that point at pages deleted long ago (Wagtail stores them without a database constraint).
"""

import datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import (
    Deserializer,  # noqa: F401 - a serialisation module provides both
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer

BY_NATURAL_KEY = (ContentType, Permission)


class PreciseEncoder(DjangoJSONEncoder):
    """Django's JSON encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def serialize(self, queryset, **options):
        # `cls` is the JSON serializer's documented option for a custom encoder.
        options.setdefault("cls", PreciseEncoder)
        return super().serialize(queryset, **options)

    def _natural_for(self, field):
        return self.use_natural_foreign_keys and issubclass(field.remote_field.model, BY_NATURAL_KEY)

    def handle_fk_field(self, obj, field):
        natural, self.use_natural_foreign_keys = self.use_natural_foreign_keys, self._natural_for(field)
        try:
            super().handle_fk_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural

    def handle_m2m_field(self, obj, field):
        natural, self.use_natural_foreign_keys = self.use_natural_foreign_keys, self._natural_for(field)
        try:
            super().handle_m2m_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural
