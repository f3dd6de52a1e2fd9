from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Site infrastructure that is no feature and no page: caching, security headers, health, schedules, backups."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from . import cache, esp, params  # noqa: F401  (esp registers a deploy check, params a path converter)

        cache.connect()
