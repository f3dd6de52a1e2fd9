"""Contacts from a CSV file: every row checked first, then all written or none, with a report of each row's problems.

Columns: name (required), email, kind, website, notes, status. An address already among the contacts (in any case)
is skipped and reported, never duplicated; the same address twice in the file is an error on the second row.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction

from .models import Contact, ContactKind, Status

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("name", "email", "kind", "website", "notes", "status")


class RowForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254, required=False)
    kind = forms.ChoiceField(choices=ContactKind.choices, required=False)
    website = forms.URLField(max_length=500, required=False, assume_scheme="https")
    notes = forms.CharField(max_length=4000, required=False)
    status = forms.ChoiceField(choices=Status.choices, required=False)


@dataclass
class ImportReport:
    rows: int = 0
    new: list = field(default_factory=list)  # Contact instances, not saved yet
    existing: list = field(default_factory=list)  # (line, email)
    errors: list = field(default_factory=list)  # (line, value, problem)

    @property
    def ok(self):
        return not self.errors


def read_csv(raw):
    """(header, rows) from uploaded bytes; ValueError with a message an editor understands."""
    if len(raw) > MAX_BYTES:
        raise ValueError("The file is larger than 2 MB. Split it into smaller files.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ValueError("The file isn't text. Save it as CSV (UTF-8).")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ValueError(f"The file isn't valid CSV: {error}") from error
    if not rows:
        raise ValueError("The file is empty.")
    header = [name.strip().lower() for name in rows[0]]
    if "name" not in header:
        raise ValueError("The first row must name the columns, one of them “name”.")
    if len(rows) - 1 > MAX_ROWS:
        raise ValueError(f"The file has more than {MAX_ROWS} rows. Split it into smaller files.")
    return header, rows[1:]


def row_data(header, row):
    return {name: row[i].strip() for i, name in enumerate(header) if name in COLUMNS and i < len(row)}


def check_rows(header, rows):
    """Validate every row without writing. Returns the report, whose `new` holds the contacts to create."""
    report = ImportReport()
    known = {email.lower() for email in Contact.objects.exclude(email="").values_list("email", flat=True)}
    seen = set()
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        form = RowForm(row_data(header, row))
        if not form.is_valid():
            problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
            report.errors.append((line, (row[0] if row else "")[:100], problems))
            continue
        data = form.cleaned_data
        email = data["email"].lower()
        if email and email in seen:
            report.errors.append((line, data["email"], "appears earlier in the file"))
            continue
        seen.add(email)
        if email and email in known:
            report.existing.append((line, data["email"]))
            continue
        report.new.append(
            Contact(
                name=data["name"],
                email=data["email"],
                kind=data["kind"] or ContactKind.PERSON,
                website=data["website"],
                notes=data["notes"],
                status=data["status"] or Status.TO_CONTACT,
            )
        )
    return report


def do_import(report):
    """Create the report's new contacts, all of them or none."""
    with transaction.atomic():
        for contact in report.new:
            contact.save()
    return len(report.new)
