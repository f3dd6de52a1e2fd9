import pytest

from newsletter.blocks import CampaignStreamBlock


@pytest.mark.parametrize("name", sorted(CampaignStreamBlock().child_blocks))
def test_block_meta_is_complete(name):
    meta = CampaignStreamBlock().child_blocks[name].meta
    assert meta.icon and meta.icon != "placeholder", name
    assert meta.template, name
    assert getattr(meta, "preview_value", None) is not None, name
    assert getattr(meta, "description", ""), name
