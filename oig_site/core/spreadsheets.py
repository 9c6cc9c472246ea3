"""Every CSV file the site writes goes through ``csv_response``: UTF-8 that Excel opens as such,
and no cell that a spreadsheet would run as a formula."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = {"=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20"}


def spreadsheet_safe(value) -> str:
    """Stop a spreadsheet treating a cell as a formula: text that starts (after any spaces) with
    = + - @ (or their full-width forms), a tab or a line break gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.lstrip(" ")[:1] in FORMULA_STARTS else text


def csv_response(*, filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: a header row, then the rows, every cell made spreadsheet-safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(spreadsheet_safe(cell) for cell in header)
    for row in rows:
        writer.writerow(spreadsheet_safe(cell) for cell in row)
    return response


class _Line:
    """A file-like object whose ``write`` hands back the line written (for streaming)."""

    def write(self, value: str) -> str:
        return value


def csv_streaming_response(
    *, filename: str, header: list[str], rows: Iterable[Iterable]
) -> StreamingHttpResponse:
    """Like ``csv_response``, but written row by row as the rows are read, so a long file
    starts at once and is never held whole in memory. The caller bounds ``rows``."""
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff"  # so that Excel reads the file as UTF-8
        yield writer.writerow(spreadsheet_safe(cell) for cell in header)
        for row in rows:
            yield writer.writerow(spreadsheet_safe(cell) for cell in row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
