from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"

    def ready(self):
        from . import signals, webhooks  # noqa: F401 (connects the receivers)
