"""Every site setting a page shows, read in one query per request instead of one per setting (and per image).

Wagtail's `{{ settings.app.Model }}` and `Model.for_request(request)` keep what they read on the request under
`Model.get_cache_attr_name()`; `preload` puts the rows there first. A setting without a row yet is left to
`for_request`, which creates it. Nothing outlives the request: an editor's change shows on the next render.
"""

from django.apps import apps
from django.db.models import ObjectDoesNotExist
from wagtail.models import Site

# label: the setting's own foreign keys worth joining (images the page shows).
PAGE_SETTINGS = {
    "wagtailseo.SeoSettings": ["og_image_default", "struct_org_logo"],
    "home.NavigationSettings": [],
    "home.SocialMediaSettings": [],
}


def feature_labels():
    """Settings feature apps read on every page (home names none): each `site_settings_preload` hook returns a list
    of "app_label.Model" labels, read with the others."""
    from wagtail import hooks

    return [label for hook in hooks.get_hooks("site_settings_preload") for label in hook()]


def accessor(model):
    """The name under which a Site reaches its row of this setting (the `site` one-to-one field's reverse)."""
    return model._meta.get_field("site").remote_field.get_accessor_name()


def preload(request, labels=()):
    """Put the rows of PAGE_SETTINGS and of `labels` where for_request looks, in one query."""
    site = Site.find_for_request(request)
    if site is None:
        return
    labels = [*labels, *feature_labels()]
    wanted = {**PAGE_SETTINGS, **{label: PAGE_SETTINGS.get(label, []) for label in labels}}
    models = [apps.get_model(label) for label in wanted]
    models = [model for model in models if not hasattr(request, model.get_cache_attr_name())]
    if not models:
        return
    relations = []
    for model in models:
        name = accessor(model)
        relations += [name] + [f"{name}__{field}" for field in wanted[model._meta.label]]
    try:
        # get(), not first(): ordering one row by its 80 columns costs more to compile than the query costs to run.
        row = Site.objects.select_related(*relations).get(pk=site.pk)
    except Site.DoesNotExist:
        return
    for model in models:
        try:
            instance = getattr(row, accessor(model))
        except ObjectDoesNotExist:
            continue  # for_request creates it
        setattr(request, model.get_cache_attr_name(), instance)
