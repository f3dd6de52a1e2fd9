import pytest
from django.contrib.auth import get_user_model

from analytics import bounds, recording
from distribution.models import DistributionSettings
from tests.analytics.conftest import CHROME_UA, beacon  # noqa: F401
from tests.factories import BlogIndexPageFactory, add_post

BODY = [
    ("heading", "Tools we used"),
    (
        "paragraph",
        '<p>We measured with <a href="https://plausible.io/docs">Plausible</a>, hosted on '
        '<a href="https://www.hetzner.com/cloud">Hetzner</a>, and wrote <a href="/about/">about it</a>; '
        'see also <a href="https://plausible.io/blog">their blog</a> and <a href="mailto:a@b.c">mail</a>.</p>',
    ),
]


@pytest.fixture(autouse=True)
def _fresh_salts():
    recording.forget_salts()
    bounds.answers.clear()
    yield
    recording.forget_salts()
    bounds.answers.clear()


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")


@pytest.fixture
def post(blog):
    return add_post(blog, title="Launch week notes", slug="launch-week", summary="What a launch taught us.", body=BODY)


@pytest.fixture
def distribution_settings(home_page):
    options = DistributionSettings.for_site(home_page.get_site())
    options.subreddits = "django\nr/webdev"
    options.personal_x_handle = "@ada"
    options.project_x_handle = "@launchkit"
    options.mastodon_server = "fosstodon.org"
    options.save()
    return options


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
