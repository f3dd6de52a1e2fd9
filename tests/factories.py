import factory
import wagtail_factories
from django.utils import timezone

from blog.models import BlogIndexPage, BlogPostPage
from home.models import HomePage, StandardPage
from newsletter.models import Subscriber
from resources.models import ResourceIndexPage, ResourcePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "A plain page."

    class Meta:
        model = StandardPage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post number {n}")
    summary = factory.LazyAttribute(lambda post: f"What {post.title} is about.")
    date = factory.LazyFunction(timezone.now)

    class Meta:
        model = BlogPostPage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    external_url = factory.Sequence(lambda n: f"https://example.com/tool-{n}/")
    description = "A useful tool."

    class Meta:
        model = ResourcePage


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.com")

    class Meta:
        model = Subscriber


class ResourceCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = "resources.ResourceCategory"


# --- Blog ---------------------------------------------------------------------------
class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes things."

    class Meta:
        model = "blog.Author"


def add_post(parent, authors=(), tags=(), **fields):
    """A live blog post with authors and tags, saved without revisions: fast enough to build hundreds in a test."""
    from blog.models import BlogPostAuthor

    fields.setdefault("title", f"Post {BlogPostPage.objects.count() + 1}")
    fields.setdefault("summary", f"What {fields['title']} is about.")
    fields.setdefault("date", timezone.now())
    post = BlogPostPage(**fields)
    post.post_authors = [BlogPostAuthor(author=author, sort_order=i) for i, author in enumerate(authors)]
    if tags:
        post.tags.add(*tags)
    parent.add_child(instance=post)
    return post


def bulk_posts(parent, count, authors=(), tags=(), images=()):
    """`count` live posts under `parent` in a few queries: Page rows in bulk, then each post's own row raw.

    Only for query-count tests that need hundreds of posts; the page tree stays valid (paths, numchild).
    """
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.models import Page

    from blog.models import BlogPostAuthor, BlogPostTag

    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(BlogPostPage)
    last = parent.get_last_child()
    start = int(last.path[-Page.steplen :], 36) + 1 if last else 1
    now = timezone.now()
    pages = []
    for offset in range(count):
        number = start + offset
        slug = f"bulk-{number}"
        pages.append(
            Page(
                title=f"Bulk post {number}",
                draft_title=f"Bulk post {number}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, number),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(pages)
    ids = Page.objects.filter(path__in=[page.path for page in pages]).values_list("pk", flat=True)
    tag_objects = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in tags]
    links, taggings = [], []
    for n, page_id in enumerate(sorted(ids)):
        post = BlogPostPage(
            page_ptr_id=page_id,
            summary="Bulk summary.",
            date=now,
            hero_image=images[n % len(images)] if images else None,
            hero_alt="A picture" if images else "",
            body=[("paragraph", "<p>Bulk body.</p>")],
            reading_time=1,
        )
        post.save_base(raw=True)
        links += [BlogPostAuthor(page_id=page_id, author=author, sort_order=i) for i, author in enumerate(authors)]
        taggings += [BlogPostTag(content_object_id=page_id, tag=tag) for tag in tag_objects]
    BlogPostAuthor.objects.bulk_create(links)
    BlogPostTag.objects.bulk_create(taggings)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
