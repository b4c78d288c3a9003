"""Forms of verification cases: the list's filters, opening a case (a person picked in one box, or a name and
birth date), correcting it, sending requests one by one or as the standard set, logging a reply and what it
found, concluding, withdrawing, cancelling a request."""

from __future__ import annotations

import re

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.accounts.models import User
from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField, SuggestField
from tochuc.members.choices import Sex

from .. import rules
from ..choices import CaseStatus, Conclusion, Finding, Purpose, Relation, Scope
from ..selectors import people as people_selectors
from ..selectors.cases import handlers_for

ALL = [("", _("Tất cả"))]
_SUBJECT = re.compile(r"#(qc|cb|dv)(\d+)\s*$")


def _text(label, *, required: bool = False, max_length: int = 255, help_text: str = "", rows: int = 0):
    widget = forms.Textarea({"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=required, max_length=max_length or None, help_text=help_text, widget=widget
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Họ tên"), max_length=150, required=False)
    org = OrgFilterField()
    year = forms.IntegerField(label=_("Năm đề nghị"), min_value=2000, max_value=2100, required=False)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=ALL + Purpose.choices, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ALL + CaseStatus.choices, required=False)
    conclusion = forms.ChoiceField(label=_("Kết luận"), choices=ALL + Conclusion.choices, required=False)
    overdue = forms.BooleanField(label=_("Quá hạn"), required=False)

    def selector_kwargs(self) -> dict:
        """The filters that validate (one that does not is left out, as on the other lists)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "year": data.get("year"),
            "purpose": data.get("purpose") or "",
            "status": data.get("status") or "",
            "conclusion": data.get("conclusion") or "",
            "overdue": bool(data.get("overdue")),
        }


class SubjectField(SuggestField):
    """The person verified: a candidate, a cadre or a member in the actor's scope, typed by name (suggestions
    of the three kinds) or picked, whose trailing tag names the record (#qc12, #cb5, #dv99). Cleans to
    (kind, record), or None when left empty (a person the system holds no record of)."""

    options_id = "subject-options"
    lookup = "protection:subject_lookup"
    placeholder = _("Gõ họ tên quần chúng, cán bộ, đảng viên (không dấu cũng được)")

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = _SUBJECT.search(value)
        if match:
            kind = people_selectors.KIND_OF_TAG[match.group(1)]
            try:
                record = people_selectors.subject_get(actor=self.actor, kind=kind, pk=int(match.group(2)))
            except Http404:
                record = None
            if record is not None:
                return kind, record
            raise forms.ValidationError(_("Không tìm thấy người này trong phạm vi quản lý."), code="unknown")
        found = people_selectors.subject_search(actor=self.actor, q=value, limit=3)
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(
                _(
                    "Không tìm thấy «%(q)s» trong phạm vi quản lý: chọn trong danh sách gợi ý, hoặc để trống ô này "
                    "và nhập họ tên, ngày sinh bên dưới."
                ),
                params={"q": value},
                code="unknown",
            )
        raise forms.ValidationError(
            _("Có nhiều người tên «%(q)s»: chọn một người trong danh sách gợi ý."),
            params={"q": value},
            code="ambiguous",
        )


class HandlerField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.full_name or user.username
        return f"{name} ({user.get_role_display()}, {user.org.name if user.org_id else ''})"


class CaseOpenForm(ActorForm):
    subject = SubjectField(
        label=_("Người được thẩm tra"),
        help_text=_("Quần chúng ưu tú, cán bộ, đảng viên trong phạm vi quản lý. Người khác: để trống, nhập bên dưới."),
    )
    subject_name = _text(_("Họ và tên (người chưa có hồ sơ)"), max_length=150)
    subject_sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    subject_birth_date = DateField(label=_("Ngày sinh"), required=False)
    purpose = forms.ChoiceField(label=_("Mục đích thẩm tra"), choices=Purpose.choices)
    org = OrgCodeField(
        label=_("Tổ chức đảng đề nghị"),
        required=False,
        help_text=_("Mặc định: tổ chức đảng quản lý người được thẩm tra."),
    )
    requested_by = _text(
        _("Cấp ủy, cơ quan đề nghị"), required=True, help_text=_("Ví dụ: Chi ủy Chi bộ khu phố 1; Ban Tổ chức Tỉnh ủy.")
    )
    requested_on = DateField(label=_("Ngày đề nghị"))
    document_no = _text(_("Số công văn đề nghị"), max_length=50)
    due_on = DateField(label=_("Hạn kết luận"), required=False)
    handler = HandlerField(label=_("Cán bộ thụ lý"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers_for(self.actor)
        if not self.is_bound:
            today = timezone.localdate()
            self.fields["requested_on"].initial = today
            self.fields["due_on"].initial = rules.suggested_due(today, rules.DEFAULT_CASE_DAYS)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        subject = data.pop("subject")
        if subject is not None:
            kind, record = subject
            data[kind] = record
            data.pop("subject_name"), data.pop("subject_sex"), data.pop("subject_birth_date")
        return data


class CaseEditForm(ActorForm):
    requested_by = _text(_("Cấp ủy, cơ quan đề nghị"), required=True)
    requested_on = DateField(label=_("Ngày đề nghị"))
    document_no = _text(_("Số công văn đề nghị"), max_length=50)
    due_on = DateField(label=_("Hạn kết luận"), required=False)
    handler = HandlerField(label=_("Cán bộ thụ lý"), queryset=None, required=False)

    def __init__(self, *args, handler=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The handler the case has stays a choice even when the actor does not manage them (the province's
        # officer handles a cell's case): left out, the box would show empty and saving would drop them.
        queryset = handlers_for(self.actor)
        if handler is not None:
            queryset = queryset | User.objects.filter(pk=handler.pk)
        self.fields["handler"].queryset = queryset


class QuestionForm(ActorForm):
    relation = forms.ChoiceField(label=_("Quan hệ với người được thẩm tra"), choices=Relation.choices)
    person_name = _text(
        _("Họ và tên người được xác minh"), max_length=150, help_text=_("Để trống khi xác minh bản thân.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Nội dung thẩm tra"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    question = _text(_("Nội dung đề nghị xác minh"), max_length=0, rows=3)
    sent_to = _text(
        _("Cơ quan, cấp ủy được đề nghị xác minh"),
        required=True,
        help_text=_("Ví dụ: Đảng ủy xã Lao Bảo; Công an xã Lao Bảo; Ban Tổ chức Tỉnh ủy Quảng Trị."),
    )
    sent_on = DateField(label=_("Ngày gửi"))
    due_on = DateField(label=_("Hạn trả lời"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.fields["sent_on"].initial = today
            self.fields["due_on"].initial = rules.suggested_due(today)
            relation = self.initial.get("relation") or Relation.SELF
            self.fields["scopes"].initial = list(rules.standard_scopes(relation))


class StandardSetForm(ActorForm):
    """The standard requests not sent yet, one row each (ticked, the name to complete), sent together to one
    body."""

    sent_to = QuestionForm.base_fields["sent_to"]
    sent_on = DateField(label=_("Ngày gửi"))
    due_on = DateField(label=_("Hạn trả lời"), required=False)

    def __init__(self, *args, drafts: list[rules.Draft], **kwargs):
        kwargs.setdefault("prefix", "std")
        super().__init__(*args, **kwargs)
        self.drafts = drafts
        for i, d in enumerate(drafts):
            self.fields[f"include_{i}"] = forms.BooleanField(required=False, initial=d.suggested)
            # The row's relation as offered: a guard against a set that changed since the page was read.
            self.fields[f"relation_{i}"] = forms.ChoiceField(
                choices=Relation.choices, initial=d.relation, widget=forms.HiddenInput, required=False
            )
            self.fields[f"person_name_{i}"] = forms.CharField(
                label=Relation(d.relation).label, max_length=150, required=False, initial=d.person_name
            )
        if not self.is_bound:
            today = timezone.localdate()
            self.fields["sent_on"].initial = today
            self.fields["due_on"].initial = rules.suggested_due(today)

    def rows(self):
        """(draft, include box, relation, name box, what is asked) for the template."""
        labels = dict(Scope.choices)
        return [
            (
                d,
                self[f"include_{i}"],
                self[f"relation_{i}"],
                self[f"person_name_{i}"],
                "; ".join(str(labels[s]) for s in d.scopes),
            )
            for i, d in enumerate(self.drafts)
        ]

    def clean(self):
        data = super().clean()
        for i, d in enumerate(self.drafts):
            given = data.get(f"relation_{i}")
            if given and given != d.relation:
                raise forms.ValidationError(
                    _("Danh sách đề nghị đã thay đổi (có người vừa gửi thêm): mở lại trang hồ sơ."), code="stale"
                )
        return data

    def requests(self):
        """The ticked rows as requests, and their indexes in the form (to name a refused row's field)."""
        from ..services.questions import Request

        out, indexes = [], []
        for i, d in enumerate(self.drafts):
            if self.cleaned_data.get(f"include_{i}"):
                relation = d.relation
                out.append(
                    Request(
                        relation=relation,
                        person_name=self.cleaned_data.get(f"person_name_{i}") or "",
                        scopes=rules.standard_scopes(relation),
                    )
                )
                indexes.append(i)
        return out, indexes


class ReplyForm(ActorForm):
    replied_on = DateField(label=_("Ngày trả lời"))
    reply_no = _text(_("Số văn bản trả lời"), max_length=50)
    finding = forms.ChoiceField(label=_("Kết quả xác minh"), choices=[("", "—"), *Finding.choices], required=False)
    finding_text = _text(_("Nội dung trả lời (mật)"), max_length=0, rows=4)

    def __init__(self, *args, restricted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not restricted:
            # Whoever logs the letter without the right to read it records its date and number only.
            del self.fields["finding"], self.fields["finding_text"]
        if not self.is_bound:
            self.fields["replied_on"].initial = timezone.localdate()


class FindingForm(ActorForm):
    finding = forms.ChoiceField(label=_("Kết quả xác minh"), choices=Finding.choices)
    finding_text = _text(_("Nội dung trả lời (mật)"), max_length=0, rows=5)


class ReasonForm(ActorForm):
    reason = _text(_("Lý do"), required=True)


class WithdrawForm(ActorForm):
    on = DateField(label=_("Ngày dừng thẩm tra"))
    reason = _text(
        _("Lý do dừng"), required=True, help_text=_("Ví dụ: quần chúng chuyển nơi cư trú; không còn bổ nhiệm.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()


class ConcludeForm(ActorForm):
    conclusion = forms.ChoiceField(label=_("Kết luận"), choices=Conclusion.choices, widget=forms.RadioSelect)
    concluded_on = DateField(label=_("Ngày kết luận"))
    concluded_by = _text(
        _("Cấp ủy kết luận"), required=True, help_text=_("Ví dụ: Ban Thường vụ Đảng ủy phường Đông Hà.")
    )
    conclusion_no = _text(_("Số văn bản kết luận"), max_length=50)
    conclusion_text = _text(_("Nội dung kết luận (mật)"), max_length=0, rows=6)
