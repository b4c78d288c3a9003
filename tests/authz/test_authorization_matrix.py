"""Role x action x inside/outside scope, over the org and member pages.

Every persona here is scoped to the commune 44.DH (the secretary to its cell 44.DH.01). "Inside" is the
cell 44.DH.01 and a member of it; "outside" is the neighbouring commune's cell 44.LB.01 and its member.
Outside the scope everything answers 404, whatever the role; inside, the role decides (403 when it may not).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent
from tochuc.members.models import Member
from tochuc.orgs.models import Org

ROLES = [Role.ADMIN, Role.OFFICER, Role.LEADER, Role.SECRETARY, Role.VIEWER]
ACTIONS = ["list", "view", "create", "edit", "export"]
ALLOWED = {
    Role.ADMIN: {"list", "view", "create", "edit", "export"},
    Role.OFFICER: {"list", "view", "create", "edit", "export"},
    Role.LEADER: {"list", "view", "export"},
    Role.SECRETARY: {"list", "view", "create", "edit", "export"},
    Role.VIEWER: {"list", "view"},
}
SUCCESS = {"list": 200, "view": 200, "export": 200, "create": 302, "edit": 302}


@pytest.fixture
def persona(make_user, tree):
    def _make(role):
        org = tree.dh1 if role == Role.SECRETARY else tree.dh
        return make_user(f"persona.{role}", role, org)

    return _make


def _org_request(client, action, org):
    if action == "list":
        return client.get(reverse("orgs:children", args=[org.code]))
    if action == "view":
        return client.get(reverse("orgs:detail", args=[org.code]))
    if action == "create":
        return client.post(
            reverse("orgs:create", args=[org.code]),
            {
                "code": f"{org.code}.T1",
                "name": "Tổ đảng số 1",
                "org_type": "party_group",
                "sector": "residential",
                "opened_on": "01/08/2025",
                "unit_name": "",
                "address": "",
                "decision_no": "",
            },
        )
    if action == "edit":
        return client.post(
            reverse("orgs:edit", args=[org.code]),
            {
                "sector": org.sector,
                "unit_name": "",
                "address": "Số 1 đường Hùng Vương",
                "admin_unit_code": "",
            },
        )
    if action == "export":
        return client.get(reverse("orgs:export", args=[org.code]))
    raise AssertionError(action)


def _member_request(client, action, member):
    if action == "list":
        return client.get(reverse("members:list"), {"org": member.org.code})
    if action == "view":
        return client.get(reverse("members:detail", args=[member.pk]))
    if action == "create":
        return client.post(
            reverse("members:create"),
            {
                "full_name": "Nguyễn Thị Mới",
                "sex": "female",
                "birth_date": "02/03/1990",
                "ethnic_group": "Kinh",
                "education": "upper_secondary",
                "org": member.org.code,
                "status": "official",
                "admitted_on": "19/05/2015",
                "official_on": "19/05/2016",
            },
        )
    if action == "edit":
        return client.post(
            reverse("members:edit", args=[member.pk]),
            {
                "full_name": member.full_name,
                "sex": member.sex,
                "birth_date": member.birth_date.strftime("%d/%m/%Y"),
                "ethnic_group": member.ethnic_group,
                "education": "lower_secondary",
                "admitted_on": member.admitted_on.strftime("%d/%m/%Y"),
                "official_on": member.official_on.strftime("%d/%m/%Y"),
            },
        )
    if action == "export":
        return client.get(reverse("members:export"), {"org": member.org.code})
    raise AssertionError(action)


def _state():
    return (
        Org.objects.count(),
        Member.objects.count(),
        AuditEvent.objects.count(),
        list(Org.objects.order_by("pk").values_list("address", flat=True)),
        list(Member.objects.order_by("pk").values_list("education", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_org_pages_follow_the_matrix(client, tree, persona, role, action):
    client.force_login(persona(role))
    inside = _org_request(client, action, tree.dh1)
    expected = SUCCESS[action] if action in ALLOWED[role] else 403
    assert inside.status_code == expected, inside.content[:500]

    before = _state()
    outside = _org_request(client, action, tree.lb1)
    assert outside.status_code == 404
    assert _state() == before, "a refused request must write nothing"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_member_pages_follow_the_matrix(client, tree, persona, role, action):
    client.force_login(persona(role))
    inside = _member_request(client, action, tree.members["44.DH.01"][0])
    expected = SUCCESS[action] if action in ALLOWED[role] else 403
    assert inside.status_code == expected, inside.content[:500]

    before = _state()
    outside = _member_request(client, action, tree.members["44.LB.01"][0])
    if action == "create" and action in ALLOWED[role]:
        # The org is a form field: an org outside the scope is "not found" next to the field.
        assert outside.status_code == 200
        assert "Không tìm thấy tổ chức" in outside.content.decode()
    elif action == "create":
        # A role that may create nothing is refused before the form is read: the same 403 for any org,
        # so the answer tells nothing about what exists outside the scope.
        assert outside.status_code == 403
    else:
        assert outside.status_code == 404
    assert _state() == before, "a refused request must write nothing"


def test_successful_writes_are_really_written(client, tree, persona):
    client.force_login(persona(Role.OFFICER))
    _org_request(client, "create", tree.dh1)
    _org_request(client, "edit", tree.dh1)
    _member_request(client, "create", tree.members["44.DH.01"][0])
    assert Org.objects.get(code="44.DH.01.T1").parent == tree.dh1
    assert Org.objects.get(code="44.DH.01").address == "Số 1 đường Hùng Vương"
    assert Member.objects.get(full_name="Nguyễn Thị Mới").org == tree.dh1


def test_outside_orgs_are_in_no_list_search_or_count(client, tree, outsider):
    client.force_login(outsider)
    tree_page = client.get(reverse("orgs:tree")).content.decode()
    assert "Lao Bảo" in tree_page
    assert "Đông Hà" not in tree_page and "Chi bộ khu phố" not in tree_page

    assert "Đông Hà" not in client.get(reverse("orgs:search"), {"q": "dong ha"}).content.decode()
    assert "Đông Hà" not in client.get(reverse("orgs:lookup"), {"q": "dong ha"}).content.decode()

    members_page = client.get(reverse("members:list")).content.decode()
    for m in tree.members["44.DH.01"] + tree.members["44.DH.CT.01"]:
        assert m.full_name not in members_page
    for m in tree.members["44.LB.01"]:
        assert m.full_name in members_page

    home = client.get(reverse("home"))
    assert home.context["total_members"] == 6  # the two Lao Bảo cells, three members each

    export = client.get(reverse("members:export"), {"format": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Lao Bảo" in text and "Đông Hà" not in text and "khu phố" not in text


def test_pages_need_login(client, tree):
    for url in [
        reverse("orgs:tree"),
        reverse("orgs:detail", args=["44.DH"]),
        reverse("members:list"),
        reverse("core:audit"),
        reverse("home"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_administrators_read_the_audit_log(client, tree, admin_user, province_officer):
    client.force_login(province_officer)
    assert client.get(reverse("core:audit")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("core:audit")).status_code == 200


def test_a_commune_admin_sees_only_its_own_audit_events(client, tree, make_user):
    commune_admin = make_user("qt.laobao", Role.ADMIN, tree.lb)
    client.force_login(commune_admin)
    page = client.get(reverse("core:audit")).content.decode()
    assert "Chi bộ thôn Ka Tăng" in page
    assert "Chi bộ khu phố 1" not in page


def test_an_org_page_names_no_org_outside_the_scope(client, tree, commune_officer, province_officer):
    from datetime import date

    from tochuc.orgs.services import org_merge

    # Lao Bảo's cell is merged into a Đông Hà cell: the Đông Hà officer must not learn Lao Bảo's names.
    org_merge(actor=province_officer, sources=[tree.lb2], target=tree.dh2, on=date(2026, 1, 5))
    client.force_login(commune_officer)
    page = client.get(reverse("orgs:detail", args=["44.DH.02"])).content.decode()
    assert "Chi bộ thôn Lao Bảo" not in page
    root = client.get(reverse("orgs:detail", args=["44.DH"])).content.decode()
    assert "Đảng bộ tỉnh Quảng Trị" not in root
