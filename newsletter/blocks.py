"""Blocks for newsletter issues. Their templates are table-free but email-safe: simple tags, inlined CSS later."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class EmailImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(required=False, max_length=200, help_text="Describe the image for people who can't see it.")
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "newsletter/blocks/image_block.html"
        description = "An image, 600 pixels wide in the email."
        preview_value = {"alt": "", "caption": "A caption"}


class PostTeaserValue(blocks.StructValue):
    """Reads only title, summary, url and date, so changes to the blog's page model don't break issues."""

    @property
    def post(self):
        page = self.get("page")
        return page.specific if page else None

    # Named apart from the block's own "title"/"summary" fields: templates look up keys before attributes.
    @property
    def display_title(self):
        return self.get("title") or getattr(self.post, "title", "")

    @property
    def display_summary(self):
        return self.get("summary") or getattr(self.post, "summary", "") or ""

    @property
    def url(self):
        post = self.post
        if post is None:
            return ""
        return getattr(post, "full_url", None) or getattr(post, "url", "") or ""

    @property
    def date(self):
        return getattr(self.post, "date", None)


class PostTeaserBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(page_type="blog.BlogPostPage")
    title = blocks.CharBlock(required=False, max_length=200, help_text="Leave blank to use the post's title.")
    summary = blocks.TextBlock(required=False, help_text="Leave blank to use the post's summary.")
    button_label = blocks.CharBlock(required=False, max_length=60, default="Read the post")

    class Meta:
        icon = "doc-full"
        template = "newsletter/blocks/post_teaser_block.html"
        value_class = PostTeaserValue
        description = "A blog post's title and summary with a link to read it."
        preview_value = {"title": "How we found our first 100 users", "summary": "What worked, what didn't."}


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    url = blocks.URLBlock(label="URL")

    class Meta:
        icon = "link"
        template = "newsletter/blocks/button_block.html"
        description = "A big, tappable button."
        preview_value = {"label": "Try it free", "url": "https://example.com/"}


class CampaignStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=200,
        template="newsletter/blocks/heading_block.html",
        icon="title",
        description="A section heading.",
        preview_value="This month",
    )
    rich_text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3", "hr"],
        template="newsletter/blocks/rich_text_block.html",
        icon="pilcrow",
        description="Paragraphs, lists and links.",
        preview_value="<p>Here's what we shipped.</p>",
    )
    image = EmailImageBlock()
    post_teaser = PostTeaserBlock()
    button = ButtonBlock()
