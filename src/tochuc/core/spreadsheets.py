"""Reading .xlsx workbooks that users upload.

The cell values come from python-calamine (a binding of the Rust reader calamine): about ten times faster than
openpyxl's streaming parser, which made reading most of a large import's time. Calamine gives a formula cell's
cached value, never the formula; the importers that refuse formulas ask `formula_cells`, which finds them in the
sheet's XML, and only parses that XML when it holds a formula at all.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import defaultdict
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from .errors import DomainError

# What the sheets of an upload may unpack to. A real list of 10 MB (about 90,000 members) unpacks to about
# 100 MB; a "zip bomb" of a few kilobytes could unpack to gigabytes, all of which the reader would hold.
MAX_UNZIPPED = 400 * 1024 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")  # <f>, <f t="shared" .../>, <x:f>
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _broken() -> DomainError:
    return DomainError(
        _("Tệp không phải bảng tính .xlsx hoặc đã hỏng: mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên."),
        field="file",
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def column_index(letters: str) -> int:
    """0 for A, 25 for Z, 26 for AA."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


class Workbook:
    """An uploaded .xlsx: its worksheets' names in order, each sheet's values as a grid from A1, and where a
    sheet has formulas. Raises DomainError(field="file") for a file that is not a readable workbook."""

    def __init__(self, file: IO[bytes]):
        from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

        try:
            file.seek(0)
            self._zip = zipfile.ZipFile(file)
            if sum(info.file_size for info in self._zip.infolist()) > MAX_UNZIPPED:
                raise DomainError(
                    _("Tệp giải nén ra quá %(n)s MB: chia danh sách thành nhiều tệp nhỏ hơn.")
                    % {"n": MAX_UNZIPPED // (1024 * 1024)},
                    field="file",
                )
            self._parts = self._sheet_parts()
            file.seek(0)
            self._book = CalamineWorkbook.from_filelike(file)
            self.sheet_names = [
                m.name for m in self._book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet and m.name in self._parts
            ]
        except (CalamineError, zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError) as e:
            raise _broken() from e

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name -> the path of its XML in the archive, from the workbook and its relationships."""
        rels = ElementTree.fromstring(self._zip.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        book = ElementTree.fromstring(self._zip.read("xl/workbook.xml"))
        parts = {}
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name", "")] = path
        return parts

    def rows(self, name: str) -> list[list[Any]]:
        """The sheet's values, row 1 first and column A first in each row; an empty cell is ""; numbers are
        floats, date cells are dates or datetimes."""
        from python_calamine import CalamineError

        try:
            return self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except CalamineError as e:
            raise _broken() from e

    def formula_cells(self, name: str) -> dict[int, list[int]]:
        """Row number (from 1) -> the indexes (from 0) of the columns whose cell holds a formula."""
        part = self._parts[name]
        try:
            with self._zip.open(part) as xml:
                tail = b""
                while chunk := xml.read(1 << 20):
                    if _FORMULA_TAG.search(tail + chunk):
                        break
                    tail = chunk[-16:]
                else:
                    return {}
            found: dict[int, list[int]] = defaultdict(list)
            row = col = 0
            with self._zip.open(part) as xml:
                for event, el in ElementTree.iterparse(xml, events=("start", "end")):
                    tag = _local(el.tag)
                    if event == "start":
                        if tag == "row":  # a row or cell may leave out its reference: it is the next one
                            row, col = int(el.get("r") or row + 1), -1
                        elif tag == "c":
                            m = _CELL_REF.match(el.get("r") or "")
                            col = column_index(m[1]) if m else col + 1
                        continue
                    if tag == "c":
                        if any(_local(child.tag) == "f" for child in el):
                            found[row].append(col)
                        el.clear()
                    elif tag == "row":
                        el.clear()
            return dict(found)
        except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError) as e:
            raise _broken() from e
