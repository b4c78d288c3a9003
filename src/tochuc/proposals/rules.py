"""The pure rules of appraisal and of recommendations: which step a status allows, when a deadline is passed
or near, when an answer came late, and the dates each step must respect. No database: the services and
selectors give the dates, the statuses and the holidays.

No regulation sets these deadlines: each appraisal and each recommendation carries the one the committee set
(the appraising committee's working rules, the conference's conclusion), so there is no threshold to keep in
the rule table. "Due today" is not overdue: the day a deadline names is still within it."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils.translation import gettext as _

from tochuc.core.dates import add_working_days

from .choices import Conclusion, ProposalStatus, RecommendationStatus

# How many working days before a deadline a list highlights it ("sắp đến hạn"): a house choice for the
# officers' lists, so that a deadline falling after a weekend or Tết is seen in time.
DUE_SOON_WORKING_DAYS = 3

OPEN_PROPOSAL = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.REVISING})
FINAL_PROPOSAL = frozenset({ProposalStatus.CONCLUDED, ProposalStatus.WITHDRAWN})

# The steps of an appraisal and the statuses each may start from.
PROPOSAL_STEPS: dict[str, frozenset[str]] = {
    "update": OPEN_PROPOSAL,
    "assign": OPEN_PROPOSAL,
    "release": OPEN_PROPOSAL,
    "reschedule": OPEN_PROPOSAL,
    # Comments go on the current draft: while the drafting body revises it there is nothing new to comment on.
    "comment": frozenset({ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW}),
    "request_changes": frozenset({ProposalStatus.IN_REVIEW}),
    "revision": frozenset({ProposalStatus.REVISING}),
    "conclude": frozenset({ProposalStatus.IN_REVIEW}),
    "withdraw": OPEN_PROPOSAL,
}

# The steps of a recommendation. Reassigning (to another body, or with a new deadline) is allowed until it
# is answered; closing needs an answer (the locality is owed one: a duplicate or one settled at the
# conference is answered so); an answered or closed recommendation may be reopened.
RECOMMENDATION_STEPS: dict[str, frozenset[str]] = {
    "assign": frozenset({RecommendationStatus.OPEN, RecommendationStatus.ASSIGNED}),
    "answer": frozenset({RecommendationStatus.ASSIGNED}),
    "close": frozenset({RecommendationStatus.ANSWERED}),
    "reopen": frozenset({RecommendationStatus.ANSWERED, RecommendationStatus.CLOSED}),
}


def step_allowed(steps: dict[str, frozenset[str]], step: str, status: str) -> bool:
    return status in steps.get(step, frozenset())


def due_soon_until(today: date, holidays: Collection[date], days: int = DUE_SOON_WORKING_DAYS) -> date:
    """The last day a deadline may fall on to be "near": `days` working days after today."""
    return add_working_days(today, days, holidays)


def proposal_overdue(*, status: str, due_on: date, today: date) -> bool:
    """An appraisal not concluded nor withdrawn whose deadline has passed (today after it)."""
    return status in OPEN_PROPOSAL and today > due_on


def proposal_due_soon(*, status: str, due_on: date, today: date, soon_until: date) -> bool:
    """An open appraisal whose deadline is today or within the next working days (`soon_until`)."""
    return status in OPEN_PROPOSAL and today <= due_on <= soon_until


def reviewer_overdue(
    *, due_on: date, done_on: date | None, released_on: date | None, proposal_status: str, today: date
) -> bool:
    """A reviewer still assigned, who has not given their opinion, past their own deadline, on an appraisal
    still open (once concluded or withdrawn nobody is waited for)."""
    return proposal_status in OPEN_PROPOSAL and done_on is None and released_on is None and today > due_on


def concluded_late(*, concluded_on: date | None, due_on: date) -> bool:
    return concluded_on is not None and concluded_on > due_on


def recommendation_overdue(*, status: str, due_on: date | None, today: date) -> bool:
    """Assigned, not answered, past the deadline given to the body that handles it."""
    return status == RecommendationStatus.ASSIGNED and due_on is not None and today > due_on


def recommendation_due_soon(*, status: str, due_on: date | None, today: date, soon_until: date) -> bool:
    return status == RecommendationStatus.ASSIGNED and due_on is not None and today <= due_on <= soon_until


def answered_late(*, answered_on: date | None, due_on: date | None) -> bool:
    """Answered after the deadline."""
    return answered_on is not None and due_on is not None and answered_on > due_on


def deadline_flag(*, overdue: bool, soon: bool) -> str:
    """The highlight a list row carries: "overdue", "soon" or ""."""
    return "overdue" if overdue else "soon" if soon else ""


# --- Dates each step checks (a refusal names the field) -----------------------------------------------------


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def date_refusal(
    value: date, *, today: date, not_before: date | None = None, before_label: str = "", future: bool = False
) -> str | None:
    """Why `value` is refused: after today (unless `future` is allowed), or before `not_before`; else None."""
    if not future and value > today:
        return _("Không được sau ngày hôm nay (%(d)s).") % {"d": _fmt(today)}
    if not_before is not None and value < not_before:
        return _("Không được trước %(what)s (%(d)s).") % {"what": before_label, "d": _fmt(not_before)}
    return None


def conclusion_refusal(*, conclusion: str, conclusion_text: str) -> tuple[str, str] | None:
    """(field, message) when the conclusion is missing, or says "with changes" or "not approved" without saying
    which changes or why."""
    if conclusion not in Conclusion.values:
        return "conclusion", _("Chọn kết luận thẩm định.")
    if conclusion != Conclusion.APPROVE and not conclusion_text.strip():
        return "conclusion_text", _("Ghi nội dung cần tiếp thu, chỉnh sửa hoặc lý do chưa đủ điều kiện trình.")
    return None


def pending_reviewers_refusal(*, pending: list[str], override_note: str) -> str | None:
    """Concluding while assigned reviewers have not given their opinion needs a note saying why."""
    if pending and not override_note.strip():
        return _(
            "Còn người thẩm định chưa có ý kiến chính thức: %(names)s. Thôi phân công, chờ ý kiến hoặc ghi lý do "
            "kết luận khi chưa đủ ý kiến."
        ) % {"names": ", ".join(pending)}
    return None
