"""CSV/JSON export of the directory, and an all-or-nothing CSV import with a report of every row's errors."""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.text import slugify

from .models import Kind, Pricing, ResourceCategory, ResourceIndexPage, ResourcePage

EXPORT_COLUMNS = ["name", "url", "description", "category", "kind", "pricing", "tags", "featured", "page_url"]
IMPORT_COLUMNS = {"name", "url", "description"}
MAX_ROWS = 5000
TRUE = {"1", "true", "yes", "y"}
FALSE = {"", "0", "false", "no", "n"}


def export_rows():
    resources = ResourcePage.objects.listed().select_related("category").prefetch_related("tags").order_by("title")
    for resource in resources.iterator(chunk_size=500):
        yield {
            "name": resource.title,
            "url": resource.external_url,
            "description": resource.description,
            "category": resource.category.name if resource.category else "",
            "kind": resource.kind,
            "pricing": resource.pricing,
            "tags": ", ".join(sorted(tag.name for tag in resource.tags.all())),
            "featured": "yes" if resource.featured else "no",
            "page_url": resource.full_url or "",
        }


class RowForm(forms.Form):
    name = forms.CharField(max_length=255)
    url = forms.URLField(max_length=500, assume_scheme="https")
    description = forms.CharField(max_length=400)
    category = forms.CharField(required=False, max_length=80)
    kind = forms.ChoiceField(choices=Kind.choices, required=False)
    pricing = forms.ChoiceField(choices=[("", "-"), *Pricing.choices], required=False)
    tags = forms.CharField(required=False, max_length=500)
    featured = forms.CharField(required=False)

    def clean_featured(self):
        value = (self.cleaned_data.get("featured") or "").strip().lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        raise forms.ValidationError("Use yes or no.")

    def clean_tags(self):
        tags = [tag.strip() for tag in (self.cleaned_data.get("tags") or "").split(",") if tag.strip()]
        if any(len(tag) > 100 for tag in tags):
            raise forms.ValidationError("Each tag must be at most 100 characters.")
        return tags


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (row number, message)
    dry_run: bool = True

    @property
    def ok(self):
        return not self.errors


class _Rollback(Exception):
    pass


def read_csv(data):
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("The file isn't UTF-8 text. Save it as CSV (UTF-8) and try again.") from None
    try:
        reader = csv.DictReader(io.StringIO(data))
        rows = list(reader)
    except csv.Error as error:
        raise ValueError(f"The file isn't valid CSV: {error}.") from None
    missing = IMPORT_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"The file has no column {', '.join(sorted(missing))}. The first line must name the columns.")
    if len(rows) > MAX_ROWS:
        raise ValueError(f"The file has {len(rows)} rows; import at most {MAX_ROWS} at a time.")
    return rows


def import_csv(data, dry_run=True, progress=None):
    """Validate every row, then write all of them in one transaction, or nothing at all."""
    report = ImportReport(dry_run=dry_run)
    try:
        rows = read_csv(data)
    except ValueError as error:
        report.errors.append((0, str(error)))
        return report
    index_page = ResourceIndexPage.objects.first()
    if index_page is None:
        report.errors.append((0, "There is no resources directory page to import into."))
        return report
    valid = validate_rows(rows, report)
    if not report.errors:
        write_rows(index_page, valid, report, dry_run=dry_run, progress=progress)
    return report


def validate_rows(rows, report):
    """The cleaned data of every valid row. Each invalid row's errors go to the report, with its line number."""
    categories = {c.name.lower(): c for c in ResourceCategory.objects.all()}
    categories.update({c.slug: c for c in categories.values()})
    seen = set()  # lower-cased URLs of the valid rows so far
    valid = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        clean, errors = _clean_row(row, categories, seen)
        if errors:
            report.errors.extend((number, message) for message in errors)
            continue
        seen.add(clean["url"].lower())
        valid.append(clean)
    return valid


def _clean_row(row, categories, seen):
    """(cleaned data, []) for a valid row, (None, error messages) otherwise."""
    if None in row:
        return None, ["This row has more fields than the header."]
    form = RowForm({key: (value or "").strip() for key, value in row.items() if key})
    if not form.is_valid():
        return None, _form_errors(form)
    clean = form.cleaned_data
    category = _category_named(categories, clean["category"])
    if clean["category"] and category is None:
        return None, [f"category: there is no category “{clean['category']}”. Create it first."]
    if clean["url"].lower() in seen:
        return None, ["url: this URL appears earlier in the file."]
    clean["category"] = category
    return clean, []


def _form_errors(form):
    return [f"{name}: {error}" for name, errors in form.errors.items() for error in errors]


def _category_named(categories, name):
    """The category with this name (any case) or slug, or None."""
    return categories.get(name.lower()) or categories.get(slugify(name))


def write_rows(index_page, valid, report, dry_run=True, progress=None):
    """Create or update a page for every row, all in one transaction, which a dry run rolls back."""
    try:
        with transaction.atomic():
            existing = {r.external_url.lower(): r for r in ResourcePage.objects.child_of(index_page).specific()}
            for done, clean in enumerate(valid, start=1):
                _write_row(index_page, existing.get(clean["url"].lower()), clean, report)
                if progress:
                    progress(done, len(valid))
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass


def _write_row(index_page, page, clean, report):
    """Create a page under the directory for this row (`page` is None), or update the existing `page`."""
    fields = {
        "title": clean["name"],
        "external_url": clean["url"],
        "description": clean["description"],
        "category": clean["category"],
        "kind": clean["kind"] or Kind.TOOL,
        "pricing": clean["pricing"],
        "featured": clean["featured"],
    }
    if page is None:
        page = ResourcePage(**fields)
        index_page.add_child(instance=page)
        report.created += 1
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        report.updated += 1
    page.tags.set(clean["tags"], clear=True)
    page.save_revision().publish()
