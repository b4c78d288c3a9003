"""Every write to member records, split by topic: the dossier (create, edit, corrections, bulk loads,
moves by restructuring), the lifecycle events (admission to death), working away from home. Import from here."""

from .away import member_away_end, member_away_start
from .dossier import (
    AUDITED_FIELDS,
    CORE_FIELDS,
    EDITABLE_FIELDS,
    MemberRow,
    correction_decide,
    correction_request,
    member_create,
    member_update,
    members_bulk_register,
    members_move,
)
from .lifecycle import (
    event_cancel,
    member_admit,
    member_award_badge,
    member_ceremony,
    member_contact_lost,
    member_contact_restored,
    member_died,
    member_exempt,
    member_exemption_end,
    member_expel,
    member_issue_card,
    member_leave,
    member_readmit,
    member_receive,
    member_recognize,
    member_reinstate,
    member_remove,
    member_remove_probationary,
    member_temporary_return,
    member_transfer_in,
    member_transfer_out,
)
from .package import member_receive_package
from .sync import member_sync

__all__ = [
    "AUDITED_FIELDS", "CORE_FIELDS", "EDITABLE_FIELDS", "MemberRow", "correction_decide", "correction_request",
    "event_cancel", "member_admit", "member_award_badge", "member_away_end", "member_away_start", "member_ceremony",
    "member_contact_lost", "member_contact_restored", "member_create", "member_died", "member_exempt",
    "member_exemption_end", "member_expel", "member_issue_card", "member_leave", "member_readmit", "member_receive",
    "member_receive_package",
    "member_recognize", "member_reinstate", "member_remove", "member_remove_probationary", "member_sync",
    "member_temporary_return", "member_transfer_in", "member_transfer_out", "member_update", "members_bulk_register",
    "members_move",
]  # fmt: skip
