"""CSV files for spreadsheets, with formulas neutralised (defusedcsv).

Exports carry what visitors typed (signup attribution, beacon keys, suggested titles). A cell such as `=1+2` or
`@SUM(1)` would run as a formula when an editor opens the file in a spreadsheet (CSV injection), so every CSV the site
writes goes through defusedcsv, which prefixes such cells with a quote. Use `writer`/`DictWriter` from here instead of
the csv module's, and `SafeCsvExportMixin` on Wagtail views with `list_export`.
"""

from defusedcsv import csv as defused_csv
from wagtail.admin.views.mixins import Echo

writer = defused_csv.writer
DictWriter = defused_csv.DictWriter


class SafeCsvExportMixin:
    """For Wagtail's index and report views (SpreadsheetExportMixin): their CSV download through defusedcsv.
    (Their XLSX download already stores formula-like cells as text.)"""

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(DictWriter(Echo(), fieldnames=list(row_dict)), row_dict)
