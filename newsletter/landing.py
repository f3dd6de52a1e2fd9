"""The newsletter's part of the landing page: the live subscriber count and the pages that show it."""

from wagtail.fields import StreamField
from wagtail.models import get_page_models


def confirmed_count():
    from .models import Subscriber

    return Subscriber.objects.confirmed().count()


def page_types_with_social_proof():
    """Page models with a `body` StreamField that offers the social-proof block."""
    found = []
    for model in get_page_models():
        field = next((f for f in model._meta.local_fields if f.name == "body"), None)
        if isinstance(field, StreamField) and "social_proof" in field.stream_block.child_blocks:
            found.append(model)
    return found


def shows_count(block):
    return block.block_type == "social_proof" and bool(block.value.get("show_subscriber_count"))


def pages_showing_subscriber_count():
    """Live pages whose body has a social-proof block showing the count (a landing page or two)."""
    pages = []
    for model in page_types_with_social_proof():
        pages += [page for page in model.objects.live() if any(shows_count(block) for block in page.body)]
    return pages
