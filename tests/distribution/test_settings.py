import pytest
from django.core.exceptions import ValidationError

from distribution.channels import rows_for
from distribution.models import DistributionSettings
from home.models import SocialMediaSettings

pytestmark = pytest.mark.django_db


def test_settings_tidy_subreddits_handles_and_the_mastodon_server(home_page):
    options = DistributionSettings(
        site=home_page.get_site(),
        subreddits="r/Django\n\n/r/webdev/\ndjango",
        personal_x_handle="ada",
        project_x_handle="https://x.com/launchkit",
        mastodon_server="https://Fosstodon.org/@me",
    )
    options.full_clean()
    assert options.subreddit_list == ["django", "webdev"]
    assert (options.personal_x_handle, options.project_x_handle) == ("@ada", "@launchkit")
    assert options.mastodon_server == "fosstodon.org"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subreddits", "django\nnot a subreddit"),
        ("personal_x_handle", "@way_too_long_for_x"),
        ("project_x_handle", "a b"),
        ("mastodon_server", "not a server"),
    ],
)
def test_settings_refuse_what_is_not_a_name_with_a_message(home_page, field, value):
    options = DistributionSettings(site=home_page.get_site(), **{field: value})
    with pytest.raises(ValidationError) as error:
        options.full_clean()
    assert field in error.value.message_dict


def test_the_project_account_and_mastodon_server_default_to_the_site_s_social_accounts(post):
    social = SocialMediaSettings.for_site(post.get_site())
    social.accounts = [
        ("account", {"network": "twitter", "url": "https://x.com/shipfast", "handle": ""}),
        ("account", {"network": "mastodon", "url": "https://hachyderm.io/@shipfast", "handle": "@shipfast"}),
    ]
    social.save()
    rows = {row.key: row for row in rows_for(post)}
    assert rows["x:project"].label == "X: the project's account (@shipfast)"
    assert "via=shipfast" in rows["x:personal"].share_url
    assert rows["mastodon"].share_url.startswith("https://hachyderm.io/share?")
