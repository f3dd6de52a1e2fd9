"""Every block follows DEVELOPERS.md: its Meta names an icon, a template, a preview value and a description."""

import pytest
from wagtail import blocks

from blog.blocks import PostStreamBlock
from home.blocks import HomeStreamBlock, LinkBlock, SocialAccountBlock, StandardStreamBlock

STREAMS = [HomeStreamBlock(), StandardStreamBlock(), PostStreamBlock()]
BLOCKS = {f"{type(stream).__name__}.{name}": block for stream in STREAMS for name, block in stream.child_blocks.items()}
BLOCKS.update({"LinkBlock": LinkBlock(), "SocialAccountBlock": SocialAccountBlock()})


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_block_meta_is_complete(name):
    meta = BLOCKS[name].meta
    assert meta.icon and meta.icon != "placeholder", name
    assert meta.template, name
    assert getattr(meta, "preview_value", None) is not None, name
    assert getattr(meta, "description", ""), name


def test_link_block_requires_exactly_one_target():
    block = LinkBlock()
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(block.to_python({"label": "Nowhere", "page": None, "external_url": ""}))
    value = block.clean(block.to_python({"label": "", "page": None, "external_url": "https://example.com/"}))
    assert value.url == "https://example.com/"
    assert value.text == "https://example.com/"
    assert value.is_external
