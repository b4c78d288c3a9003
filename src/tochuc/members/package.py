"""The dossier package (gói hồ sơ chuyển sinh hoạt) a member transferred out of the province carries to the
receiving installation: a ZIP of `dossier.json`, `dossier.pdf`, `manifest.json` (the SHA-256 of each) and
`manifest.sha256`. `package_build` writes it (audited: it reads a confidential dossier), `package_read` verifies it.

The checksums catch a damaged or altered file, not a forged one: the letter of introduction (its number is in
the package) stays the authority, as on paper.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require

from .models import EventKind, Member, MemberEvent
from .selectors_dossier import member_dossier, org_chain
from .services.dossier import EDITABLE_FIELDS

FORMAT = "tochuc-dossier"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024  # the package as uploaded
MAX_UNZIPPED = 40 * 1024 * 1024  # all its files once unzipped: a zip bomb is refused before it is inflated
FILES = ("dossier.json", "dossier.pdf", "manifest.json", "manifest.sha256")
HASHED = ("dossier.json", "dossier.pdf")

# The member's own fields carried by the package, besides the dossier fields the receiving side can edit.
MEMBER_DATES = ("birth_date", "admitted_on", "ceremony_on", "official_on", "card_issued_on", "party_age_from")
MEMBER_FIELDS = ("full_name", "status", "card_number", *MEMBER_DATES, *EDITABLE_FIELDS)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(value: Any) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True).encode()


def transfer_out_event(member: Member) -> MemberEvent | None:
    """The member's last live event when it is an official transfer out of the province, else None."""
    last = (
        MemberEvent.objects.filter(member=member, cancelled_by__isnull=True)
        .exclude(kind=EventKind.CANCEL)
        .order_by("-on", "-id")
        .first()
    )
    if last is None or last.kind != EventKind.TRANSFER_OUT or not last.data.get("outside"):
        return None
    return last


def _cancelled(event: MemberEvent) -> bool:
    try:
        return event.cancelled_by is not None
    except MemberEvent.DoesNotExist:
        return False


def _dossier_dict(member: Member, dossier, out: MemberEvent) -> dict[str, Any]:
    chain = org_chain(member.org)
    province = chain[0] if chain else member.org
    events = [
        {
            "kind": e.kind,
            "kind_label": str(e.get_kind_display()),
            "on": e.on,
            "org_code": e.org.code,
            "org_name": e.org.name,
            "other_org_code": e.other_org.code if e.other_org else None,
            "other_org_name": e.other_org.name if e.other_org else None,
            "decision_no": e.decision_no,
            "decided_on": e.decided_on,
            "note": e.note,
            "data": e.data,
            "cancelled": _cancelled(e),
        }
        for e in reversed(dossier.events)  # oldest first
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "member": {name: getattr(member, name) for name in MEMBER_FIELDS},
        "relatives": [
            {
                "relation": r.relation,
                "full_name": r.full_name,
                "birth_year": r.birth_year,
                "occupation": r.occupation,
                "address": r.address,
                "note": r.note,
            }
            for r in dossier.relatives
        ],
        "work_history": [
            {"valid_from": w.valid_from, "valid_to": w.valid_to, "unit": w.unit, "position": w.position}
            for w in dossier.work_history
        ],
        "events": events,
        "transfer": {
            "letter_no": out.decision_no,
            "on": out.on,
            "destination": out.data.get("destination", ""),
            "note": out.note,
        },
        "source": {
            "org_code": member.org.code,
            "org_name": member.org.name,
            "province_code": province.code,
            "province_name": province.name,
        },
    }


def package_build(*, actor, member: Member) -> bytes:
    """The package of a member transferred out of the province: 404 outside the actor's scope or when the
    member's last event is not such a transfer; the EXPORT action; the reading is audited."""
    from .pdf import dossier_pdf  # WeasyPrint is heavy: loaded when a package is made

    dossier = member_dossier(actor=actor, pk=member.pk)  # 404 outside the scope
    member = dossier.member
    require(actor, Action.EXPORT, member.org.path)
    out = transfer_out_event(member)
    if out is None:
        raise Http404
    files = {
        "dossier.json": _json(_dossier_dict(member, dossier, out)),
        "dossier.pdf": dossier_pdf(actor=actor, dossier=dossier),
    }
    manifest = _json(
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now(),
            "member": member.full_name,
            "files": {name: _sha256(content) for name, content in files.items()},
        }
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, content in (*files.items(), ("manifest.json", manifest)):
            z.writestr(name, content)
        z.writestr("manifest.sha256", _sha256(manifest) + "\n")
    data = buffer.getvalue()
    audit_record(
        actor=actor,
        action="member.package_build",
        obj=member,
        org_path=member.org.path,
        note=_("Tải gói hồ sơ chuyển sinh hoạt (SHA-256 %(s)s)") % {"s": _sha256(data)},
    )
    return data


# --- Reading and verifying --------------------------------------------------------------------------------


@dataclass
class Package:
    """A verified package: its parts, with the dates already parsed."""

    sha256: str  # of the whole file as received
    manifest: dict[str, Any]
    dossier: dict[str, Any]  # dossier.json as written (dates as ISO strings)
    pdf: bytes
    member: dict[str, Any]  # MEMBER_FIELDS, dates as `date`
    relatives: list[dict[str, Any]]
    work_history: list[dict[str, Any]]  # dates as `date`
    events: list[dict[str, Any]]
    transfer: dict[str, Any]  # "on" as `date`
    source: dict[str, str]

    @property
    def source_label(self) -> str:
        s = self.source
        return f"{s.get('org_name', '')} ({s.get('province_name', '')})".strip()


def _bad(message: str) -> DomainError:
    return DomainError(message, field="file")


def _date(value: Any, label: str, *, required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            raise _bad(_("Gói hồ sơ thiếu %(f)s.") % {"f": label})
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad(_("Gói hồ sơ có %(f)s không hợp lệ: «%(v)s».") % {"f": label, "v": str(value)[:40]}) from None


def _load_json(content: bytes, name: str) -> dict[str, Any]:
    try:
        value = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad(_("Tệp %(n)s trong gói hồ sơ bị hỏng (không đọc được).") % {"n": name}) from None
    if not isinstance(value, dict):
        raise _bad(_("Tệp %(n)s trong gói hồ sơ bị hỏng (không đọc được).") % {"n": name})
    return value


def _unzip(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_BYTES:
        raise _bad(_("Tệp lớn quá %(n)s MB.") % {"n": MAX_BYTES // (1024 * 1024)})
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _bad(_("Tệp không phải gói hồ sơ (không đọc được tệp nén .zip).")) from None
    names = [i.filename for i in infos]
    # Only our four plain names: anything else (folders, "../", absolute paths, extra files) is not ours.
    if "manifest.json" not in names or set(names) - set(FILES) or len(names) != len(set(names)):
        raise _bad(_("Tệp không phải gói hồ sơ đảng viên của tochuc."))
    if sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise _bad(_("Gói hồ sơ giải nén ra quá lớn: không nhận."))
    out = {}
    try:
        for info in infos:
            with z.open(info) as f:
                content = f.read(info.file_size + 1)  # never more than the size it declares
            if len(content) != info.file_size:
                raise _bad(_("Gói hồ sơ bị hỏng: tệp %(n)s không đúng kích thước.") % {"n": info.filename})
            out[info.filename] = content
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        raise _bad(_("Gói hồ sơ bị hỏng: không giải nén được.")) from None
    return out


def package_read(data: bytes) -> Package:
    """Parse and verify a package; anything wrong is a DomainError on the field "file"."""
    files = _unzip(data)
    manifest_bytes = files["manifest.json"]
    manifest = _load_json(manifest_bytes, "manifest.json")
    if manifest.get("format") != FORMAT:
        raise _bad(_("Tệp không phải gói hồ sơ đảng viên của tochuc."))
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(_("Gói hồ sơ không ghi rõ phiên bản."))
    if version > VERSION:
        raise _bad(
            _("Gói hồ sơ phiên bản %(v)s, mới hơn phiên bản phần mềm này đọc được (%(m)s): cần cập nhật phần mềm.")
            % {"v": version, "m": VERSION}
        )
    missing = [name for name in FILES if name not in files]
    if missing:
        raise _bad(_("Gói hồ sơ thiếu tệp: %(n)s.") % {"n": ", ".join(missing)})
    if files["manifest.sha256"].decode("ascii", "replace").strip() != _sha256(manifest_bytes):
        raise _bad(_("Mã kiểm tra của manifest.json không khớp: gói hồ sơ đã bị sửa hoặc hỏng."))
    hashes = manifest.get("files")
    if not isinstance(hashes, dict):
        raise _bad(_("Tệp manifest.json trong gói hồ sơ bị hỏng (không đọc được)."))
    for name in HASHED:
        if hashes.get(name) != _sha256(files[name]):
            raise _bad(_("Mã kiểm tra của %(n)s không khớp: gói hồ sơ đã bị sửa hoặc hỏng.") % {"n": name})
    dossier = _load_json(files["dossier.json"], "dossier.json")
    return _parse(dossier, manifest=manifest, pdf=files["dossier.pdf"], sha256=_sha256(data))


_LABELS = {
    "birth_date": "ngày sinh",
    "admitted_on": "ngày vào Đảng",
    "ceremony_on": "ngày lễ kết nạp",
    "official_on": "ngày chính thức",
    "card_issued_on": "ngày cấp thẻ",
    "party_age_from": "ngày tính tuổi đảng",
}


def _parse(dossier: dict[str, Any], *, manifest: dict, pdf: bytes, sha256: str) -> Package:
    raw = dossier.get("member")
    relatives = dossier.get("relatives", [])
    work = dossier.get("work_history", [])
    events = dossier.get("events", [])
    transfer = dossier.get("transfer")
    source = dossier.get("source")
    shapes = (
        (raw, dict),
        (relatives, list),
        (work, list),
        (events, list),
        (transfer, dict),
        (source, dict),
    )
    if any(not isinstance(value, kind) for value, kind in shapes) or not all(
        isinstance(row, dict) for row in (*relatives, *work, *events)
    ):
        raise _bad(_("Tệp dossier.json trong gói hồ sơ bị hỏng (không đọc được)."))
    member = {name: raw.get(name) for name in MEMBER_FIELDS if name in raw}
    for name in MEMBER_DATES:
        member[name] = _date(raw.get(name), _LABELS[name], required=name in ("birth_date", "admitted_on"))
    if not isinstance(member.get("full_name"), str) or not member["full_name"].strip():
        raise _bad(_("Gói hồ sơ thiếu %(f)s.") % {"f": "họ và tên"})
    for name in (*EDITABLE_FIELDS, "card_number", "status"):
        if member.get(name) is not None and not isinstance(member[name], str):
            raise _bad(_("Tệp dossier.json trong gói hồ sơ bị hỏng (không đọc được)."))
    rows = []
    for row in work:
        rows.append(
            {
                "valid_from": _date(row.get("valid_from"), "ngày trong quá trình công tác", required=True),
                "valid_to": _date(row.get("valid_to"), "ngày trong quá trình công tác"),
                "unit": str(row.get("unit") or ""),
                "position": str(row.get("position") or ""),
            }
        )
    for e in events:
        _date(e.get("on"), "ngày của sự kiện", required=True)
        _date(e.get("decided_on"), "ngày ký quyết định")
    transfer = {**transfer, "on": _date(transfer.get("on"), "ngày chuyển sinh hoạt", required=True)}
    return Package(
        sha256=sha256,
        manifest=manifest,
        dossier=dossier,
        pdf=pdf,
        member=member,
        relatives=relatives,
        work_history=rows,
        events=events,
        transfer=transfer,
        source={k: str(v) for k, v in source.items()},
    )


def package_received_pdf(*, actor, member: Member) -> bytes:
    """The dossier PDF the sending side printed, from the latest package `member` came with (404 if none).
    The caller has checked the scope and `can_see_sensitive`; the reading is audited as the dossier's is."""
    from .models import ReceivedPackage

    kept = ReceivedPackage.objects.filter(member=member).order_by("-received_at", "-id").first()
    if kept is None:
        raise Http404
    with kept.file.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as z:
        content = z.read("dossier.pdf")
    audit_record(
        actor=actor,
        action="member.dossier_view",
        obj=member,
        org_path=member.org.path,
        note=_("Xem lý lịch nơi chuyển đi gửi kèm gói hồ sơ (PDF)"),
    )
    return content


def package_filename(member_name: str, pk: int) -> str:
    from django.utils.text import slugify

    from tochuc.core.text import fold

    return f"goi-ho-so-{slugify(fold(member_name)) or pk}.zip"


__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "VERSION",
    "Package",
    "package_build",
    "package_filename",
    "package_read",
    "package_received_pdf",
]
