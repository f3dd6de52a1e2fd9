"""Links from an issue to pages of the site that visitors can't open: drafts, unpublished or deleted pages.

An email can't be taken back, so the send page refuses to send an issue with such links, and the previews and the
test email say which links would answer 404. The pages an issue links to come from Wagtail's own reference
extraction (the same one the reference index uses): post teasers, and page links in rich text.
"""

from dataclasses import dataclass

from django.urls import reverse
from wagtail.models import Page

from ops.params import parse_int


@dataclass(frozen=True)
class BrokenLink:
    title: str
    problem: str
    edit_url: str = ""

    def __str__(self):
        return f"“{self.title}” ({self.problem})"


def linked_page_ids(campaign):
    ids = set()
    for model, pk, _path, _content_path in campaign.body.stream_block.extract_references(campaign.body):
        page_id = parse_int(str(pk)) if issubclass(model, Page) else None
        if page_id is not None:
            ids.add(page_id)
    return ids


def deleted_teasers(campaign):
    """Post teasers whose post was deleted: their page is gone, so the teaser (and its link) silently vanishes."""
    return sum(1 for block in campaign.body if block.block_type == "post_teaser" and block.value.get("page") is None)


def unpublished_links(campaign):
    """What in this issue links to a page visitors can't open, as BrokenLinks (empty when all is well)."""
    ids = linked_page_ids(campaign)
    found = {page.pk: page for page in Page.objects.filter(pk__in=ids).only("pk", "title", "live")}
    broken = [
        BrokenLink(page.title, "not published", reverse("wagtailadmin_pages:edit", args=[page.pk]))
        for page in sorted(found.values(), key=lambda page: page.title)
        if not page.live
    ]
    missing = len(ids - found.keys()) + deleted_teasers(campaign)
    broken += [BrokenLink("A page that was deleted", "deleted")] * missing
    return broken


def warning_text(broken):
    return "This issue links to pages visitors can't open yet: " + "; ".join(str(link) for link in broken) + "."
