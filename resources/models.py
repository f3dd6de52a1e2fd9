from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Prefetch
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import PageManager
from wagtail.search import index

from home.models import BasePage, BasePageQuerySet
from ops.cache import purge_page, purge_pages


def dead_after_failures():
    """How many failed checks in a row flag a link as dead (setting RESOURCES_DEAD_AFTER_FAILURES)."""
    return max(1, settings.RESOURCES_DEAD_AFTER_FAILURES)


class ResourceCategory(models.Model):
    """An editor-managed, ordered category of the directory."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the directory's filter URLs.")
    description = models.CharField(max_length=255, blank=True)
    sort_order = models.IntegerField(default=0, db_index=True, help_text="Lower numbers come first.")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "resource categories"

    def __str__(self):
        return self.name


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey("resources.ResourcePage", related_name="tagged_items", on_delete=models.CASCADE)


class Kind(models.TextChoices):
    TOOL = "tool", "Tool"
    SERVICE = "service", "Service"
    COMMUNITY = "community", "Community"
    ARTICLE = "article", "Article or book"
    PERSON = "person", "Person"
    PARTNER = "partner", "Partner business"


class Pricing(models.TextChoices):
    FREE = "free", "Free"
    FREEMIUM = "freemium", "Freemium"
    PAID = "paid", "Paid"


class Sort(models.TextChoices):
    FEATURED = "featured", "Featured first"
    NAME = "name", "Name"
    NEWEST = "newest", "Newest"


class ResourceIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    resources_per_page = 30
    partners_shown = 12
    seo_item_list_source = "resources"  # JSON-LD: a CollectionPage whose ItemList is the directory

    @property
    def resources(self):
        """Every listed resource of this directory, with what a card needs fetched in a constant number of queries."""
        return ResourcePage.objects.child_of(self).listed().for_cards()

    @path("")
    def directory(self, request):
        from .directory import directory_context

        context = directory_context(self, request)
        self.directory_canonical_url = context["canonical_url"]
        self.set_seo_listing(request)  # later pages are titled and described with their number
        if request.headers.get("X-Requested-With") == "fetch":
            # The script swaps only the results; it asks for the same URL, so the list is never out of step.
            response = TemplateResponse(
                request, "resources/includes/directory_results.html", {**context, "page": self, "self": self}
            )
        else:
            response = self.render(request, context_overrides=context)
        patch_vary_headers(response, ["X-Requested-With"])
        return response

    @property
    def seo_canonical_url(self):
        # Each filter combination has one address; the directory view sets it per request.
        return getattr(self, "directory_canonical_url", None) or super().seo_canonical_url

    @path("suggest/")
    def suggest(self, request):
        from .views import suggest

        return suggest(self, request)


SEARCH_SEPARATOR = "\x1e"
SEARCH_TEXT_SOURCES = {"title", "description", "tags", "tagged_items"}


def search_text_for(title, description, tag_names):
    # A separator no visitor types keeps a search from matching across the end of one field and the next.
    return SEARCH_SEPARATOR.join([title or "", description or "", *sorted(tag_names)]).lower()


def refresh_search_text(resources):
    pages = list(resources.order_by().prefetch_related("tags"))
    for page in pages:
        page.search_text = search_text_for(page.title, page.description, [tag.name for tag in page.tags.all()])
    ResourcePage.objects.bulk_update(pages, ["search_text"], batch_size=500)


class ResourcePageQuerySet(BasePageQuerySet):
    def for_cards(self):
        # No tags: cards don't show them, and prefetching taggit tags costs a queryset per card.
        Image = get_image_model()
        return self.select_related("category", "health").prefetch_related(
            Prefetch("logo", queryset=Image.objects.prefetch_renditions("fill-64x64"))
        )

    def alive(self):
        return self.exclude(health__dead=True)


ResourcePageManager = PageManager.from_queryset(ResourcePageQuerySet)


class ResourcePage(BasePage):
    # Not "url": that name is Page.url, the page's own address.
    external_url = models.URLField("URL", max_length=500)
    description = models.TextField(
        max_length=400, help_text="Why this resource is worth a visit, in a sentence or two."
    )
    notes = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    category = models.ForeignKey(
        ResourceCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOOL, db_index=True)
    pricing = models.CharField(max_length=20, choices=Pricing.choices, blank=True, db_index=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    favicon_url = models.URLField(
        max_length=500, blank=True, help_text="Used when there is no logo. Filled in when you paste the URL."
    )
    featured = models.BooleanField(default=False, db_index=True)

    partner_blurb = models.TextField(blank=True, max_length=600, help_text="Partner businesses: what they offer.")
    offer = models.CharField(blank=True, max_length=200, help_text="Partner offer, e.g. '20% off the first year'.")
    offer_code = models.CharField(blank=True, max_length=60, help_text="Discount code visitors type in.")
    partner_contact = models.CharField(blank=True, max_length=200, help_text="Email or page to contact the partner.")
    sponsored = models.BooleanField(
        default=False, help_text="A paid partnership: its links carry rel=sponsored and it is labelled as such."
    )
    is_example = models.BooleanField(default=False, help_text="Demo content: labelled as an example to visitors.")
    # What the directory's search looks in, lowercased in one column: one LIKE instead of three, no join to tags.
    search_text = models.TextField(blank=True, editable=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("external_url"),
        FieldPanel("description"),
        FieldPanel("notes"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("kind"), FieldPanel("tags"), FieldPanel("pricing")],
            heading="Filing",
        ),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("favicon_url"), FieldPanel("featured")], heading="Display"),
        MultiFieldPanel(
            [
                FieldPanel("partner_blurb"),
                FieldPanel("offer"),
                FieldPanel("offer_code"),
                FieldPanel("partner_contact"),
                FieldPanel("sponsored"),
                FieldPanel("is_example"),
            ],
            heading="Partner business",
            classname="collapsed",
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("notes"),
        index.SearchField("external_url"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("pricing"),
        index.FilterField("featured"),
    ]
    seo_description_sources = ["search_description", "listing_summary", "description"]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    objects = ResourcePageManager()

    class Meta:
        verbose_name = "resource"
        permissions = [("import_resources", "Can import resources from CSV")]

    @classmethod
    def featured_for_landing(cls, count):
        """Featured resources first, then the newest."""
        # Ids first: sorting narrow rows, then loading the cards, beats sorting every whole page row.
        ids = list(
            cls.objects.listed()
            .order_by("-featured", "-first_published_at", "-pk")
            .values_list("pk", flat=True)[:count]
        )
        cards = cls.objects.order_by().for_cards().in_bulk(ids)
        return [cards[pk] for pk in ids if pk in cards]

    @classmethod
    def listing_index(cls):
        return ResourceIndexPage.objects.live().public().only(*cls.LISTING_INDEX_FIELDS).first()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCH_TEXT_SOURCES.intersection(update_fields):
            self.search_text = search_text_for(self.title, self.description, [tag.name for tag in self.tags.all()])
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)

    @cached_property
    def go_url(self):
        """The counted outbound link (the directory sets it for a page of cards at once)."""
        return reverse("resources:go", args=[self.pk])

    @property
    def outbound_rel(self):
        return "sponsored noopener" if self.sponsored else "noopener"

    @cached_property
    def link_health(self):
        try:
            return self.health
        except LinkHealth.DoesNotExist:
            return None

    @property
    def is_dead(self):
        return bool(self.link_health and self.link_health.dead)

    @property
    def archive_url(self):
        return f"https://web.archive.org/web/{self.external_url}"


class LinkHealth(models.Model):
    """The link checker's findings, kept apart from the page so revisions never overwrite them."""

    resource = models.OneToOneField(ResourcePage, on_delete=models.CASCADE, related_name="health")
    checked_url = models.URLField(max_length=500, blank=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)
    final_url = models.URLField(max_length=2000, blank=True, help_text="Where the redirects ended.")
    redirects = models.JSONField(default=list, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    dead = models.BooleanField(default=False, db_index=True)
    dead_since = models.DateTimeField(null=True, blank=True, help_text="When the link was first flagged dead.")

    class Meta:
        verbose_name = "link health"
        verbose_name_plural = "link health"

    def __str__(self):
        return f"{self.resource_id}: {self.status_code or self.error or 'unchecked'}"

    @property
    def ok(self):
        return self.consecutive_failures == 0 and self.last_checked_at is not None

    @property
    def days_since_check(self):
        if not self.last_checked_at:
            return None
        return (timezone.now() - self.last_checked_at).days


class ResourceClickQuerySet(models.QuerySet):
    def total_for(self, resource_id):
        return self.filter(resource_id=resource_id).aggregate(total=models.Sum("count"))["total"] or 0


class ResourceClick(models.Model):
    """Outbound clicks: one row per resource per day."""

    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="clicks")
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    objects = ResourceClickQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "day"], name="resources_click_per_day")]

    def __str__(self):
        return f"{self.resource_id} {self.day}: {self.count}"


def record_click(resource_id, day=None):
    """Count one outbound click for a resource today; safe under concurrency on PostgreSQL and SQLite.

    An UPDATE with F() is atomic; when no row exists yet the INSERT races with other requests, and the loser
    of that race falls back to the UPDATE.
    """
    day = day or timezone.localdate()
    rows = ResourceClick.objects.filter(resource_id=resource_id, day=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ResourceClick.objects.create(resource_id=resource_id, day=day, count=1)
    except IntegrityError:
        rows.update(count=F("count") + 1)


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class ResourceSuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SuggestionStatus.PENDING)


class ResourceSuggestion(models.Model):
    """A visitor's suggestion, waiting in the moderation queue."""

    name = models.CharField(max_length=120)
    url = models.URLField("URL", max_length=500)
    why = models.TextField(max_length=1000)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING, db_index=True
    )
    reject_reason = models.TextField(blank=True, max_length=1000)
    resource = models.ForeignKey(
        ResourcePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ResourceSuggestionQuerySet.as_manager()

    # Status changes only through the approve and reject actions, so a decision always has its page or reason.
    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("why"), FieldPanel("email")]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.url})"

    @transaction.atomic
    def approve(self, user=None):
        """Make a draft resource from this suggestion; returns the draft."""
        if self.status == SuggestionStatus.APPROVED and self.resource_id:
            return self.resource
        index_page = ResourceIndexPage.objects.first()
        if index_page is None:
            raise ValueError("There is no resources directory to add the resource to.")
        page = ResourcePage(
            title=self.name[:255],
            external_url=self.url,
            description=self.why[:400],
            live=False,
        )
        index_page.add_child(instance=page)
        page.save_revision(user=user)
        self.status = SuggestionStatus.APPROVED
        self.resource = page
        self.decided_at = timezone.now()
        self.decided_by = user
        self.save()
        return page

    def reject(self, reason, user=None):
        self.status = SuggestionStatus.REJECTED
        self.reject_reason = reason
        self.decided_at = timezone.now()
        self.decided_by = user
        self.save()


class DeadLinkDisplay(models.TextChoices):
    HIDE = "hide", "Hide resources whose link is dead"
    ARCHIVE = "archive", "Show them with a link to an archived copy"


@register_setting(icon="link")
class ResourceSettings(BaseSiteSetting):
    dead_links = models.CharField(
        max_length=20,
        choices=DeadLinkDisplay.choices,
        default=DeadLinkDisplay.ARCHIVE,
        help_text="What visitors see when the link checker has flagged a resource's link as dead.",
    )

    panels = [FieldPanel("dead_links")]

    class Meta:
        verbose_name = "resources directory"


class DirectorySummary(models.Model):
    """What the unfiltered directory shows of all its resources, stored so its first render after a change reads one
    row instead of aggregating every resource: counts per category and kind, the top tags, the first page's cards.

    It goes stale exactly when the directory's stored page does: every purge that reaches the directory bumps
    `version` (in the change's transaction) and rewrites the summary once the change is committed
    (resources/directory.py). A render uses `data` only if it was computed at the current version, within
    PAGE_CACHE_SECONDS (the page cache's own bound), for the current dead-link setting; otherwise it aggregates.
    """

    index_page = models.OneToOneField(ResourceIndexPage, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveIntegerField(default=0)
    computed_version = models.IntegerField(default=-1)
    computed_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return f"Summary of {self.index_page_id} (version {self.version})"


def tags_in_use(index_page, limit=40):
    """The most used tags among the directory's published resources, in one query (the directory caches it)."""
    return list(
        Tag.objects.filter(
            resources_resourcepagetag_items__content_object__live=True,
            resources_resourcepagetag_items__content_object__path__startswith=index_page.path,
        )
        .annotate(n=Count("resources_resourcepagetag_items"))
        .order_by("-n", "name")
        .values("name", "slug", "n")[:limit]
    )


def tag_renamed(sender, instance, created=False, **kwargs):
    if not created:
        tagged = ResourcePage.objects.filter(tagged_items__tag=instance)
        if tagged.exists():
            refresh_search_text(tagged)
            purge_directory()


def remember_tagged_before_delete(sender, instance, **kwargs):
    instance._tagged_resource_ids = list(
        ResourcePageTag.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    )


def tag_deleted(sender, instance, **kwargs):
    tagged_ids = getattr(instance, "_tagged_resource_ids", [])
    if tagged_ids:
        refresh_search_text(ResourcePage.objects.filter(pk__in=tagged_ids))
        purge_directory()


def purge_directory():
    """Tag names show on resource pages and in the directory's tag filter: its whole section."""
    purge_pages(ResourceIndexPage.objects.live(), with_subtree=True)


def remember_dead(sender, instance, **kwargs):
    # __dict__, not the attribute: a deferred field must not cost a query per loaded row.
    instance._was_dead = instance.__dict__.get("dead", False)


def link_health_saved(sender, instance, created=False, **kwargs):
    # The directory hides or labels dead links, in cached pages and cached counts alike.
    if instance.dead != (False if created else getattr(instance, "_was_dead", False)):
        purge_page(instance.resource)
    instance._was_dead = instance.dead


def link_health_deleted(sender, instance, **kwargs):
    if instance.dead:
        purge_page(instance.resource)


def category_changed(sender, instance, **kwargs):
    # Category names, order and counts show on the directory and every resource page.
    purge_directory()
