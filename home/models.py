import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction, Site
from wagtailseo.models import SeoMixin

from .blocks import HomeStreamBlock, LinkBlock, SocialAccountBlock, StandardStreamBlock
from .seo import SeoPageMixin, absolute_url, page_path


class ListingMixin(models.Model):
    """A short summary used on cards and as the fallback search description."""

    listing_summary = models.TextField(
        blank=True, max_length=300, help_text="Shown on cards that link to this page, and to search engines."
    )

    listing_panels = [FieldPanel("listing_summary")]

    class Meta:
        abstract = True


class NoIndexMixin(models.Model):
    """Keeps one page out of search engines: a robots meta tag, and no sitemap entry."""

    noindex = models.BooleanField(
        "hide from search engines",
        default=False,
        help_text="Asks search engines not to index this page and leaves it out of the sitemap.",
    )

    noindex_panels = [MultiFieldPanel([FieldPanel("noindex")], heading="Search engines")]

    class Meta:
        abstract = True


class BasePageForm(WagtailAdminPageForm):
    """Says in which time zone the schedule dialog's times are: Wagtail's dialog shows none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The time zone the admin reads the times in: the editor's own (Account settings) or the server's TIME_ZONE.
        zone = timezone.get_current_timezone_name()
        for name in ("go_live_at", "expire_at"):
            if name in self.fields:
                self.fields[name].help_text = f"Time zone: {zone}."


# How many alias-of-alias links BasePage.get_view_restrictions follows to a page's source.
ALIAS_LINKS = 4


class BasePageQuerySet(PageQuerySet):
    def public(self):
        """Wagtail's public(), in the same query: Wagtail first reads every view restriction to build its filter.

        A page is private when a restricted page's path starts its own (the page itself or an ancestor).
        """
        restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
        return self.filter(~Exists(restricted))

    def listed(self):
        return self.live().public().defer_streamfields()


BasePageManager = PageManager.from_queryset(BasePageQuerySet)


class BasePage(ListingMixin, NoIndexMixin, SeoPageMixin, SeoMixin, Page):
    seo_description_sources = ["search_description", "listing_summary"]

    promote_panels = SeoMixin.seo_panels + ListingMixin.listing_panels + NoIndexMixin.noindex_panels
    base_form_class = BasePageForm

    objects = BasePageManager()

    class Meta:
        abstract = True

    # What a landing-page section (home.blocks.FeaturedPagesBlock) asks a page type for. Page types shown there
    # override these; home itself knows none of them.
    @classmethod
    def featured_for_landing(cls, count):
        """The `count` pages of this type a section shows when the editor chose none."""
        return cls.objects.listed()[:count]

    # What a section reads of its listing_index(): its URL, and whether a private section holds it. Loading only
    # these halves the query's cost on every landing page's first render.
    LISTING_INDEX_FIELDS = ("path", "url_path")

    @classmethod
    def listing_index(cls):
        """The live page that lists every page of this type (the section's "All ... →" link), or None.

        Page types override it with a query that loads LISTING_INDEX_FIELDS only."""
        return None

    # Site settings (app_label.Model) this page type shows besides home.site_settings.PAGE_SETTINGS, read with them.
    site_settings_labels = ()

    # Set while the page is served: ops' before_serve_page hook and Wagtail's own check both ask.
    served_view_restrictions = None

    def get_view_restrictions(self):
        """Wagtail's restrictions for this page in one query instead of two (ancestors, then restrictions).

        As in Wagtail, an alias (the page or an ancestor) takes its source's restrictions, not its own; Wagtail
        follows alias chains to the end, we follow four links (aliases of aliases of aliases are rare already).
        """
        if self.served_view_restrictions is not None:
            return self.served_view_restrictions
        if self.pk is None or not self.path:
            return super().get_view_restrictions()
        links = [f"{'alias_of__' * depth}alias_of_id" for depth in range(ALIAS_LINKS - 1, -1, -1)]
        sources = Page.objects.ancestor_of(self, inclusive=True).annotate(source=Coalesce(*links, "id"))
        return PageViewRestriction.objects.filter(page_id__in=sources.values("source"))

    def note_view_restrictions(self):
        """The restrictions, read once for the request that serves this page and kept for the rest of it."""
        restrictions = self.get_view_restrictions()
        bool(restrictions)  # evaluated here, so later asks reuse the rows
        self.served_view_restrictions = restrictions
        return restrictions

    def get_site(self):
        """The site of the request being rendered when the page is in it (no query), else Wagtail's answer.

        wagtail-seo asks for the site several times per render; each ask would be a query.
        """
        if "site_of_page" not in self.__dict__:
            request = getattr(self, "_seo_request", None)
            site = Site.find_for_request(request) if request is not None else None
            # find_for_request reads the root page with the site: comparing paths costs nothing.
            if site is None or not self.path.startswith(site.root_page.path):
                site = super().get_site()
            self.__dict__["site_of_page"] = site
        return self.__dict__["site_of_page"]

    def get_sitemap_urls(self, request=None):
        """This page's sitemap entries, on BASE_URL. Archive pages add theirs with `super().get_sitemap_urls(...)`."""
        if self.seo_noindex or self.canonical_url:
            # A page that points search engines elsewhere has no business in the sitemap.
            return []
        path = page_path(self, request)
        if path is None:
            return []
        return [{"location": absolute_url(path), "lastmod": self.last_published_at}]


class HomePage(BasePage):
    body = StreamField(HomeStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "resources.ResourceIndexPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "landing page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["landing_variant"] = landing_variant(request, self)
        return context


def landing_variant(request, page):
    """What a feature app shows in place of the landing page's hero for now (the launch app's waitlist), or "".

    Each `landing_page_variant` hook is called with the request and the page and returns HTML (a SafeString) or
    None; the first HTML wins. The page is cached for visitors: the HTML must be the same for everyone, and the
    app purges the cache when its answer changes (a settings save does).
    """
    for hook in hooks.get_hooks("landing_page_variant"):
        html = hook(request, page)
        if html:
            return html
    return ""


class StandardPage(BasePage):
    """About, privacy and other plain pages."""

    intro = models.TextField(blank=True, max_length=400)
    body = StreamField(StandardStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    header_links = StreamField([("link", LinkBlock())], blank=True, max_num=8)
    header_cta = StreamField(
        [("link", LinkBlock())], blank=True, max_num=1, verbose_name="Header button", help_text="One prominent link."
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, max_num=12)
    footer_text = models.CharField(max_length=255, blank=True, help_text="A line under the footer links.")
    show_footer_signup = models.BooleanField(default=True, help_text="Show the signup form in the footer.")

    panels = [
        MultiFieldPanel([FieldPanel("header_links"), FieldPanel("header_cta")], heading="Header"),
        MultiFieldPanel(
            [FieldPanel("footer_links"), FieldPanel("footer_text"), FieldPanel("show_footer_signup")],
            heading="Footer",
        ),
    ]

    class Meta:
        verbose_name = "navigation"


ROBOTS_LINE = re.compile(r"^\s*(#.*|[A-Za-z][A-Za-z-]*\s*:.*)?$")


def validate_robots_rules(value):
    bad = [line for line in value.splitlines() if not ROBOTS_LINE.match(line)]
    if bad:
        raise ValidationError(
            "Each line must be a rule like “Disallow: /private/”, a comment starting with #, or empty. Not valid: %s",
            params=(", ".join(f"“{line}”" for line in bad[:3]),),
        )


@register_setting(icon="search")
class RobotsSettings(BaseSiteSetting):
    """robots.txt: our fixed rules (admin and search results stay out), the editor's, and the sitemap's address."""

    extra_rules = models.TextField(
        blank=True,
        validators=[validate_robots_rules],
        help_text=(
            "Added after “User-agent: * / Disallow: /admin/ / Disallow: /search/”. A “Disallow: /path/” line extends "
            "that group; start a new group with “User-agent: SomeBot”. The Sitemap line is added for you."
        ),
    )

    panels = [FieldPanel("extra_rules")]

    class Meta:
        verbose_name = "robots.txt"


@register_setting(icon="site")
class SocialMediaSettings(BaseSiteSetting):
    accounts = StreamField([("account", SocialAccountBlock())], blank=True, max_num=12)

    panels = [FieldPanel("accounts")]

    class Meta:
        verbose_name = "social accounts"
