import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Site
from wagtail.search import index
from wagtailseo.models import SeoMixin, SeoType, TwitterCard

from home.blocks import LinkBlock
from home.models import BasePage
from home.seo import absolute_url, image_alt, page_path
from ops.http import public_cache
from ops.params import parse_int

from .blocks import PostStreamBlock
from .share import share_links

WORDS_PER_MINUTE = 230


def images_with_renditions():
    return get_image_model().objects.prefetch_renditions()


def card_prefetches():
    """What a post card shows: tags, authors in order and hero renditions, a query each per listing (the hero image
    itself comes with the posts, see with_card_data)."""
    return [
        "tags",
        Prefetch("post_authors", queryset=BlogPostAuthor.objects.select_related("author").order_by("sort_order", "pk")),
        "hero_image__renditions",
    ]


def with_card_data(posts):
    return posts.select_related("hero_image").prefetch_related(*card_prefetches())


@register_setting(icon="doc-full")
class BlogSettings(BaseSiteSetting):
    feed_full_content = models.BooleanField(
        default=True,
        verbose_name="Full posts in feeds",
        help_text="Feed readers get the whole post. Untick to send only the summary and a link.",
    )
    feed_item_count = models.PositiveSmallIntegerField(
        default=20, help_text="How many of the latest posts the feeds list.", verbose_name="Posts per feed"
    )

    panels = [FieldPanel("feed_full_content"), FieldPanel("feed_item_count")]

    class Meta:
        verbose_name = "blog"


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, help_text="The author's archive address: /blog/author/<slug>/")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Founder, Engineer")
    bio = models.TextField(blank=True, max_length=1000)
    links = StreamField([("link", LinkBlock())], blank=True, max_num=6, help_text="Website and social profiles.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("links"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogPostAuthor(Orderable):
    page = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1

    posts_per_page = 10
    seo_item_list_source = "posts"  # JSON-LD: a CollectionPage whose ItemList is the newest posts

    @property
    def posts(self):
        return self.post_queryset()

    def post_queryset(self, with_body=False):
        """Live, public posts, newest first, with authors, tags and hero renditions prefetched."""
        posts = BlogPostPage.objects.child_of(self).live().public()
        if not with_body:
            posts = posts.defer_streamfields()
        return with_card_data(posts).order_by("-date", "-pk")

    def paginate(self, request, posts):
        return Paginator(posts, self.posts_per_page).get_page(parse_int(request.GET.get("page"), default=1))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["feeds"] = self.feed_links(request=request)
        return context

    def feed_links(self, tag=None, request=None):
        # The request knows its site already; get_site() would look it up again.
        site = Site.find_for_request(request) if request is not None else None
        base = settings.BASE_URL + self.relative_url(site or self.get_site())
        prefix = f"tag/{tag.slug}/" if tag else ""
        suffix = f" · {tag.name}" if tag else ""
        return [
            {"type": "application/rss+xml", "title": f"{self.title}{suffix} (RSS)", "href": f"{base}{prefix}rss/"},
            {"type": "application/atom+xml", "title": f"{self.title}{suffix} (Atom)", "href": f"{base}{prefix}atom/"},
        ]

    def get_sitemap_urls(self, request=None):
        """The index, plus every tag and author archive that has a live post (one query each)."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"]
        live = BlogPostPage.objects.child_of(self).live().public()
        tags = (
            BlogPostTag.objects.filter(content_object__in=live)
            .values("tag__slug")
            .annotate(lastmod=Max("content_object__last_published_at"))
            .order_by("tag__slug")
        )
        authors = (
            BlogPostAuthor.objects.filter(page__in=live)
            .values("author__slug")
            .annotate(lastmod=Max("page__last_published_at"))
            .order_by("author__slug")
        )
        urls += [{"location": f"{base}tag/{row['tag__slug']}/", "lastmod": row["lastmod"]} for row in tags]
        urls += [{"location": f"{base}author/{row['author__slug']}/", "lastmod": row["lastmod"]} for row in authors]
        return urls

    @path("")
    def index(self, request):
        posts = self.paginate(request, self.posts)
        self.set_seo_listing(request, number=posts.number)
        return self.render(request, context_overrides={"posts": posts})

    @path("tag/<slug:slug>/")
    def tag_archive(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        posts = self.paginate(request, self.posts.filter(tags=tag))
        self.set_seo_listing(
            request,
            number=posts.number,
            title=f"Posts tagged “{tag.name}”",
            description=f"Every post about {tag.name} on {self.title}, newest first. {self.intro}",
        )
        return self.render(
            request,
            context_overrides={
                "posts": posts,
                "archive_title": f"Posts tagged “{tag.name}”",
                "tag": tag,
                "feeds": self.feed_links(tag, request=request),
            },
        )

    @path("author/<slug:slug>/")
    def author_archive(self, request, slug):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
        posts = self.paginate(request, self.posts.filter(post_authors__author=author))
        self.set_seo_listing(
            request,
            number=posts.number,
            title=f"Posts by {author.name}",
            description=f"Posts by {author.name} on {self.title}. {author.role} {author.bio}",
        )
        return self.render(
            request,
            context_overrides={
                "posts": posts,
                "archive_title": f"Posts by {author.name}",
                "author": author,
            },
        )

    @path("rss/", name="rss")
    @path("atom/", name="atom")
    @path("tag/<slug:slug>/rss/", name="tag_rss")
    @path("tag/<slug:slug>/atom/", name="tag_atom")
    def feed(self, request, slug=None):
        from .feeds import PostsFeed

        tag = get_object_or_404(Tag, slug=slug) if slug else None
        kind = "atom" if request.path.rstrip("/").endswith("atom") else "rss"
        return public_cache(PostsFeed(self, kind=kind, tag=tag)(request))

    @path("share/mastodon/<id:post_id>/", name="share_mastodon")
    def share_mastodon(self, request, post_id):
        from .share import mastodon_share_response

        post = BlogPostPage.objects.child_of(self).live().public().filter(pk=post_id).first()
        if post is None:
            raise Http404("No such post")
        return mastodon_share_response(request, post)


class BlogPostPage(BasePage):
    summary = models.TextField(
        max_length=300,
        help_text=(
            "One or two sentences for cards, feeds, social networks and search engines (the Promote tab's Search "
            "description overrides it for search engines only)."
        ),
    )
    # One description for a post: the summary. BasePage's listing summary would be a third field saying the same.
    listing_summary = None
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text=(
            "Leave empty to use the image's description from the image library. Fill in only when this post needs "
            "the image described differently."
        ),
    )
    date = models.DateTimeField("published date", default=timezone.now)
    updated = models.DateTimeField(
        "last updated", null=True, blank=True, help_text="Set when you change a post in a way readers should know."
    )
    reading_time = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Minutes, computed from the body on save."
    )
    body = StreamField(PostStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading="Hero image"),
        FieldPanel("body"),
        InlinePanel("post_authors", label="Author", heading="Authors"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("updated"), FieldPanel("tags")], heading="Details"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    seo_content_type = SeoType.ARTICLE
    seo_twitter_card = TwitterCard.LARGE
    seo_description_sources = ["search_description", "summary"]
    seo_image_sources = ["og_image", "hero_image"]

    promote_panels = SeoMixin.seo_panels + BasePage.noindex_panels

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "blog post"

    @property
    def hero_image_alt(self):
        """The hero's alt text: this post's override, else the image's description in the library."""
        return image_alt(self.hero_image, self.hero_alt) if self.hero_image_id else ""

    @classmethod
    def listing_index(cls):
        return BlogIndexPage.objects.live().public().only(*cls.LISTING_INDEX_FIELDS).first()

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt:
            raise ValidationError(
                {
                    "hero_alt": "Describe the hero image here, or give it a description in the image library: "
                    "screen readers and search engines need it."
                }
            )

    def save(self, *args, **kwargs):
        self.reading_time = self.compute_reading_time()
        return super().save(*args, **kwargs)

    def compute_reading_time(self):
        text = " ".join([self.title or "", self.summary or "", strip_tags(self.body_text())])
        return max(1, math.ceil(len(re.findall(r"\w+", text)) / WORDS_PER_MINUTE))

    def body_text(self):
        parts = []
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(block.value.source)
            elif block.block_type in ("heading",):
                parts.append(str(block.value))
            elif block.block_type == "code":
                parts.append(block.value.get("code", ""))
            elif block.block_type == "quote":
                parts.append(block.value.get("quote", ""))
            elif block.block_type == "image":
                parts.append(block.value.get("caption", ""))
        return " ".join(parts)

    @cached_property
    def authors(self):
        """The post's authors in the editor's order (uses the listing's prefetch when there is one).

        Cached: the page, its meta tags and its structured data all ask for them.
        """
        items = getattr(self, "_prefetched_objects_cache", {}).get("post_authors")
        if items is None:
            return self.author_list()
        return [item.author for item in items]

    def get_structured_data_authors(self):
        index_path = page_path(self.blog_index)
        people = [
            {"@type": "Person", "name": author.name, "url": absolute_url(f"{index_path}author/{author.slug}/")}
            for author in self.authors
            if author.name.strip()
        ]
        return people or super().get_structured_data_authors()

    @cached_property
    def tag_list(self):
        self.load_page_data()
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @cached_property
    def blog_index(self):
        return self.get_parent().specific

    def share_links(self, request=None):
        return share_links(self, request)

    def related_posts(self, count=3, prefetch=True):
        """Posts sharing the most tags with this one, topped up with the latest posts, in one query."""
        tags = BlogPostTag.objects.filter(content_object_id=self.pk).values("tag_id")
        shared = (
            BlogPostTag.objects.filter(content_object=OuterRef("pk"), tag__in=tags)
            .values("content_object")
            .annotate(count=Count("pk"))
            .values("count")
        )
        related = list(
            BlogPostPage.objects.live()
            .public()
            .defer_streamfields()
            .exclude(pk=self.pk)
            .select_related("hero_image")
            .annotate(shared=Coalesce(Subquery(shared), 0))
            .order_by("-shared", "-date", "-pk")[:count]
        )
        if prefetch:
            # One more query each for tags, authors and renditions, for all cards together.
            prefetch_related_objects(related, *card_prefetches())
        return related

    def load_page_data(self):
        """What the post's page shows besides its own row, for it and its related posts together: the related posts,
        tags, authors with their photos, the hero, and every image's renditions: five queries (remembered).

        Not in previews: the editor's unsaved tags and authors live on the instance, not in the database.
        """
        request = getattr(self, "_seo_request", None)
        if "page_data" in self.__dict__ or request is None or self.pk is None or getattr(request, "is_preview", False):
            return self.__dict__.get("page_data")
        related = self.related_posts(prefetch=False)
        posts = [self, *related]
        authors = BlogPostAuthor.objects.select_related("author__photo").order_by("sort_order", "pk")
        prefetch_related_objects(posts, "tags", Prefetch("post_authors", queryset=authors), "hero_image")
        images = [post.hero_image for post in posts]
        images += [link.author.photo for post in posts for link in post.post_authors.all()]
        prefetch_related_objects(list({id(image): image for image in images if image}.values()), "renditions")
        self.__dict__["page_data"] = related
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: each is queried only if the template shows it.
        if getattr(request, "is_preview", False):
            context["authors"] = self.authors  # the editor's unsaved choice
        else:
            context["authors"] = SimpleLazyObject(self.author_list)
        context["hero"] = SimpleLazyObject(self.hero_with_renditions)
        context["related_posts"] = SimpleLazyObject(lambda: self.load_page_data() or self.related_posts())
        context["share_links"] = SimpleLazyObject(lambda: self.share_links(request))
        index_page = SimpleLazyObject(lambda: self.blog_index)
        context["blog_index"] = index_page
        context["feeds"] = SimpleLazyObject(lambda: index_page.feed_links(request=request))
        return context

    def author_list(self):
        """The authors with their photos and the photos' renditions, in two queries (remembered)."""
        if self.load_page_data() is not None:
            return [link.author for link in self.post_authors.all()]
        if "author_rows" not in self.__dict__:
            links = (
                BlogPostAuthor.objects.filter(page=self)
                .select_related("author__photo")
                .prefetch_related("author__photo__renditions")
                .order_by("sort_order", "pk")
            )
            self.__dict__["author_rows"] = [link.author for link in links]
        return self.__dict__["author_rows"]

    def hero_with_renditions(self):
        """The hero and its renditions in two queries, instead of one per size in the srcset (remembered)."""
        if self.load_page_data() is not None:
            return self.hero_image
        if self.hero_image_id and "hero_loaded" not in self.__dict__:
            self.hero_image = images_with_renditions().filter(pk=self.hero_image_id).first()
            self.__dict__["hero_loaded"] = True
        return self.hero_image

    @property
    def seo_image(self):
        self.hero_with_renditions()  # the social card and the page share one read of the hero
        return super().seo_image
