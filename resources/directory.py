"""The directory's filters: parsed from the query string, combined, and turned back into canonical URLs."""

import logging
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from home.seo import absolute_url, page_path
from ops.params import parse_int

from .models import (
    SEARCH_SEPARATOR,
    DeadLinkDisplay,
    DirectorySummary,
    Kind,
    Pricing,
    ResourceCategory,
    ResourceIndexPage,
    ResourcePage,
    ResourcePageTag,
    ResourceSettings,
    Sort,
    tags_in_use,
)

logger = logging.getLogger(__name__)

# The order of parameters in canonical URLs, so one filter combination has exactly one address.
PARAMS = ("category", "kind", "pricing", "tag", "q", "sort")
ORDERINGS = {
    Sort.FEATURED: ("-featured", "title", "pk"),
    Sort.NAME: ("title", "pk"),
    Sort.NEWEST: (F("first_published_at").desc(nulls_last=True), "-pk"),
}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, strip=True)
    category = forms.SlugField(required=False, max_length=80)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Kind.choices], required=False)
    pricing = forms.ChoiceField(choices=[("", "Any pricing"), *Pricing.choices], required=False)
    tag = forms.SlugField(required=False, max_length=100)
    sort = forms.ChoiceField(choices=Sort.choices, required=False)


def parse_filters(query, categories):
    """The valid filters of a query string and a notice for every value ignored."""
    form = DirectoryFilterForm(query)
    form.is_valid()
    filters, notices = {}, []
    labels = {"q": "search", "category": "category", "kind": "kind", "pricing": "pricing", "tag": "tag", "sort": "sort"}
    for name in PARAMS:
        raw = query.get(name, "")
        if name in form.errors:
            notices.append(f"The {labels[name]} “{raw[:60]}” isn't one we know, so it was ignored.")
            continue
        value = form.cleaned_data.get(name)
        if value:
            filters[name] = value
    if "\x00" in filters.get("q", ""):
        filters.pop("q")
        notices.append("The search contained characters we can't search for, so it was ignored.")
    if "category" in filters and filters["category"] not in {c.slug for c in categories}:
        notices.append(f"There is no category “{filters.pop('category')[:60]}”, so all categories are shown.")
    if filters.get("sort") == Sort.FEATURED:
        filters.pop("sort")  # the default; one address per listing
    return filters, notices


def apply_filters(queryset, filters, categories, skip=()):
    by_slug = {c.slug: c for c in categories}
    if "category" in filters and "category" not in skip:
        queryset = queryset.filter(category=by_slug[filters["category"]])
    if "kind" in filters and "kind" not in skip:
        queryset = queryset.filter(kind=filters["kind"])
    if "pricing" in filters:
        queryset = queryset.filter(pricing=filters["pricing"])
    if "tag" in filters:
        # An uncorrelated IN (subquery) is evaluated once; a correlated EXISTS ran per row on SQLite.
        queryset = queryset.filter(
            pk__in=ResourcePageTag.objects.filter(tag__slug=filters["tag"]).values("content_object_id")
        )
    if "q" in filters:
        q = filters["q"]
        if SEARCH_SEPARATOR in q:
            queryset = queryset.filter(
                Q(title__icontains=q)
                | Q(description__icontains=q)
                | Q(pk__in=ResourcePageTag.objects.filter(tag__name__icontains=q).values("content_object_id"))
            )
        else:
            queryset = queryset.filter(search_text__contains=q.lower())
    return queryset


def query_string(filters, **changes):
    merged = {**filters, **changes}
    pairs = [(name, merged[name]) for name in PARAMS if merged.get(name)]
    if (parse_int(str(merged.get("page") or "")) or 0) > 1:
        pairs.append(("page", merged["page"]))
    return f"?{urlencode(pairs)}" if pairs else ""


def category_navigation(rows, categories, filters, page_url):
    """The category links with their counts (every filter but the category), and the total."""
    counts = {}
    for category_id, _, n in rows:
        counts[category_id] = counts.get(category_id, 0) + n
    nav = [
        {
            "name": category.name,
            "slug": category.slug,
            "count": counts.get(category.pk, 0),
            "url": page_url + query_string(filters, category=category.slug),
            "active": filters.get("category") == category.slug,
        }
        for category in categories
    ]
    return nav, sum(counts.values())


def listing_counts(rows, categories, filters):
    """How many resources the listing has, and how many partners have their own section."""
    kind = filters.get("kind")
    category_id = next((c.pk for c in categories if c.slug == filters.get("category")), None)
    in_category = [(k, n) for c, k, n in rows if category_id is None or c == category_id]
    # Partners have their own section unless the visitor asked for partners.
    listed_count = sum(n for k, n in in_category if (k == Kind.PARTNER) == (kind == Kind.PARTNER))
    partner_count = 0 if kind else sum(n for k, n in in_category if k == Kind.PARTNER)
    return listed_count, partner_count


def paginate(request, count, per_page, notices):
    """The count is known from the grouped query: paginate positions; the page's ids are fetched afterwards."""
    paginator = Paginator(range(count), per_page)
    raw_page = request.GET.get("page", "1")
    number = parse_int(raw_page, minimum=1)
    if raw_page and number is None:
        notices.append("That page number isn't one we know, so the first page is shown.")
    resources = paginator.get_page(number or 1)
    if number and number > max(paginator.num_pages, 1):
        notices.append("There is no page that far along, so the last page is shown.")
    return resources


def cards_by_id(ids, page_url):
    found = ResourcePage.objects.order_by().for_cards().in_bulk(ids)
    # Addresses built once for every card: a reverse() and a pageurl per card cost more than the cards' query.
    # A resource's page is a child of this one, so its address is this page's plus its slug.
    go_prefix = reverse("resources:go", args=[0]).removesuffix("0/")
    for card in found.values():
        card.card_url = f"{page_url}{card.slug}/"
        card.go_url = f"{go_prefix}{card.pk}/"
    return found


def neighbour_urls(resources, filters, page_url):
    previous = (
        page_url + query_string(filters, page=resources.previous_page_number()) if resources.has_previous() else None
    )
    following = page_url + query_string(filters, page=resources.next_page_number()) if resources.has_next() else None
    return previous, following


def hides_dead_links(site):
    return site is not None and ResourceSettings.for_site(site).dead_links == DeadLinkDisplay.HIDE


def listed_resources(index_page, hide_dead):
    listed = ResourcePage.objects.child_of(index_page).listed()
    return listed.alive() if hide_dead else listed


def grouped_counts(queryset):
    """(category id, kind, count) rows: the category navigation, the listing's count and the partners' count."""
    return [list(row) for row in queryset.order_by().values_list("category_id", "kind").annotate(n=Count("pk"))]


def listing_ids(filtered, kind, sort, window):
    # Ids first, then the cards by primary key: sorting narrow rows is far cheaper than sorting whole pages.
    listing = filtered if kind == Kind.PARTNER else filtered.exclude(kind=Kind.PARTNER)
    return list(listing.order_by(*ORDERINGS[sort]).values_list("pk", flat=True)[window])


def partner_ids(filtered, index_page):
    partners = filtered.filter(kind=Kind.PARTNER).order_by("-sponsored", "title")
    return list(partners.values_list("pk", flat=True)[: index_page.partners_shown])


def summarise(index_page, hide_dead):
    """What the unfiltered directory's first page shows of all its resources, as plain JSON."""
    base = listed_resources(index_page, hide_dead)
    rows = grouped_counts(base)
    return {
        "hide_dead": hide_dead,
        "rows": rows,
        "tags": tags_in_use(index_page),
        "page_ids": listing_ids(base, None, Sort.FEATURED, slice(0, index_page.resources_per_page)),
        "partner_ids": partner_ids(base, index_page) if any(kind == Kind.PARTNER for _, kind, _ in rows) else [],
    }


def store_summary(index_page, version, hide_dead):
    """Compute the summary and store it, unless a change marked it stale again meanwhile (the version moved)."""
    data = summarise(index_page, hide_dead)
    try:
        DirectorySummary.objects.filter(index_page=index_page, version=version).update(
            data=data, computed_version=version, computed_at=timezone.now()
        )
    except DatabaseError as error:  # a busy database: the next render or change stores it
        logger.warning("Could not store the directory's summary: %s", error)
    return data


def current_summary(index_page, hide_dead, refresh):
    """The stored summary if it is current; else, if `refresh`, a fresh one stored for the next render."""
    row, _ = DirectorySummary.objects.get_or_create(index_page=index_page)
    fresh_since = timezone.now() - timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    current = row.computed_version == row.version and row.computed_at and row.computed_at > fresh_since
    if current and row.data.get("hide_dead") == hide_dead:
        return row.data
    return store_summary(index_page, row.version, hide_dead) if refresh else None


def refresh_summaries():
    """After a change is committed: rewrite every summary it marked stale."""
    for row in DirectorySummary.objects.exclude(computed_version=F("version")).select_related("index_page"):
        index_page = row.index_page
        store_summary(index_page, row.version, hides_dead_links(index_page.get_site()))


def directory_purged(sender, exact=(), subtree=(), everything=False, **kwargs):
    """A purge that reaches a directory's page marks its summary stale, in the change's own transaction."""
    indexes = ResourceIndexPage.objects.all()
    if not everything:
        reached = Q(pk__in=[page.pk for page in exact])
        for page in subtree:
            reached |= Q(path__startswith=page.path)
        indexes = indexes.filter(reached)
    if DirectorySummary.objects.filter(index_page__in=indexes).update(version=F("version") + 1):
        transaction.on_commit(refresh_summaries, robust=True)


def directory_context(index_page, request):
    categories = list(ResourceCategory.objects.all())
    filters, notices = parse_filters(request.GET, categories)
    hide_dead = ResourceSettings.for_request(request).dead_links == DeadLinkDisplay.HIDE
    base = listed_resources(index_page, hide_dead)
    page_url = index_page.get_url(request)
    kind = filters.get("kind")
    # The unfiltered directory reads its counts and first cards from the summary; every listing reads its tags there.
    summary = current_summary(index_page, hide_dead, refresh=not filters)
    unfiltered = summary if not filters else None

    # One grouped query gives the category counts (every filter but the category), the listing's count and the
    # partners' count; it does not depend on the category or the sort, so one entry serves them all.
    rows = (
        unfiltered["rows"]
        if unfiltered
        else grouped_counts(apply_filters(base, filters, categories, skip=("category",)))
    )
    category_nav, total = category_navigation(rows, categories, filters, page_url)
    listed_count, partner_count = listing_counts(rows, categories, filters)
    resources = paginate(request, listed_count, index_page.resources_per_page, notices)

    filtered = apply_filters(base, filters, categories)
    if unfiltered and resources.number == 1:
        page_ids, partners = unfiltered["page_ids"], unfiltered["partner_ids"]
    else:
        window = slice(resources.object_list.start, resources.object_list.stop)
        page_ids = listing_ids(filtered, kind, filters.get("sort", Sort.FEATURED), window)
        partners = partner_ids(filtered, index_page) if partner_count else []
    found = cards_by_id([*page_ids, *partners], page_url)
    resources.object_list = [found[pk] for pk in page_ids if pk in found]
    previous_url, next_url = neighbour_urls(resources, filters, page_url)
    return {
        "filters": filters,
        "notices": notices,
        "category_nav": category_nav,
        "all_url": page_url + query_string(filters, category=None),
        "total": total,
        "resources": resources,
        "partners": [found[pk] for pk in partners if pk in found],
        "tags": summary["tags"] if summary else tags_in_use(index_page),
        "kinds": Kind.choices,
        "pricings": Pricing.choices,
        "sorts": Sort.choices,
        "previous_url": previous_url,
        "next_url": next_url,
        "canonical_url": absolute_url(page_path(index_page, request))
        + query_string(filters, page=resources.number if resources.number > 1 else None),
        "is_filtered": bool(filters),
        "clear_url": page_url,
    }
