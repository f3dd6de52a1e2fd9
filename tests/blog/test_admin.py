import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_editor_screens_render(admin_client, post, blog):
    assert admin_client.get(f"/admin/pages/{post.pk}/edit/").status_code == 200
    assert admin_client.get(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/").status_code == 200
    assert admin_client.get("/admin/snippets/blog/author/").status_code == 200
    assert admin_client.get("/admin/snippets/blog/author/add/").status_code == 200
    assert admin_client.get("/admin/settings/blog/blogsettings/").status_code in (200, 302)


def test_preview_of_a_post_and_the_index(admin_client, post, blog):
    assert admin_client.get(f"/admin/pages/{post.pk}/edit/preview/").status_code in (200, 405)
    response = admin_client.get(f"/admin/pages/{blog.pk}/view_draft/")
    assert response.status_code == 200
    response = admin_client.get(f"/admin/pages/{post.pk}/view_draft/")
    assert response.status_code == 200
