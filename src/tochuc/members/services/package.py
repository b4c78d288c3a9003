"""Receiving a member from another province with their dossier package (members/package.py): verify it, enter
the member through `member_receive` (same rules, same audit), add the family and work rows, keep the file."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import name_in_scope
from tochuc.orgs.models import Org

from ..choices import Status
from ..models import Member, ReceivedPackage
from ..package import Package, package_read
from .dossier import DOSSIER_FIELDS, relative_add, work_period_add
from .lifecycle import member_receive


def _check_clashes(actor, pkg: Package) -> None:
    """A citizen ID or card number already in our records: the same person is known here (or the package
    was already received)."""
    labels = {"citizen_id": _("Số CCCD"), "card_number": _("Số thẻ đảng viên")}
    for name, label in labels.items():
        value = (pkg.member.get(name) or "").strip()
        if not value:
            continue
        clash = Member.objects.filter(**{name: value}).select_related("org").first()
        if clash is not None:
            who = name_in_scope(actor, clash.full_name, clash.org.path)
            raise DomainError(
                _("%(f)s %(v)s đã có trong hồ sơ của %(n)s: không tiếp nhận trùng.")
                % {"f": label, "v": value, "n": who},
                field=name,
            )


@transaction.atomic
def member_receive_package(*, actor, org: Org, data: bytes, on: date, letter_no: str | None = None) -> Member:
    """Enter the member a verified package describes into `org`, received on `on` with the package's letter
    (or `letter_no`). Everything or nothing: a refused row leaves no member behind."""
    pkg = package_read(data)
    _check_clashes(actor, pkg)
    m = pkg.member
    dossier = {name: m[name] for name in DOSSIER_FIELDS if name in m and name not in ("sex",)}
    dossier = {k: ("" if v is None and k != "citizen_id" else v) for k, v in dossier.items()}
    official = m.get("status") == Status.OFFICIAL or (m.get("official_on") is not None)
    member = member_receive(
        actor=actor,
        org=org,
        full_name=m["full_name"],
        sex=m.get("sex") or "",
        birth_date=m["birth_date"],
        on=on,
        letter_no=letter_no if letter_no and letter_no.strip() else str(pkg.transfer.get("letter_no") or ""),
        admitted_on=m["admitted_on"],
        official_on=m.get("official_on") if official else None,
        origin=pkg.source_label[:255],
        # On the arrival event, so that the member's page offers the sending side's PDF.
        package=pkg.sha256,
        **dossier,
    )
    for row in pkg.relatives:
        birth_year = row.get("birth_year")
        relative_add(
            actor=actor,
            member=member,
            relation=str(row.get("relation") or ""),
            full_name=str(row.get("full_name") or ""),
            birth_year=birth_year if isinstance(birth_year, int) and not isinstance(birth_year, bool) else None,
            occupation=str(row.get("occupation") or ""),
            address=str(row.get("address") or ""),
            note=str(row.get("note") or ""),
        )
    for row in pkg.work_history:
        work_period_add(actor=actor, member=member, **row)
    card = (m.get("card_number") or "").strip()
    if card:
        # The card travels with the member (it is not re-issued): kept as the sending side issued it.
        Member.objects.filter(pk=member.pk).update(card_number=card, card_issued_on=m.get("card_issued_on"))
    history = {
        "events": pkg.events,
        "transfer": pkg.dossier.get("transfer"),
        "source": pkg.source,
        "ceremony_on": m["ceremony_on"].isoformat() if m.get("ceremony_on") else None,
        "party_age_from": m["party_age_from"].isoformat() if m.get("party_age_from") else None,
        "manifest": pkg.manifest,
    }
    received = ReceivedPackage(
        member=member,
        sha256=pkg.sha256,
        source=pkg.source_label[:255],
        history=history,
        received_by=actor if getattr(actor, "pk", None) else None,
    )
    received.file.save(f"{pkg.sha256[:32]}.zip", ContentFile(data), save=False)
    received.save()
    member.refresh_from_db()
    audit_record(
        actor=actor,
        action="member.receive_package",
        obj=member,
        org_path=member.org.path,
        note=pkg.sha256,
        changes={
            "package": {
                "before": None,
                "after": {
                    "sha256": pkg.sha256,
                    "source": pkg.source,
                    "events": len(pkg.events),
                    "relatives": len(pkg.relatives),
                    "work_history": len(pkg.work_history),
                },
            },
            **({"card_number": {"before": None, "after": card}} if card else {}),
        },
    )
    return member
