from wagtail import blocks

from home.blocks import CallToActionBlock, SignupBlock


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
    call_to_action = CallToActionBlock()
    signup = SignupBlock()
