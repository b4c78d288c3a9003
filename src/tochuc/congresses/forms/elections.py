"""Forms of elections: a new election (its candidates one a line, picked from the suggestions), the next
round, one ballot as the counting board reads it (a box per name: ticked = kept, unticked = struck out),
the board's totals, the ballots issued, and the approval. Field names are the services' keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField
from tochuc.recruitment.forms import MemberRefField, member_option

from ..choices import Body, EntryMode
from ..models import Candidate, Election

# No congress summons more people than this: a larger figure is a slip of the keyboard, answered beside the
# field instead of reaching the database.
COUNT_MAX = 100_000


def _count(label, **kwargs):
    kwargs.setdefault("max_value", COUNT_MAX)
    return forms.IntegerField(label=label, min_value=0, widget=forms.NumberInput({"inputmode": "numeric"}), **kwargs)


class CandidateLinesField(forms.CharField):
    """The ballot's names, one a line, in ballot order; each line is a member as the suggestion box writes
    it ("Họ tên (mã) #id") or a name found once in the actor's scope."""

    widget = forms.Textarea({"rows": 8})

    def __init__(self, **kwargs):
        self.actor = None
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        lookup = MemberRefField(required=False)
        lookup.actor = self.actor
        members, errors = [], []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                members.append(lookup.clean(line.strip()))
            except forms.ValidationError as e:
                errors.extend(_("Dòng %(n)s: %(e)s") % {"n": number, "e": m} for m in e.messages)
        if errors:
            raise forms.ValidationError(errors)
        return members


def candidate_lines(members) -> str:
    return "\n".join(member_option(m) for m in members)


class ElectionForm(ActorForm):
    body = forms.ChoiceField(label=_("Bầu"), choices=Body.choices)
    held_on = DateField(label=_("Ngày bầu"))
    seats = _count(_("Số lượng cần bầu"))
    summoned = _count(
        _("Số đảng viên, đại biểu được triệu tập"),
        help_text=_("Lấy từ danh sách đại biểu (đại hội đại biểu) hoặc số đảng viên chính thức (đại hội đảng viên)."),
    )
    absent_excused = _count(
        _("Số vắng mặt cả đại hội có lý do được chấp thuận"),
        help_text=_("Được trừ khỏi cơ sở tính quá bán; người vắng không có lý do vẫn được tính."),
    )
    ballots_issued = _count(_("Số phiếu phát ra"))
    entry_mode = forms.ChoiceField(
        label=_("Cách nhập kết quả"),
        choices=EntryMode.choices,
        widget=forms.RadioSelect,
        help_text=_("Chọn một cách cho cả cuộc bầu; không trộn hai cách."),
    )
    candidates = CandidateLinesField(
        label=_("Danh sách bầu cử (theo thứ tự trên phiếu)"),
        help_text=_("Mỗi dòng một người, theo thứ tự trên phiếu; thêm người bằng ô gợi ý bên dưới."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].actor = self.actor

    def values(self) -> dict:
        return dict(self.cleaned_data)


class NextRoundForm(ActorForm):
    """The further round: the names the congress keeps on the list (the tied and the not elected offered)."""

    held_on = DateField(label=_("Ngày bầu"))
    candidates = forms.MultipleChoiceField(
        label=_("Danh sách bầu lần tiếp theo (đại hội quyết định)"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(r.candidate.member_id): r.candidate.member for r in rows}
        self.fields["candidates"].choices = [(str(r.candidate.member_id), f"{r.name} ({r.votes})") for r in rows]

    def values(self) -> dict:
        return {
            "held_on": self.cleaned_data["held_on"],
            "candidates": [self.members[pk] for pk in self.cleaned_data["candidates"]],
        }


class BallotForm(forms.Form):
    """One ballot: every name ticked as printed; untick the names struck out. An invalid ballot needs its
    reason (a ballot keeping more names than seats is found invalid by the count itself)."""

    kept = forms.MultipleChoiceField(
        label=_("Tên còn giữ lại (bỏ đánh dấu tên bị gạch)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    invalid = forms.BooleanField(label=_("Phiếu không hợp lệ"), required=False)
    invalid_reason = forms.CharField(
        label=_("Lý do không hợp lệ"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: không có dấu của Ban kiểm phiếu, ghi thêm tên, ký hiệu lạ."),
    )

    def __init__(self, *args, candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.pk): c for c in candidates}
        self.fields["kept"].choices = [(str(c.pk), f"{c.position}. {c.member.full_name}") for c in candidates]
        if not self.is_bound and "kept" not in self.initial:
            self.initial["kept"] = list(self.candidates)

    def clean(self):
        data = super().clean()
        if data.get("invalid") and not (data.get("invalid_reason") or "").strip():
            self.add_error("invalid_reason", _("Ghi lý do phiếu không hợp lệ."))
        if not data.get("invalid"):
            data["invalid_reason"] = ""
        return data

    def values(self) -> dict:
        return {
            "kept": [self.candidates[pk] for pk in self.cleaned_data.get("kept") or []],
            "invalid_reason": self.cleaned_data.get("invalid_reason") or "",
        }

    def add_domain_error(self, error) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)


class TotalsForm(forms.Form):
    """The totals the counting board verified: ballots issued, collected, invalid, and each name's votes."""

    ballots_issued = _count(_("Số phiếu phát ra"))
    collected = _count(_("Số phiếu thu vào"))
    invalid = _count(_("Số phiếu không hợp lệ"))

    def __init__(self, *args, election: Election, candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for c in candidates:
            self.fields[f"votes_{c.pk}"] = _count(f"{c.position}. {c.member.full_name}")
        if not self.is_bound:
            self.initial.setdefault("ballots_issued", election.ballots_issued)
            if election.collected is not None:
                self.initial.setdefault("collected", election.collected)
                self.initial.setdefault("invalid", election.invalid)
            for c in candidates:
                if c.votes is not None:
                    self.initial.setdefault(f"votes_{c.pk}", c.votes)

    def vote_fields(self):
        return [self[f"votes_{c.pk}"] for c in self.candidates]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "ballots_issued": data["ballots_issued"],
            "collected": data["collected"],
            "invalid": data["invalid"],
            "votes": {c.pk: data[f"votes_{c.pk}"] for c in self.candidates},
        }

    def add_domain_error(self, error) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class IssuedForm(forms.Form):
    ballots_issued = _count(_("Số phiếu phát ra"))

    def add_domain_error(self, error) -> None:
        self.add_error("ballots_issued" if error.field == "ballots_issued" else None, error.message)


class ApproveForm(ActorForm):
    on = DateField(label=_("Ngày chuẩn y"))
    decision_no = forms.CharField(label=_("Số quyết định chuẩn y"), max_length=64)


class MinutesForm(forms.Form):
    """What the minutes print that the election does not record: the counting board and the place. Typed
    when printing; the printed copy is signed by hand."""

    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    chair = forms.CharField(label=_("Trưởng Ban kiểm phiếu"), max_length=150, required=False)
    board = forms.CharField(
        label=_("Các thành viên khác của Ban kiểm phiếu"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Mỗi dòng một người: họ tên, nhiệm vụ (Phó Trưởng ban, Ủy viên, Thư ký)."),
    )
