"""HTTP for the tree: parse, call a selector or service, render. Outside scope -> 404; role lacks -> 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import csv_response, xlsx_response
from tochuc.core.scope import in_scope, require
from tochuc.members.models import Member
from tochuc.members.selectors import member_list

from . import selectors, services
from .forms import (
    AsOfForm,
    OrgCreateForm,
    OrgDissolveForm,
    OrgMergeForm,
    OrgMoveForm,
    OrgRenameForm,
    OrgSplitForm,
    OrgUpdateForm,
)
from .models import OrgType


def _context(request, org, **extra):
    return {
        "org": org,
        "breadcrumbs": selectors.org_breadcrumbs(actor=request.user, org=org),
        **extra,
    }


@login_required
@require_GET
def tree(request):
    """The tree browser: the user's root with its children, each expandable; or the tree as of a date."""
    require(request.user, Action.LIST)
    roots = selectors.org_roots_for(actor=request.user)
    form = AsOfForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    if as_of:
        rows = []
        for root in roots:
            rows += [r for r in selectors.org_tree(actor=request.user, root=root, as_of=as_of) if r.depth <= 2]
        return render(request, "orgs/tree_as_of.html", {"form": form, "rows": rows, "as_of": as_of})
    nodes = []
    for root in roots:
        root.member_count = selectors.member_count(root)
        nodes.append((root, selectors.org_children(actor=request.user, org=root)))
    return render(request, "orgs/tree.html", {"form": form, "nodes": nodes})


@login_required
@require_GET
def children(request, code):
    require(request.user, Action.LIST)
    org = selectors.org_get(actor=request.user, code=code)
    kids = selectors.org_children(actor=request.user, org=org)
    return render(request, "orgs/_nodes.html", {"children": kids, "depth": org.depth + 1})


@login_required
@require_GET
def search(request):
    require(request.user, Action.LIST)
    q = request.GET.get("q", "")
    results = selectors.org_search(actor=request.user, q=q, limit=20)
    template = "orgs/_search_results.html" if request.htmx else "orgs/search.html"
    return render(request, template, {"q": q, "results": results})


@login_required
@require_GET
def lookup(request):
    """Options for an org-code text box (a datalist), as the user types."""
    require(request.user, Action.LIST)
    q = next((v for k, v in request.GET.items() if v), "")
    results = selectors.org_search(actor=request.user, q=q, limit=15) if len(q.strip()) >= 2 else []
    return render(request, "orgs/_lookup_options.html", {"results": results})


@login_required
@require_GET
def detail(request, code):
    org = selectors.org_get(actor=request.user, code=code)
    require(request.user, Action.VIEW, org.path)
    kids = selectors.org_children(actor=request.user, org=org, include_closed=True)
    _counts, direct = selectors.member_counts_by_child(org)
    members = member_list(actor=request.user, org=org)
    return render(
        request,
        "orgs/detail.html",
        _context(
            request,
            org,
            children=kids,
            open_children=sum(1 for c in kids if c.is_open),
            total_members=selectors.member_count(org),
            direct_members=direct,
            members=list(members[:15]),
            more_members=members.count() > 15,
            periods=selectors.org_periods(actor=request.user, org=org),
            events=selectors.org_events(actor=request.user, org=org),
            successor=org.successor if org.successor and in_scope(request.user, org.successor.path) else None,
            can_create=request.user.can(Action.CREATE) and org.is_open,
            can_edit=request.user.can(Action.EDIT) and org.is_open,
            can_restructure=request.user.can(Action.RESTRUCTURE) and org.is_open and org.parent_id is not None,
            can_rename=request.user.can(Action.RESTRUCTURE) and org.is_open,
            can_export=request.user.can(Action.EXPORT),
        ),
    )


def _restructurable(request, code):
    """The org a restructuring form acts on: inside the scope, not the root (which has no upper committee
    here to restructure it), and the role may restructure."""
    org = selectors.org_get(actor=request.user, code=code)
    if org.parent_id is None:
        raise Http404
    require(request.user, Action.RESTRUCTURE, org.path)
    return org


def _form_view(request, org, form, on_valid, template, title, **extra):
    """The shape every restructuring form shares: check, validate, call the service, show its refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            result = on_valid(form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            return result
    return render(request, template, _context(request, org, form=form, title=title, **extra))


@login_required
@require_http_methods(["GET", "POST"])
def create(request, code):
    parent = selectors.org_get(actor=request.user, code=code)
    require(request.user, Action.CREATE, parent.path)
    form = OrgCreateForm(request.POST or None, actor=request.user, parent=parent)

    def save(data):
        org = services.org_create(actor=request.user, parent=parent, **data)
        messages.success(request, _("Đã thành lập «%(name)s».") % {"name": org.name})
        return redirect(org)

    return _form_view(
        request,
        parent,
        form,
        save,
        "orgs/form.html",
        _("Thành lập tổ chức trực thuộc «%(name)s»") % {"name": parent.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, code):
    org = selectors.org_get(actor=request.user, code=code)
    require(request.user, Action.EDIT, org.path)
    initial = {f: getattr(org, f) for f in services.UPDATABLE_FIELDS}
    form = OrgUpdateForm(request.POST or None, actor=request.user, initial=initial)

    def save(data):
        services.org_update(actor=request.user, org=org, **data)
        messages.success(request, _("Đã lưu thông tin «%(name)s».") % {"name": org.name})
        return redirect(org)

    return _form_view(request, org, form, save, "orgs/form.html", _("Sửa thông tin «%(name)s»") % {"name": org.name})


@login_required
@require_http_methods(["GET", "POST"])
def rename(request, code):
    org = selectors.org_get(actor=request.user, code=code)
    require(request.user, Action.RESTRUCTURE, org.path)
    form = OrgRenameForm(request.POST or None, actor=request.user, initial={"name": org.name})

    def save(data):
        services.org_rename(actor=request.user, org=org, **data)
        messages.success(request, _("Đã đổi tên thành «%(name)s».") % {"name": data["name"]})
        return redirect(org)

    return _form_view(request, org, form, save, "orgs/form.html", _("Đổi tên «%(name)s»") % {"name": org.name})


@login_required
@require_http_methods(["GET", "POST"])
def move(request, code):
    org = _restructurable(request, code)
    form = OrgMoveForm(request.POST or None, actor=request.user)

    def save(data):
        services.org_move(actor=request.user, org=org, **data)
        messages.success(
            request, _("Đã chuyển «%(name)s» về trực thuộc «%(p)s».") % {"name": org.name, "p": data["new_parent"].name}
        )
        return redirect(org)

    return _form_view(
        request,
        org,
        form,
        save,
        "orgs/form.html",
        _("Chuyển trực thuộc «%(name)s»") % {"name": org.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, code):
    org = _restructurable(request, code)
    form = OrgMergeForm(
        request.POST or None, actor=request.user, initial={"new_parent": org.parent.code, "new_type": org.org_type}
    )

    def save(data):
        new = None
        if data["mode"] == OrgMergeForm.MODE_NEW:
            new = services.NewOrg(
                code=data["new_code"],
                name=data["new_name"],
                org_type=data["new_type"],
                sector=org.sector,
                parent=data["new_parent"],
            )
        target = services.org_merge(
            actor=request.user,
            sources=[org, *data["others"]],
            on=data["on"],
            target=data["target"] if new is None else None,
            new=new,
            decision_no=data["decision_no"],
        )
        messages.success(request, _("Đã sáp nhập vào «%(name)s».") % {"name": target.name})
        return redirect(target)

    return _form_view(request, org, form, save, "orgs/form.html", _("Sáp nhập «%(name)s»") % {"name": org.name})


@login_required
@require_http_methods(["GET", "POST"])
def split(request, code):
    """Two steps on one page: name the new orgs, then say where each member and child goes."""
    org = _restructurable(request, code)
    form = OrgSplitForm(request.POST or None, actor=request.user, initial={"org_type": org.org_type})
    kids = [c for c in selectors.org_children(actor=request.user, org=org) if c.is_open]
    people = list(Member.objects.active().filter(org=org).order_by("sort_key", "id"))
    assigning = False
    if request.method == "POST" and form.is_valid():
        parts = form.cleaned_data["parts"]
        assigning = True
        if "assign" in request.POST:
            new_orgs = [
                services.NewOrg(code=c, name=n, org_type=form.cleaned_data["org_type"], sector=org.sector)
                for c, n in parts
            ]
            for m in people:
                idx = request.POST.get(f"m{m.pk}", "")
                if idx.isdigit() and int(idx) < len(new_orgs):
                    new_orgs[int(idx)].member_ids.append(m.pk)
            for c in kids:
                idx = request.POST.get(f"c{c.pk}", "")
                if idx.isdigit() and int(idx) < len(new_orgs):
                    new_orgs[int(idx)].child_codes.append(c.code)
            try:
                created = services.org_split(
                    actor=request.user,
                    source=org,
                    parts=new_orgs,
                    on=form.cleaned_data["on"],
                    close_source=not form.cleaned_data["keep_source"],
                    decision_no=form.cleaned_data["decision_no"],
                )
            except DomainError as e:
                form.add_domain_error(e)
            else:
                messages.success(request, _("Đã chia tách thành %(n)s tổ chức.") % {"n": len(created)})
                return redirect(created[0].parent)
        for m in people:
            m.assigned = request.POST.get(f"m{m.pk}", "")
        for c in kids:
            c.assigned = request.POST.get(f"c{c.pk}", "")
        return render(
            request,
            "orgs/split.html",
            _context(
                request,
                org,
                form=form,
                parts=list(enumerate(parts)),
                people=people,
                kids=kids,
                assigning=assigning,
                title=_("Chia tách «%(name)s»") % {"name": org.name},
            ),
        )
    return render(
        request,
        "orgs/split.html",
        _context(
            request,
            org,
            form=form,
            people=people,
            kids=kids,
            assigning=assigning,
            title=_("Chia tách «%(name)s»") % {"name": org.name},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dissolve(request, code):
    org = _restructurable(request, code)
    form = OrgDissolveForm(request.POST or None, actor=request.user)

    def save(data):
        services.org_dissolve(
            actor=request.user, org=org, on=data["on"], members_to=data["members_to"], decision_no=data["decision_no"]
        )
        messages.success(request, _("Đã giải thể «%(name)s».") % {"name": org.name})
        return redirect(org)

    return _form_view(
        request,
        org,
        form,
        save,
        "orgs/form.html",
        _("Giải thể «%(name)s»") % {"name": org.name},
        danger=True,
    )


EXPORT_HEADERS = [
    "Mã",
    "Tên tổ chức",
    "Loại tổ chức",
    "Cấp trên (mã)",
    "Cấp",
    "Đảng viên (cả cấp dưới)",
    "Đảng viên sinh hoạt trực tiếp",
]


@login_required
@require_GET
def export(request, code):
    """The subtree as .xlsx (default) or .csv, with member counts; as of a date with ?as_of=dd/mm/yyyy."""
    org = selectors.org_get(actor=request.user, code=code)
    require(request.user, Action.EXPORT, org.path)
    form = AsOfForm(request.GET or None)
    if request.GET.get("as_of") and not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.errors["as_of"]), content_type="text/plain; charset=utf-8")
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    rows = selectors.org_tree(actor=request.user, root=org, as_of=as_of)
    day = as_of or timezone.localdate()
    filename = f"to-chuc-{org.code}-{day:%Y%m%d}"
    labels = dict(OrgType.choices)

    def values(r, indent=False):
        name = ("    " * r.depth + r.name) if indent else r.name
        return [
            r.code,
            name,
            str(labels.get(r.org_type, r.org_type)),
            r.parent_code or "",
            r.depth,
            r.members,
            r.direct_members,
        ]

    if request.GET.get("format") == "csv":
        return csv_response(filename, EXPORT_HEADERS, (values(r) for r in rows))
    return xlsx_response(
        filename,
        title=f"DANH SÁCH TỔ CHỨC ĐẢNG THUỘC {org.name.upper()}",
        subtitle=f"Tính đến ngày {day:%d/%m/%Y}",
        headers=EXPORT_HEADERS,
        rows=(values(r, indent=True) for r in rows),
        widths=(16, 60, 26, 16, 6, 14, 14),
        sheet="To chuc dang",
    )
