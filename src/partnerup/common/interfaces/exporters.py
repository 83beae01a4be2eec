"""Exporters: small classes that turn a queryset into rows, written as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Exporter(ABC):
    identifier: ClassVar[str]
    name: ClassVar[Any] = _("Export")

    @abstractmethod
    def headers(self) -> Sequence[str]: ...

    @abstractmethod
    def rows(self) -> Iterable[Sequence[Any]]: ...

    def response(self, file_format: str) -> HttpResponse:
        if file_format not in FORMATS:
            return HttpResponse(
                _("Unknown export format; use csv or xlsx."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        content = self.to_csv() if file_format == "csv" else self.to_xlsx()
        response = HttpResponse(content, content_type=FORMATS[file_format])
        response["Content-Disposition"] = f'attachment; filename="{self.identifier}.{file_format}"'
        return response

    def to_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(header) for header in self.headers()])
        for row in self.rows():
            writer.writerow([_safe_cell(value) for value in row])
        # A BOM lets spreadsheet programs detect UTF-8 (Norwegian letters).
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def to_xlsx(self) -> bytes:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(self.name)[:31])
        sheet.append([str(header) for header in self.headers()])
        for row in self.rows():
            sheet.append([_safe_cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _safe_cell(value: Any) -> Any:
    """Plain values; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text[:1] in {"=", "+", "-", "@"}:
        return "'" + text
    return text
