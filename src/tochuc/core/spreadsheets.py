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
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from .errors import DomainError

# What the sheets of an upload may unpack to. A real list of 10 MB (about 90,000 members) unpacks to about
# 100 MB; a "zip bomb" of a few kilobytes could unpack to gigabytes, all of which the reader would hold.
MAX_UNZIPPED = 400 * 1024 * 1024
# The reader holds a sheet as a full grid from A1 to its farthest cell: a file of a few kilobytes with one
# cell at ZZ300000 would ask for 200 million cells. A real list is about 90,000 rows of 32 columns.
MAX_CELLS = 5_000_000

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")  # <f>, <f t="shared" .../>, <x:f>
_REF_ROW = re.compile(rb' r="[A-Za-z]{0,3}(\d+)"')  # the row number of a <row> or a <c> reference
_REF_COLUMN = re.compile(rb' r="([A-Za-z]{1,3})\d')  # the column of a <c> reference
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_TAIL = 256  # bytes carried from one chunk to the next, so that no tag is missed at the seam
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


@dataclass(frozen=True)
class _Scan:
    """What one pass over a sheet's XML tells before it is read: its extent, its cells, and any formula."""

    rows: int
    columns: int
    cells: int
    formulas: bool


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
            self._scans: dict[str, _Scan] = {}
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

    def _scan(self, name: str) -> _Scan:
        if name in self._scans:
            return self._scans[name]
        rows = cells = 0
        letters: set[bytes] = set()
        formulas = False
        try:
            with self._zip.open(self._parts[name]) as xml:
                tail = b""
                while chunk := xml.read(1 << 20):
                    text = tail + chunk
                    rows = max(rows, max(map(int, _REF_ROW.findall(text)), default=0))
                    letters.update(_REF_COLUMN.findall(text))
                    # Counting bytes is ten times faster than a pattern; a prefixed <x:c> needs the pattern.
                    plain = chunk.count(b"<c ") + chunk.count(b"<c>")
                    cells += plain if plain else len(_CELL_TAG.findall(chunk))
                    formulas = formulas or _FORMULA_TAG.search(text) is not None
                    tail = chunk[-_TAIL:]
        except (KeyError, zipfile.BadZipFile, zlib.error, OSError) as e:
            raise _broken() from e
        columns = max((column_index(c.decode()) + 1 for c in letters), default=0)
        scan = self._scans[name] = _Scan(rows, columns, cells, formulas)
        return scan

    def rows(self, name: str) -> list[list[Any]]:
        """The sheet's values, row 1 first and column A first in each row; an empty cell is ""; numbers are
        floats, date cells are dates or datetimes. A sheet too large to hold is refused before it is read."""
        from python_calamine import CalamineError

        scan = self._scan(name)
        if max(scan.cells, scan.rows * max(scan.columns, 1)) > MAX_CELLS:
            raise DomainError(
                _("Trang «%(sheet)s» quá lớn (%(rows)s dòng, %(cols)s cột): xóa các ô thừa ở xa danh sách, "
                  "hoặc chia danh sách thành nhiều tệp.")
                % {"sheet": name, "rows": f"{scan.rows:,}".replace(",", "."), "cols": scan.columns},
                field="file",
            )  # fmt: skip
        try:
            return self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except CalamineError as e:
            raise _broken() from e

    def formula_cells(self, name: str) -> dict[int, list[int]]:
        """Row number (from 1) -> the indexes (from 0) of the columns whose cell holds a formula."""
        scan = self._scan(name)
        if not scan.formulas:
            return {}
        found: dict[int, set[int]] = defaultdict(set)
        row = col = 0
        data = None
        try:
            with self._zip.open(self._parts[name]) as xml:
                for event, el in ElementTree.iterparse(xml, events=("start", "end")):
                    tag = _local(el.tag)
                    if event == "start":
                        if tag == "row":  # a row or cell may leave out its reference: it is the next one
                            row, col = int(el.get("r") or row + 1), -1
                        elif tag == "c":
                            m = _CELL_REF.match(el.get("r") or "")
                            col = column_index(m[1]) if m else col + 1
                        elif tag == "sheetData":
                            data = el
                        continue
                    if tag == "c":
                        for child in el:
                            if _local(child.tag) == "f":
                                found[row].add(col)
                                # An array formula is written once, in the first cell of the range it fills.
                                if child.get("t") in ("array", "dataTable") and child.get("ref"):
                                    _mark_range(found, child.get("ref", ""), scan)
                        el.clear()
                    elif tag == "row":
                        el.clear()
                        if data is not None:
                            data.remove(el)  # keep the parsed tree from growing with the sheet
            return {r: sorted(cols) for r, cols in found.items()}
        except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError) as e:
            raise _broken() from e


def _mark_range(found: dict[int, set[int]], ref: str, scan: _Scan) -> None:
    """Every cell of a range such as "A2:C4", within the sheet's extent (a range may claim a whole column)."""
    first, _sep, last = ref.partition(":")
    a, b = _CELL_REF.match(first), _CELL_REF.match(last or first)
    if a is None or b is None:
        return
    for r in range(int(a[2]), min(int(b[2]), scan.rows) + 1):
        found[r].update(range(column_index(a[1]), min(column_index(b[1]), scan.columns - 1) + 1))
