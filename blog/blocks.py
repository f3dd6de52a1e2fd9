"""Blocks of a blog post's body."""

from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import CallToActionBlock, SignupBlock

LANGUAGES = [
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("typescript", "TypeScript"),
    ("bash", "Shell"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("sql", "SQL"),
    ("go", "Go"),
    ("rust", "Rust"),
    ("text", "Plain text"),
]


class CodeStructValue(blocks.StructValue):
    @cached_property
    def highlighted(self):
        """The code as HTML with Pygments' CSS classes; highlighted on the server, so readers load no script."""
        try:
            lexer = get_lexer_by_name(self.get("language") or "text")
        except ClassNotFound:
            lexer = get_lexer_by_name("text")
        formatter = HtmlFormatter(cssclass="highlight", wrapcode=True)
        html = highlight(self.get("code") or "", lexer, formatter)
        # Long lines scroll sideways; keyboard users must be able to focus the scrolling region to scroll it.
        html = html.replace("<pre>", '<pre tabindex="0">', 1)
        return mark_safe(html)  # noqa: S308 - Pygments escapes the code


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=LANGUAGES, default="python")
    code = blocks.TextBlock()
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "code"
        value_class = CodeStructValue
        template = "blog/blocks/code_block.html"
        preview_value = {"language": "python", "code": 'print("Hello, launch day")', "caption": "The smallest app."}
        description = "Source code, highlighted on the server."


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(max_length=250, help_text="Describe the image for people who can't see it.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blog/blocks/image_block.html"
        preview_value = {"alt": "", "caption": "A caption under the image."}
        description = "An image with alt text and an optional caption."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blog/blocks/quote_block.html"
        preview_value = {"quote": "Launch before you are ready.", "attribution": "Every founder, eventually"}
        description = "A pulled quote with an optional attribution."


class PostEmbedBlock(EmbedBlock):
    class Meta:
        icon = "media"
        template = "blog/blocks/embed_block.html"
        preview_value = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
        description = "A video or post from another site, by its URL."


class PostStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        template="blocks/heading_block.html",
        preview_value="Write the first draft fast",
        description="A section heading inside a post.",
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "code", "blockquote"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        preview_value="<p>Revise it in a separate step.</p>",
        description="Formatted text.",
    )
    image = CaptionedImageBlock()
    code = CodeBlock()
    quote = QuoteBlock()
    embed = PostEmbedBlock()
    call_to_action = CallToActionBlock()
    signup = SignupBlock()
