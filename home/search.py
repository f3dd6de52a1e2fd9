"""Site search (/search/): the page types feature apps register, through Wagtail's search backend (database by
default)."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page

from ops.params import parse_int

from .visibility import is_private

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 10
WORD_RE = re.compile(r"\w+", re.UNICODE)


def searchable_models():
    """The page types /search/ looks in: each `register_site_search_models` hook returns a list of page models."""
    return [model for models in hooks.get_hooks("register_site_search_models") for model in models()]


def clean_query(raw):
    """(query, terms, error): the words worth searching for, or a message saying why there are none."""
    raw = (raw or "").replace("\x00", " ")
    if not raw.strip():
        return "", [], ""
    if len(raw) > MAX_QUERY_LENGTH:
        return raw[:MAX_QUERY_LENGTH], [], f"That search is too long. Use at most {MAX_QUERY_LENGTH} characters."
    # Punctuation means nothing to the backend and some of it (& | ! : *) is query syntax on PostgreSQL.
    terms = list(dict.fromkeys(WORD_RE.findall(raw)))[:MAX_TERMS]
    if not terms:
        return raw.strip(), [], "Search for words: letters or numbers, not only symbols."
    return raw.strip(), terms, ""


def highlight(text, terms):
    """`text` escaped, with every occurrence of a word that starts with a search term wrapped in <mark>."""
    text = escape(text or "")
    if not terms:
        return mark_safe(text)  # noqa: S308 - escaped above
    pattern = re.compile(r"(?<![&#])\b(" + "|".join(re.escape(escape(term)) for term in terms) + r")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", text))  # noqa: S308 - the text was escaped, terms are words


class Result:
    def __init__(self, page, terms):
        self.page = page
        self.kind = page._meta.verbose_name
        self.title = highlight(page.title, terms)
        summary = (
            getattr(page, "summary", "")
            or getattr(page, "description", "")
            or getattr(page, "listing_summary", "")
            or ""
        )
        self.summary = highlight(summary, terms)


def search(request):
    query, terms, error = clean_query(request.GET.get("q", ""))
    results = page_obj = None
    if terms and not error:
        pages = Page.objects.live().public().type(*searchable_models())
        found = pages.search(" ".join(terms), operator="or")
        page_obj = Paginator(found, RESULTS_PER_PAGE).get_page(parse_int(request.GET.get("page"), default=1))
        # One query per page type, whatever the number of hits.
        specific = {page.pk: page for page in Page.objects.filter(pk__in=[hit.pk for hit in page_obj]).specific()}
        shown = [specific[hit.pk] for hit in page_obj if hit.pk in specific]
        results = [Result(page, terms) for page in shown if not is_private(page, request)]
    status = 400 if len(query) >= MAX_QUERY_LENGTH and error else 200
    return render(
        request,
        "search.html",
        {"query": query, "terms": terms, "error": error, "results": results, "page_obj": page_obj},
        status=status,
    )
