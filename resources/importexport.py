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
    categories = {c.name.lower(): c for c in ResourceCategory.objects.all()}
    categories.update({c.slug: c for c in categories.values()})
    seen = set()
    valid = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        if None in row:
            report.errors.append((number, "This row has more fields than the header."))
            continue
        form = RowForm({key: (value or "").strip() for key, value in row.items() if key})
        if not form.is_valid():
            for name, errors in form.errors.items():
                report.errors.extend((number, f"{name}: {error}") for error in errors)
            continue
        clean = form.cleaned_data
        category_name = clean["category"]
        if category_name and category_name.lower() not in categories and slugify(category_name) not in categories:
            report.errors.append((number, f"category: there is no category “{category_name}”. Create it first."))
            continue
        if clean["url"].lower() in seen:
            report.errors.append((number, "url: this URL appears earlier in the file."))
            continue
        seen.add(clean["url"].lower())
        clean["category"] = categories.get(category_name.lower()) or categories.get(slugify(category_name))
        valid.append(clean)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            existing = {r.external_url.lower(): r for r in ResourcePage.objects.child_of(index_page).specific()}
            for done, clean in enumerate(valid, start=1):
                page = existing.get(clean["url"].lower())
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
                if progress:
                    progress(done, len(valid))
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report
