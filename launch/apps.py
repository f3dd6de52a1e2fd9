from django.apps import AppConfig


class LaunchConfig(AppConfig):
    name = "launch"
    verbose_name = "Launch"

    def ready(self):
        from . import visibility

        visibility.connect()
