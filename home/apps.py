from django.apps import AppConfig, apps


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.models.reference_index import ReferenceIndex

        from . import tags  # noqa: F401 - its Tag signals keep the search index's tag names current

        # Wagtail indexes pages, snippets, images and documents, not settings. Registered, a menu's links to pages
        # count on a page's "Usage" tab, and deleting such a page says the navigation uses it.
        for model in apps.get_models():
            if issubclass(model, (BaseSiteSetting, BaseGenericSetting)):
                ReferenceIndex.register_model(model)
