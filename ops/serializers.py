"""JSON serialisation for backups: natural keys only for content types and permissions.

Their ids differ from one database to the next, so they travel by name. Everything else keeps its id, which also
keeps audit-log rows that point at pages deleted long ago (Wagtail stores them without a database constraint).
"""

import datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import Deserializer  # noqa: F401 - a serialisation module provides both
from django.core.serializers.json import Serializer as JSONSerializer

BY_NATURAL_KEY = (ContentType, Permission)


class Serializer(JSONSerializer):
    def _value_from_field(self, obj, field):
        value = super()._value_from_field(obj, field)
        # Django's JSON encoder cuts times to milliseconds; a backup keeps every microsecond.
        if isinstance(value, datetime.datetime | datetime.time):
            return value.isoformat()
        return value

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
