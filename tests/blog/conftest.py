import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.factories import AuthorFactory, BlogIndexPageFactory, add_post


def make_image(title="Test image", size=(1600, 900), color=(30, 80, 200)):
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional (browser) test
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog", intro="Notes.")


@pytest.fixture
def authors(db):
    return [AuthorFactory(name="Ada Park", slug="ada"), AuthorFactory(name="Sam Okafor", slug="sam")]


@pytest.fixture
def post(blog, authors):
    return add_post(
        blog,
        authors=[authors[1], authors[0]],
        tags=["analytics", "launch"],
        title="Add analytics before you need them",
        slug="add-analytics",
        summary="Measure from day one.",
        hero_image=make_image("hero"),
        hero_alt="A blue rectangle",
        body=[
            ("heading", "Measure little"),
            ("paragraph", "<p>Page views, sources and signups are enough.</p>"),
            ("code", {"language": "python", "code": "print('<hi>')", "caption": "Code"}),
            ("quote", {"quote": "Ship it.", "attribution": "Someone"}),
        ],
    )
