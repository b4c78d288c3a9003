"""The member forms: the dossier (grouped in fieldsets), admission and reception of a member, one form per
lifecycle event, corrections, family and work rows. Field names are the services' keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, QuickSelect
from tochuc.orgs.models import Org

from .choices import (
    ETHNIC_GROUP_CHOICES,
    RELIGION_CHOICES,
    AcademicTitle,
    AwayKind,
    Education,
    Occupation,
    Qualification,
    Sex,
    StateManagementLevel,
    Status,
    TheoryLevel,
)


def _text(label, *, max_length=255, required=False, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _note(label=None, *, required=False):
    return forms.CharField(label=label or _("Ghi chú"), required=required, widget=forms.Textarea(attrs={"rows": 3}))


class FieldsetsForm(ActorForm):
    """A form whose fields show in titled groups (`fieldsets`); fields of no group come last."""

    fieldsets: list[tuple[str, list[str]]] = []

    def grouped(self):
        seen: set[str] = set()
        groups = []
        for legend, names in self.fieldsets:
            fields = [self[n] for n in names if n in self.fields]
            seen.update(names)
            if fields:
                groups.append((legend, fields))
        rest = [self[n] for n in self.fields if n not in seen and not self[n].is_hidden]
        if rest:
            groups.append(("", rest))
        return groups


# --- The dossier ------------------------------------------------------------------------------------------

IDENTITY = _("Sơ yếu lý lịch")
TRAINING = _("Trình độ, đào tạo")
WORK = _("Nghề nghiệp, công tác")
PARTY = _("Đảng tịch")

DOSSIER_FIELDSETS = [
    (
        IDENTITY,
        ["full_name", "other_names", "sex", "birth_date", "birth_place", "home_town", "residence", "citizen_id",
         "ethnic_group", "religion", "photo"],
    ),
    (
        TRAINING,
        ["education", "qualification", "qualification_field", "academic_title", "theory_level", "state_management",
         "foreign_language", "it_level"],
    ),
    (WORK, ["occupation", "work_unit", "position"]),
    (
        PARTY,
        ["org", "status", "vote_on", "admitted_on", "decision_no", "ceremony_on", "official_on", "on", "letter_no",
         "origin", "registered_on", "dossier_number", "badge_number"],
    ),
]  # fmt: skip

# Choice fields a submission may leave out (an import, an older form): the model's default then applies.
OPTIONAL_CHOICES = ("ethnic_group", "religion", "education", "qualification", "academic_title", "theory_level",
                    "state_management", "occupation")  # fmt: skip


class DossierForm(FieldsetsForm):
    """The dossier's fields that change by a plain edit (services.EDITABLE_FIELDS), and the photo."""

    fieldsets = DOSSIER_FIELDSETS

    other_names = _text(_("Tên gọi khác"), max_length=150)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    birth_place = _text(_("Nơi sinh"))
    home_town = _text(_("Quê quán"))
    residence = _text(_("Nơi thường trú"))
    citizen_id = _text(
        _("Số căn cước công dân"),
        max_length=12,
        help_text=_("12 chữ số."),
        widget=forms.TextInput({"inputmode": "numeric"}),
    )
    ethnic_group = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNIC_GROUP_CHOICES, initial="Kinh", required=False)
    religion = forms.ChoiceField(label=_("Tôn giáo"), choices=RELIGION_CHOICES, initial="Không", required=False)
    education = forms.ChoiceField(
        label=_("Giáo dục phổ thông"), choices=Education.choices, initial=Education.UPPER_SECONDARY, required=False
    )
    qualification = forms.ChoiceField(
        label=_("Chuyên môn, nghiệp vụ"), choices=Qualification.choices, initial=Qualification.NONE, required=False
    )
    qualification_field = _text(_("Chuyên ngành"), max_length=150)
    academic_title = forms.ChoiceField(label=_("Học hàm"), choices=AcademicTitle.choices, required=False)
    theory_level = forms.ChoiceField(
        label=_("Lý luận chính trị"), choices=TheoryLevel.choices, initial=TheoryLevel.NONE, required=False
    )
    state_management = forms.ChoiceField(
        label=_("Quản lý nhà nước"),
        choices=StateManagementLevel.choices,
        initial=StateManagementLevel.NONE,
        required=False,
    )
    foreign_language = _text(_("Ngoại ngữ"), max_length=100)
    it_level = _text(_("Tin học"), max_length=100)
    occupation = forms.ChoiceField(
        label=_("Nghề nghiệp hiện nay"), choices=Occupation.choices, initial=Occupation.OTHER, required=False
    )
    work_unit = _text(_("Đơn vị công tác"))
    position = _text(_("Chức vụ"), max_length=150)
    dossier_number = _text(_("Số lý lịch"), max_length=20)
    badge_number = _text(_("Số huy hiệu"), max_length=20)
    photo = forms.FileField(
        label=_("Ảnh 3x4"), required=False, help_text=_("JPEG hoặc PNG, tối đa 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )  # fmt: skip

    def dossier_values(self, submitted=None) -> dict:
        """The dossier fields to hand to a service. Fields left out of the submission (`submitted`: the
        POST's keys) and empty choices are not passed, so the stored value or the model's default stays."""
        values = {}
        for name in self.DOSSIER_NAMES:
            if name not in self.fields or (submitted is not None and name not in submitted):
                continue
            value = self.cleaned_data.get(name)
            if name in OPTIONAL_CHOICES and value in ("", None) and name != "academic_title":
                continue
            values[name] = value
        return values

    DOSSIER_NAMES = ("other_names", "sex", "birth_place", "home_town", "residence", "citizen_id", "ethnic_group",
                     "religion", "education", "qualification", "qualification_field", "academic_title", "theory_level",
                     "state_management", "foreign_language", "it_level", "occupation", "work_unit", "position",
                     "dossier_number", "badge_number")  # fmt: skip


class NewMemberForm(DossierForm):
    """The fields every way of entering a new record shares: name, birth date and the org."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_date = DateField(label=_("Ngày sinh"))
    org = OrgCodeField(label=_("Sinh hoạt tại chi bộ"))
    photo = None  # the photo is added on the member's page once the record exists


class MemberCreateForm(NewMemberForm):
    """Entering an existing member's record, with their past (member_create)."""

    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[(s.value, s.label) for s in (Status.OFFICIAL, Status.PROBATIONARY)]
    )
    admitted_on = DateField(label=_("Ngày vào Đảng"), help_text=_("Ngày ký quyết định kết nạp."))
    ceremony_on = DateField(label=_("Ngày lễ kết nạp"), required=False)
    official_on = DateField(label=_("Ngày chính thức"), required=False)


class AdmitForm(NewMemberForm):
    """Admission of a new member (member_admit): the cell's vote and the committee's decision."""

    vote_on = DateField(label=_("Ngày chi bộ họp xét kết nạp"), help_text=_("Tuổi tính đủ tháng đến ngày này."))
    admitted_on = DateField(label=_("Ngày ký quyết định kết nạp"))
    decision_no = _text(_("Số quyết định kết nạp"), max_length=64, required=True)


class ReceiveForm(NewMemberForm):
    """A member arriving from another province or abroad with their letter (member_receive)."""

    on = DateField(label=_("Ngày tiếp nhận"))
    letter_no = _text(_("Số giấy giới thiệu sinh hoạt đảng"), max_length=64, required=True)
    origin = _text(_("Nơi chuyển đến từ"), help_text=_("Đảng bộ, tỉnh nơi đảng viên sinh hoạt trước đây."))
    admitted_on = DateField(label=_("Ngày vào Đảng"))
    official_on = DateField(label=_("Ngày chính thức"), required=False, help_text=_("Bỏ trống nếu còn dự bị."))


# --- Lifecycle events --------------------------------------------------------------------------------------


class DestinationOrgField(OrgCodeField):
    """The receiving org of a transfer: any open org of the province, not only those in the actor's scope
    (a commune sends members to its neighbours)."""

    def clean(self, value):
        value = forms.CharField.clean(self, value)
        if not value:
            return None
        code = value.split(" ")[0].strip()
        org = Org.objects.filter(closed_on__isnull=True, code__iexact=code).first()
        if org is None:
            raise forms.ValidationError(
                _("Không có tổ chức đang hoạt động mã «%(code)s»."), params={"code": code}, code="unknown_org"
            )
        return org


class EventForm(ActorForm):
    """A lifecycle event's form: `on` starts as today."""

    def __init__(self, *args, member=None, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        for name in ("on",):
            if name in self.fields and not self.is_bound:
                self.fields[name].initial = timezone.localdate()


class CeremonyForm(EventForm):
    on = DateField(label=_("Ngày tổ chức lễ kết nạp"))
    note = _note()


class RecognizeForm(EventForm):
    decided_on = DateField(
        label=_("Ngày ký quyết định công nhận"),
        help_text=_("Ngày chính thức là ngày hết 12 tháng dự bị, dù quyết định ký muộn hơn."),
    )
    decision_no = _text(_("Số quyết định"), max_length=64, required=True)


class RemoveProbationaryForm(EventForm):
    on = DateField(label=_("Ngày quyết định"))
    decision_no = _text(_("Số quyết định"), max_length=64)
    reason = _note(_("Lý do"), required=True)


class TransferOutForm(EventForm):
    on = DateField(label=_("Ngày chuyển (ngày ký giấy giới thiệu)"))
    letter_no = _text(_("Số giấy giới thiệu sinh hoạt đảng"), max_length=64, required=True)
    to_org = DestinationOrgField(
        label=_("Chuyển đến tổ chức trong tỉnh"),
        required=False,
        help_text=_("Mã tổ chức nhận; tổ chức nhận xác nhận khi đảng viên đến."),
    )
    destination = _text(_("Hoặc: nơi chuyển đến ngoài tỉnh"), help_text=_("Đảng bộ, tỉnh nơi đến."))
    note = _note()


class TemporaryOutForm(TransferOutForm):
    until = DateField(label=_("Sinh hoạt tạm thời đến ngày"))

    field_order = ["on", "letter_no", "to_org", "destination", "until", "note"]


class OnForm(EventForm):
    on = DateField(label=_("Ngày"))


class TransferInForm(EventForm):
    on = DateField(label=_("Ngày đảng viên nộp giấy giới thiệu"))


class ExemptForm(EventForm):
    on = DateField(label=_("Miễn từ ngày"))
    until = DateField(label=_("Đến ngày"), required=False)
    reason = _note(_("Lý do"), required=True)


class NoteForm(EventForm):
    on = DateField(label=_("Ngày"))
    note = _note()


class BadgeForm(EventForm):
    milestone = forms.TypedChoiceField(label=_("Huy hiệu"), coerce=int)
    on = DateField(label=_("Ngày trao"))
    decision_no = _text(_("Số quyết định tặng Huy hiệu"), max_length=64, required=True)
    seriously_ill = forms.BooleanField(
        label=_("Xét tặng sớm do ốm nặng"),
        required=False,
        help_text=_("Sớm tối đa 12 tháng (đến mốc 65 năm) hoặc 24 tháng."),
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        milestones = dossier.milestones if dossier else []
        awarded = set(dossier.badges) if dossier else set()
        self.fields["milestone"].choices = [
            (m, _("Huy hiệu %(m)s năm tuổi đảng") % {"m": m}) for m in milestones if m not in awarded
        ]
        if dossier and not self.is_bound:
            self.fields["milestone"].initial = dossier.badge_eligible or dossier.badge_eligible_if_ill


class CardForm(EventForm):
    on = DateField(label=_("Ngày cấp"))
    card_number = _text(
        _("Số thẻ đảng viên"), max_length=12, required=True, widget=forms.TextInput({"inputmode": "numeric"})
    )
    decision_no = _text(_("Số quyết định"), max_length=64)


class RemoveForm(EventForm):
    on = DateField(label=_("Ngày quyết định"))
    decision_no = _text(_("Số quyết định"), max_length=64, required=True)
    reason = _note(_("Lý do xóa tên"), required=True)


class DecisionForm(EventForm):
    on = DateField(label=_("Ngày quyết định"))
    decision_no = _text(_("Số quyết định"), max_length=64, required=True)
    note = _note()


class DiedForm(EventForm):
    on = DateField(label=_("Ngày từ trần"))
    note = _note()


class ReadmitForm(EventForm):
    org = OrgCodeField(label=_("Sinh hoạt tại chi bộ"))
    vote_on = DateField(label=_("Ngày chi bộ họp xét"))
    admitted_on = DateField(label=_("Ngày ký quyết định kết nạp lại"))
    decision_no = _text(_("Số quyết định"), max_length=64, required=True)
    expunged_on = DateField(label=_("Ngày được xóa án tích (nếu có)"), required=False)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        if member is not None and not self.is_bound:
            self.fields["org"].initial = member.org.code


class CancelEventForm(ActorForm):
    reason = _note(_("Lý do hủy"), required=True)


# --- Corrections, family, work history ----------------------------------------------------------------------

CORRECTABLE_CHOICES = [
    ("full_name", _("Họ và tên")),
    ("birth_date", _("Ngày sinh")),
    ("admitted_on", _("Ngày vào Đảng")),
    ("ceremony_on", _("Ngày lễ kết nạp")),
    ("official_on", _("Ngày chính thức")),
]


class CorrectionRequestForm(ActorForm):
    field = forms.ChoiceField(label=_("Trường cần đính chính"), choices=CORRECTABLE_CHOICES)
    new_value = _text(_("Giá trị đúng"), help_text=_("Ngày theo dạng dd/mm/yyyy; họ tên ghi đầy đủ, có dấu."))
    basis = _text(_("Căn cứ (văn bản)"), help_text=_("Số, ngày văn bản chứng minh giá trị đúng."))


class CorrectionDecisionForm(ActorForm):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[(APPROVE, _("Duyệt")), (REJECT, _("Không duyệt"))],
        widget=forms.RadioSelect,
    )
    note = _text(_("Ý kiến"))


class RelativeForm(ActorForm):
    relation = _text(_("Quan hệ"), max_length=40, required=True, help_text=_("Cha, mẹ, vợ, chồng, con..."))
    full_name = _text(_("Họ và tên"), max_length=150, required=True)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1850, max_value=2100)
    occupation = _text(_("Nghề nghiệp"), max_length=150)
    address = _text(_("Nơi ở"))
    note = _text(_("Ghi chú"))


class WorkPeriodForm(ActorForm):
    valid_from = DateField(label=_("Từ ngày"))
    valid_to = DateField(label=_("Đến ngày"), required=False, help_text=_("Bỏ trống nếu đến nay."))
    unit = _text(_("Đơn vị"), required=True)
    position = _text(_("Chức vụ, công việc"), max_length=150)


class MemberFilterForm(forms.Form):
    """The member list's filters, read from the query string (so that a link, the export's included, keeps
    them); `selector_kwargs()` gives them to `selectors.member_list`, whose values these choices are."""

    ALL = [("", _("Tất cả"))]
    STATUSES = [
        ("", _("Đang sinh hoạt")),
        *Status.choices,
        ("ended", _("Đã thôi sinh hoạt (mọi lý do)")),
        ("all", _("Tất cả, kể cả đã thôi sinh hoạt")),
    ]
    AGE_BANDS = [
        ("30", _("Từ 30 trở xuống")),
        ("31-40", _("Từ 31 đến 40")),
        ("41-50", _("Từ 41 đến 50")),
        ("51-60", _("Từ 51 đến 60")),
        ("61-70", _("Từ 61 đến 70")),
        ("71", _("Trên 70")),
    ]
    FLAGS = [
        ("exempted", _("Được miễn sinh hoạt")),
        ("temporary", _("Sinh hoạt tạm thời nơi khác")),
        ("in_transit", _("Đang chuyển sinh hoạt")),
        ("lost_contact", _("Mất liên lạc")),
        ("away", _("Đi làm ăn xa")),
    ]
    ORDERS = [
        ("name", _("Tên (A → Z)")),
        ("-name", _("Tên (Z → A)")),
        ("birth_date", _("Ngày sinh (già trước)")),
        ("-birth_date", _("Ngày sinh (trẻ trước)")),
        ("admitted_on", _("Ngày vào Đảng (sớm trước)")),
        ("-admitted_on", _("Ngày vào Đảng (muộn trước)")),
        ("official_on", _("Ngày chính thức (sớm trước)")),
        ("-official_on", _("Ngày chính thức (muộn trước)")),
        ("org", _("Nơi sinh hoạt")),
        ("status", _("Trạng thái")),
    ]
    RANGES = [("admitted_from", "admitted_to"), ("official_from", "official_to")]

    q = forms.CharField(label=_("Họ tên, số CCCD hoặc số thẻ"), required=False, max_length=150)
    org = forms.CharField(label=_("Mã tổ chức"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUSES, required=False, widget=QuickSelect)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=ALL + Sex.choices, required=False, widget=QuickSelect)
    age_band = forms.ChoiceField(label=_("Độ tuổi"), choices=ALL + AGE_BANDS, required=False, widget=QuickSelect)
    ethnic_group = forms.ChoiceField(
        label=_("Dân tộc"), choices=ALL + ETHNIC_GROUP_CHOICES, required=False, widget=QuickSelect
    )
    religion = forms.ChoiceField(
        label=_("Tôn giáo"), choices=ALL + RELIGION_CHOICES, required=False, widget=QuickSelect
    )
    education = forms.ChoiceField(
        label=_("Giáo dục phổ thông"), choices=ALL + Education.choices, required=False, widget=QuickSelect
    )
    qualification = forms.ChoiceField(
        label=_("Chuyên môn"), choices=ALL + Qualification.choices, required=False, widget=QuickSelect
    )
    theory_level = forms.ChoiceField(
        label=_("Lý luận chính trị"), choices=ALL + TheoryLevel.choices, required=False, widget=QuickSelect
    )
    occupation = forms.ChoiceField(
        label=_("Nghề nghiệp"), choices=ALL + Occupation.choices, required=False, widget=QuickSelect
    )
    admitted_from = DateField(label=_("Vào Đảng từ ngày"), required=False)
    admitted_to = DateField(label=_("đến ngày"), required=False)
    official_from = DateField(label=_("Chính thức từ ngày"), required=False)
    official_to = DateField(label=_("đến ngày"), required=False)
    flags = forms.MultipleChoiceField(
        label=_("Tình trạng"), choices=FLAGS, required=False, widget=forms.CheckboxSelectMultiple
    )
    sort = forms.ChoiceField(label=_("Sắp xếp theo"), choices=ORDERS, required=False, widget=QuickSelect)
    # Older links (?inactive=on) asked for every status; the status filter says it now.
    inactive = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        for start, end in self.RANGES:
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("Ngày cuối phải từ ngày đầu trở đi."))
                data.pop(start)  # a range the user must correct is left out whole, not half applied
        return data

    def selector_kwargs(self) -> dict:
        """The filters that validated, as keyword arguments of `selectors.member_list` (without `org`, which
        the view looks up in the actor's scope). Unbound (no query string): none."""
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data with the fields that validated; the page shows the others' errors
        data = self.cleaned_data
        kwargs = {
            name: data[name]
            for name in self.fields
            if name not in ("org", "sort", "inactive", "flags") and data.get(name) not in (None, "")
        }
        kwargs["flags"] = list(data.get("flags") or ())
        kwargs["include_inactive"] = bool(data.get("inactive"))
        kwargs["order"] = data.get("sort") or "name"
        return kwargs


# --- Working away from home ---------------------------------------------------------------------------------


class AwayStartForm(ActorForm):
    """A member leaves to work away from home (services.member_away_start)."""

    kind = forms.ChoiceField(label=_("Hình thức"), choices=AwayKind.choices, initial=AwayKind.OTHER_PROVINCE)
    place = _text(
        _("Nơi đến"),
        max_length=150,
        required=True,
        help_text=_("Tỉnh, thành phố (chọn trong danh sách gợi ý) hoặc tên nước."),
        # The 34 provinces are suggested by a datalist on the page; a country is typed.
        widget=forms.TextInput({"list": "away-places", "autocomplete": "off"}),
    )
    employer = _text(_("Nơi làm việc"), help_text=_("Công ty, cơ sở nơi đảng viên làm việc, nếu biết."))
    since = DateField(label=_("Đi từ ngày"))
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["since"].initial = timezone.localdate()


class AwayEndForm(ActorForm):
    """A member working away comes back (services.member_away_end)."""

    on = DateField(label=_("Trở về ngày"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()


class AwayFilterForm(forms.Form):
    """The filters of the list of members away (selectors_away.away_list), from the query string."""

    ORDERS = [
        ("since", _("Đi lâu nhất trước")),
        ("org", _("Theo nơi sinh hoạt")),
        ("name", _("Tên (A → Z)")),
        ("place", _("Theo nơi đến")),
    ]

    org = forms.CharField(label=_("Mã tổ chức"), required=False, max_length=40)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=[("", _("Tất cả")), *AwayKind.choices], required=False)
    place = forms.CharField(
        label=_("Nơi đến"), required=False, max_length=150, widget=forms.TextInput({"list": "away-places"})
    )
    sort = forms.ChoiceField(label=_("Sắp xếp theo"), choices=ORDERS, required=False)

    def selector_kwargs(self) -> dict:
        """The filters that validated, as keyword arguments of `away_list` (without `org`, looked up in scope)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {"kind": data.get("kind") or "", "place": data.get("place") or "", "order": data.get("sort") or "since"}
