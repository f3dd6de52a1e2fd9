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


@pytest.mark.parametrize("address", ["/newsletter/subscribe/", "/", "https://example.com/a?b=c", "http://example.com"])
def test_link_block_takes_a_path_on_this_site_or_a_full_address(address):
    block = LinkBlock()
    value = block.clean(block.to_python({"label": "Go", "page": None, "external_url": address}))
    assert value.url == address
    assert value.is_external == address.startswith("http")


@pytest.mark.parametrize("address", ["//evil.example/", "javascript:alert(1)", "newsletter/", "ftp://example.com/"])
def test_link_block_refuses_other_addresses(address):
    block = LinkBlock()
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python({"label": "Go", "page": None, "external_url": address}))
    assert "path on this site starting with /" in str(error.value.block_errors["external_url"])


def test_link_block_with_neither_page_nor_address_explains_a_deleted_page():
    block = LinkBlock()
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python({"label": "About", "page": None, "external_url": ""}))
    assert "If the page this link pointed to was deleted" in str(error.value.block_errors["page"])
