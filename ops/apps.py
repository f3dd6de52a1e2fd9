from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Site infrastructure that is no feature and no page: caching, security headers, health, schedules, backups."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from . import cache, params  # noqa: F401  (params registers the `id` path converter)

        cache.connect()
