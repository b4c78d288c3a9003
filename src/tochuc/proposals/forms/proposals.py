"""Forms of the appraisal: the list's filters, a proposal received (and edited), and the steps on its page
(assign, release, comment, ask for a revision, receive it, conclude, stop). Field names are the services'
argument names, so that a refusal lands beside its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.accounts.models import User
from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField

from ..choices import Area, Conclusion, ProposalStatus
from ..selectors.proposals import LATE, OVERDUE, SOON

ALL = [("", _("Tất cả"))]
DEADLINES = [
    ("", _("Tất cả")),
    (OVERDUE, _("Quá hạn")),
    (SOON, _("Sắp đến hạn (3 ngày làm việc)")),
    (LATE, _("Kết luận chậm")),
]


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên đề án, số tờ trình"), max_length=150, required=False)
    org = OrgFilterField(label=_("Cơ quan thẩm định"))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ALL + ProposalStatus.choices, required=False)
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=ALL + Area.choices, required=False)
    deadline = forms.ChoiceField(label=_("Thời hạn"), choices=DEADLINES, required=False)
    year = forms.IntegerField(label=_("Năm nhận"), min_value=2000, max_value=2100, required=False)
    mine = forms.BooleanField(label=_("Đề án tôi thẩm định"), required=False)

    def selector_kwargs(self) -> dict:
        """The filters that validate (one that does not is left out, as on the other lists)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "area": data.get("area") or "",
            "deadline": data.get("deadline") or "",
            "year": data.get("year"),
            "mine": bool(data.get("mine")),
        }


class ProposalForm(ActorForm):
    org = OrgCodeField(
        label=_("Cơ quan thẩm định"), help_text=_("Cấp ủy thẩm định đề án (tỉnh, xã, phường, đảng bộ cơ sở).")
    )
    title = forms.CharField(label=_("Tên đề án"), max_length=255)
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=Area.choices, initial=Area.ORGANIZATION)
    submitted_by = forms.CharField(
        label=_("Cơ quan trình"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Ban Tổ chức Tỉnh ủy, Sở Nội vụ. Bỏ trống thì lấy tên tổ chức đảng trình."),
    )
    submitting_org = OrgCodeField(
        label=_("Tổ chức đảng trình"), required=False, help_text=_("Khi cơ quan trình là một tổ chức đảng trực thuộc.")
    )
    document_no = forms.CharField(label=_("Số tờ trình"), max_length=50, required=False)
    received_on = DateField(label=_("Ngày nhận hồ sơ"))
    due_on = DateField(label=_("Hạn thẩm định"))
    summary = forms.CharField(label=_("Tóm tắt nội dung dự thảo"), required=False, widget=forms.Textarea({"rows": 3}))
    document = forms.FileField(
        label=_("Tệp dự thảo"), required=False, help_text=_(".pdf, .doc, .docx hoặc .xlsx, tối đa 20 MB.")
    )

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "org": d["org"],
            "title": d["title"],
            "area": d["area"],
            "submitted_by": d.get("submitted_by") or "",
            "submitting_org": d.get("submitting_org"),
            "document_no": d.get("document_no") or "",
            "received_on": d["received_on"],
            "due_on": d["due_on"],
            "summary": d.get("summary") or "",
            "document": d.get("document"),
        }


class ProposalEditForm(ActorForm):
    title = forms.CharField(label=_("Tên đề án"), max_length=255)
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=Area.choices)
    submitted_by = forms.CharField(label=_("Cơ quan trình"), max_length=255, required=False)
    submitting_org = OrgCodeField(label=_("Tổ chức đảng trình"), required=False)
    document_no = forms.CharField(label=_("Số tờ trình"), max_length=50, required=False)
    due_on = DateField(label=_("Hạn thẩm định"))

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "area": d["area"],
            "submitted_by": d.get("submitted_by") or "",
            "submitting_org": d.get("submitting_org"),
            "document_no": d.get("document_no") or "",
            "due_on": d["due_on"],
        }


class ReviewerForm(ActorForm):
    user = forms.ModelChoiceField(label=_("Cán bộ thẩm định"), queryset=User.objects.none())
    lead = forms.BooleanField(
        label=_("Chủ trì thẩm định"),
        required=False,
        help_text=_(
            "Người chủ trì tổng hợp ý kiến, đề nghị chỉnh sửa và dự thảo kết luận; chọn người khác là chuyển chủ trì."
        ),
    )
    assigned_on = DateField(label=_("Ngày phân công"))
    due_on = DateField(label=_("Hạn góp ý"), help_text=_("Không sau hạn thẩm định của đề án."))

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = _user_label

    def values(self) -> dict:
        d = self.cleaned_data
        return {"user": d["user"], "lead": d["lead"], "assigned_on": d["assigned_on"], "due_on": d["due_on"]}


def _user_label(user) -> str:
    return f"{user} – {user.get_role_display()}, {user.org.name}"


class ReleaseForm(ActorForm):
    released_on = DateField(label=_("Ngày thôi phân công"))
    note = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class RescheduleForm(ActorForm):
    due_on = DateField(label=_("Hạn góp ý mới"), help_text=_("Không sau hạn thẩm định của đề án."))
    note = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class CommentForm(ActorForm):
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea({"rows": 4}))
    on = DateField(label=_("Ngày góp ý"))
    final = forms.BooleanField(label=_("Ý kiến thẩm định chính thức (hoàn thành phần việc được giao)"), required=False)

    def __init__(self, *args, reviewer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not reviewer:  # a leader directs; the assigned reviewers give the appraisal opinion
            del self.fields["final"]


class ChangesForm(ActorForm):
    changes_requested = forms.CharField(label=_("Nội dung đề nghị chỉnh sửa"), widget=forms.Textarea({"rows": 4}))
    changes_requested_on = DateField(label=_("Ngày đề nghị"))


class RevisionForm(ActorForm):
    received_on = DateField(label=_("Ngày nhận bản chỉnh sửa"))
    summary = forms.CharField(
        label=_("Nội dung tiếp thu, chỉnh sửa"), required=False, widget=forms.Textarea({"rows": 3})
    )
    document = forms.FileField(
        label=_("Tệp dự thảo"), required=False, help_text=_(".pdf, .doc, .docx hoặc .xlsx, tối đa 20 MB.")
    )


class ConcludeForm(ActorForm):
    conclusion = forms.ChoiceField(label=_("Kết luận"), choices=Conclusion.choices, widget=forms.RadioSelect)
    concluded_on = DateField(label=_("Ngày kết luận"))
    conclusion_no = forms.CharField(label=_("Số văn bản thẩm định"), max_length=50, required=False)
    conclusion_text = forms.CharField(
        label=_("Nội dung kết luận"),
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Bắt buộc khi cần tiếp thu, chỉnh sửa hoặc chưa đủ điều kiện trình."),
    )
    override_note = forms.CharField(
        label=_("Lý do kết luận khi còn người thẩm định chưa có ý kiến"), max_length=500, required=False
    )


class WithdrawForm(ActorForm):
    withdrawn_on = DateField(label=_("Ngày dừng"))
    withdrawn_reason = forms.CharField(label=_("Lý do dừng thẩm định"), max_length=255)
