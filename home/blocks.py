"""Blocks shared by every app: links, sections, the signup form and the landing page's sections."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks, hooks
from wagtail.blocks.struct_block import StructBlockValidationError

from .visibility import hidden_paths, is_private


def validate_link_url(value):
    """A link's address: a path on this site ("/newsletter/subscribe/") or a full http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(
        schemes=["http", "https"],
        message="Enter a full web address starting with https://, or a path on this site starting with /.",
    )(value)


class LinkStructValue(blocks.StructValue):
    """Resolves a link to either a page or an external URL, so templates only print it."""

    @property
    def url(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("external_url") or ""

    @property
    def text(self):
        if self.get("label"):
            return self["label"]
        page = self.get("page")
        return page.title if page else self.get("external_url", "")

    @property
    def is_external(self):
        return not self.get("page") and (self.get("external_url") or "").startswith(("http://", "https://"))


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(required=False, max_length=80, help_text="Leave blank to use the page's title.")
    page = blocks.PageChooserBlock(required=False)
    # Not a URLBlock: a link to a path of this site ("/newsletter/subscribe/") has no scheme or host.
    external_url = blocks.CharBlock(
        required=False,
        max_length=500,
        label="Or a web address",
        validators=[validate_link_url],
        help_text="A full address (https://…) or a path on this site (/newsletter/subscribe/).",
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("external_url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or enter a web address, not both.")}
            )
        if not value.get("page") and not value.get("external_url"):
            # Also what an editor sees after the linked page was deleted: the chooser comes back empty.
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        "Choose a page or enter a web address. If the page this link pointed to was deleted, "
                        "choose another one or remove the link."
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkStructValue
        template = "blocks/link_block.html"
        preview_value = {"label": "Read the blog", "external_url": "https://example.com/blog/"}
        description = "A link to a page of this site or to another site."
        form_classname = "link-block"


class OptionalLinkBlock(LinkBlock):
    def clean(self, value):
        if not value.get("page") and not value.get("external_url") and not value.get("label"):
            return value
        return super().clean(value)

    class Meta:
        required = False


class HeroBlock(blocks.StructBlock):
    eyebrow = blocks.CharBlock(required=False, max_length=60)
    headline = blocks.CharBlock(max_length=120)
    subheading = blocks.TextBlock(required=False, max_length=300)
    primary_cta = OptionalLinkBlock(label="Primary call to action")
    secondary_cta = OptionalLinkBlock(label="Secondary call to action")
    show_signup = blocks.BooleanBlock(required=False, default=True, help_text="Show the email signup form in the hero.")

    class Meta:
        icon = "pick"
        template = "blocks/hero_block.html"
        preview_value = {
            "eyebrow": "Now in public beta",
            "headline": "Ship the product. Then tell people.",
            "subheading": "A landing page, a blog and an email list in one place.",
            "primary_cta": {"label": "Read the guide", "external_url": "https://example.com/guide/"},
            "show_signup": True,
        }
        description = "The first thing visitors see: a headline, a subheading and a call to action."


class ValuePropositionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=400)

    class Meta:
        icon = "tick"
        template = "blocks/value_proposition_block.html"
        preview_value = {"title": "Own your list", "text": "Addresses stay in your database, not a vendor's."}
        description = "One reason to care, with a short explanation."


class ValuePropositionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    intro = blocks.TextBlock(required=False, max_length=400)
    items = blocks.ListBlock(ValuePropositionBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        template = "blocks/value_propositions_block.html"
        preview_value = {
            "heading": "Why it works",
            "items": [
                {"title": "Own your list", "text": "Addresses stay in your database."},
                {"title": "Write once", "text": "Posts go to the blog and the inbox."},
                {"title": "Measure quietly", "text": "Analytics without cookies."},
            ],
        }
        description = "A grid of up to six reasons to sign up."


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=500)
    name = blocks.CharBlock(max_length=80)
    role = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/testimonial_block.html"
        preview_value = {"quote": "We got our first hundred users from the list.", "name": "Ada", "role": "Founder"}
        description = "A quote from a happy user."


def live_subscriber_count():
    """The number the first `social_proof_count` hook reports (the newsletter app registers one), or None.

    Home knows no feature app: whichever app keeps the subscribers reports their number through this hook.
    """
    for count_subscribers in hooks.get_hooks("social_proof_count"):
        count = count_subscribers()
        if count is not None:
            return count
    return None


class SocialProofBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    show_subscriber_count = blocks.BooleanBlock(
        required=False, default=False, help_text="Show the live number of confirmed subscribers."
    )
    subscriber_count_label = blocks.CharBlock(required=False, max_length=80, default="developers already subscribed")
    minimum_count = blocks.IntegerBlock(
        required=False, default=10, min_value=0, help_text="Hide the count until it reaches this number."
    )
    testimonials = blocks.ListBlock(TestimonialBlock(), max_num=6)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if value.get("show_subscriber_count"):
            count = live_subscriber_count()
            if count is not None and count >= (value.get("minimum_count") or 0):
                context["subscriber_count"] = count
        return context

    class Meta:
        icon = "group"
        template = "blocks/social_proof_block.html"
        preview_value = {
            "heading": "Builders like you",
            "testimonials": [{"quote": "The list paid for itself in a week.", "name": "Grace", "role": "Indie maker"}],
        }
        description = "Testimonials and, if you want, the live subscriber count."


class FeaturedPagesBlock(blocks.StructBlock):
    """Cards for pages of one type: the ones the editor chose, or else the ones that page type features.

    A subclass declares `heading`, `count` and a ListBlock of `PageChooserBlock(page_type="app.Model")` named by
    Meta.pages_field. The page type comes from that chooser, and its model answers through two classmethods of
    BasePage, `featured_for_landing(count)` and `listing_index()`, so home names feature apps only in strings.
    The template gets `pages` and `index_page`.
    """

    def page_model(self):
        return self.child_blocks[self.meta.pages_field].child_block.target_model

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        model = self.page_model()
        chosen = [page for page in value.get(self.meta.pages_field) or [] if page and page.live]
        pages = chosen or model.featured_for_landing(value.get("count") or 3)
        request = (parent_context or {}).get("request")
        if hidden_paths(request):
            # A section kept private for now (home/visibility.py): no cards that lead to "not found".
            pages = [page for page in pages if not is_private(page, request)]
        context["pages"] = pages
        index_page = model.listing_index()
        context["index_page"] = None if index_page and is_private(index_page, request) else index_page
        return context

    class Meta:
        pages_field = "pages"


# The two sections below keep their own child names ("posts", "resources"), defaults and templates, because pages
# saved before FeaturedPagesBlock existed store those names in their StreamField data.
class FeaturedPostsBlock(FeaturedPagesBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="From the blog")
    posts = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="blog.BlogPostPage"),
        required=False,
        max_num=6,
        help_text="Leave empty to show the latest posts.",
    )
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=6, help_text="How many latest posts to show.")

    class Meta:
        pages_field = "posts"
        icon = "doc-full"
        template = "blocks/featured_posts_block.html"
        preview_value = {"heading": "From the blog", "count": 3}
        description = "Blog posts you choose, or the latest ones."


class FeaturedResourcesBlock(FeaturedPagesBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="Resources")
    resources = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="resources.ResourcePage"),
        required=False,
        max_num=9,
        help_text="Leave empty to show the featured or latest resources.",
    )
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=9)

    class Meta:
        pages_field = "resources"
        icon = "link-external"
        template = "blocks/featured_resources_block.html"
        preview_value = {"heading": "Tools we recommend", "count": 3}
        description = "Resources you choose, or the featured ones."


class SignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="Get the next post by email")
    text = blocks.TextBlock(required=False, max_length=300)
    button_label = blocks.CharBlock(max_length=40, default="Subscribe")

    class Meta:
        icon = "mail"
        template = "blocks/signup_block.html"
        preview_value = {
            "heading": "Get the next post by email",
            "text": "One email when something new is out. Unsubscribe in one click.",
            "button_label": "Subscribe",
        }
        description = "The email signup form. Put it in any section."


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    button = LinkBlock()

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "heading": "Ready to launch?",
            "text": "Start with the checklist.",
            "button": {"label": "Open the checklist", "external_url": "https://example.com/checklist/"},
        }
        description = "A heading, a sentence and one button."


class RichTextSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    body = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr", "code", "blockquote"])

    class Meta:
        icon = "doc-full"
        template = "blocks/rich_text_section_block.html"
        preview_value = {"heading": "About", "body": "<p>We build tools for people who build tools.</p>"}
        description = "A section of formatted text."


class SocialAccountStructValue(blocks.StructValue):
    @property
    def label(self):
        return dict(SocialAccountBlock.NETWORKS).get(self.get("network"), self.get("network"))


class SocialAccountBlock(blocks.StructBlock):
    NETWORKS = [
        ("mastodon", "Mastodon"),
        ("bluesky", "Bluesky"),
        ("twitter", "X / Twitter"),
        ("github", "GitHub"),
        ("linkedin", "LinkedIn"),
        ("youtube", "YouTube"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("rss", "RSS"),
        ("other", "Other"),
    ]
    network = blocks.ChoiceBlock(choices=NETWORKS)
    url = blocks.URLBlock(label="URL")
    handle = blocks.CharBlock(required=False, max_length=80)

    class Meta:
        icon = "user"
        value_class = SocialAccountStructValue
        template = "blocks/social_account_block.html"
        preview_value = {"network": "mastodon", "url": "https://mastodon.social/@launchkit", "handle": "@launchkit"}
        description = "A link to one of the site's social accounts."


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    value_propositions = ValuePropositionsBlock()
    social_proof = SocialProofBlock()
    featured_posts = FeaturedPostsBlock()
    featured_resources = FeaturedResourcesBlock()
    signup = SignupBlock()
    call_to_action = CallToActionBlock()
    text = RichTextSectionBlock()


class StandardStreamBlock(blocks.StreamBlock):
    text = RichTextSectionBlock()
    call_to_action = CallToActionBlock()
    signup = SignupBlock()
