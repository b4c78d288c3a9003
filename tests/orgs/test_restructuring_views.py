"""The restructuring forms: each refusal is shown next to its field in Vietnamese and writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tochuc.core.models import AuditEvent
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import Org, OrgEvent, OrgPeriod

ON = "01/09/2025"


def _counts():
    return [m.objects.count() for m in (Org, OrgPeriod, OrgEvent, Membership, AuditEvent)]


@pytest.fixture
def officer_client(client, province_officer):
    client.force_login(province_officer)
    return client


def _errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_it_moves_a_cell_to_another_commune(officer_client, tree):
    response = officer_client.post(
        reverse("orgs:move", args=["44.DH.02"]), {"new_parent": "44.LB", "on": ON, "decision_no": "12-QĐ/TU"}
    )
    assert response.status_code == 302
    moved = Org.objects.get(code="44.DH.02")
    assert moved.parent == tree.lb and moved.path.startswith(tree.lb.path)


def test_it_refuses_an_unknown_parent(officer_client, tree):
    before = _counts()
    response = officer_client.post(reverse("orgs:move", args=["44.DH.02"]), {"new_parent": "44.XX", "on": ON})
    assert response.status_code == 200
    assert "Không tìm thấy tổ chức có mã «44.XX»" in _errors(response, "new_parent")[0]
    assert _counts() == before


def test_it_refuses_a_move_into_its_own_descendant(officer_client, tree):
    before = _counts()
    response = officer_client.post(reverse("orgs:move", args=["44.DH"]), {"new_parent": "44.DH.CT", "on": ON})
    assert "không thể chuyển một tổ chức vào chính nó hoặc cấp dưới" in _errors(response, "new_parent")[0]
    assert _counts() == before


def test_it_refuses_a_merge_into_its_own_descendant(officer_client, tree):
    before = _counts()
    response = officer_client.post(
        reverse("orgs:merge", args=["44.DH.CT"]), {"mode": "existing", "target": "44.DH.CT.01", "on": ON}
    )
    assert "nằm trong" in _errors(response, "target")[0]
    assert _counts() == before


def test_it_refuses_a_closed_org_as_target(officer_client, tree):
    officer_client.post(reverse("orgs:merge", args=["44.LB.02"]), {"mode": "existing", "target": "44.LB.01", "on": ON})
    assert not Org.objects.get(code="44.LB.02").is_open
    before = _counts()
    response = officer_client.post(
        reverse("orgs:merge", args=["44.DH.02"]), {"mode": "existing", "target": "44.LB.02", "on": ON}
    )
    assert "Không tìm thấy tổ chức có mã «44.LB.02»" in _errors(response, "target")[0]
    assert _counts() == before


def test_it_merges_two_cells_into_a_new_one(officer_client, tree):
    response = officer_client.post(
        reverse("orgs:merge", args=["44.DH.01"]),
        {
            "others": "44.DH.02",
            "mode": "new",
            "new_code": "44.DH.12",
            "new_name": "Chi bộ khu phố 1-2",
            "new_type": "grassroots_cell",
            "new_parent": "44.DH",
            "on": ON,
            "decision_no": "45-QĐ/ĐU",
        },
    )
    assert response.status_code == 302
    new = Org.objects.get(code="44.DH.12")
    assert Member.objects.active().filter(org=new).count() == 6
    assert Org.objects.get(code="44.DH.01").successor == new
    assert Org.objects.get(code="44.DH.02").successor == new


def test_it_refuses_a_duplicate_code(officer_client, tree):
    before = _counts()
    response = officer_client.post(
        reverse("orgs:create", args=["44.DH"]),
        {
            "code": "44.dh.01",
            "name": "Chi bộ trùng mã",
            "org_type": "grassroots_cell",
            "sector": "residential",
            "opened_on": ON,
        },
    )
    assert "đã được dùng" in _errors(response, "code")[0]
    assert _counts() == before


def test_it_refuses_a_date_that_is_not_a_date(officer_client, tree):
    response = officer_client.post(
        reverse("orgs:rename", args=["44.DH.01"]), {"name": "Chi bộ Tổ dân phố 1", "on": "31/02/2025"}
    )
    assert "dd/mm/yyyy" in _errors(response, "on")[0]


def test_it_splits_a_cell_in_two_steps(officer_client, tree):
    url = reverse("orgs:split", args=["44.DH.01"])
    data = {
        "parts": "44.DH.01A | Chi bộ khu phố 1A\n44.DH.01B | Chi bộ khu phố 1B",
        "org_type": "grassroots_cell",
        "on": ON,
    }
    step1 = officer_client.post(url, data)
    assert step1.status_code == 200 and step1.context["assigning"]
    a, b, c = tree.members["44.DH.01"]
    # Leaving one member unassigned is refused while the old cell closes.
    step2 = officer_client.post(url, {**data, "assign": "1", f"m{a.pk}": "0", f"m{b.pk}": "1"})
    assert "chưa được chia" in " ".join(step2.context["form"].non_field_errors() + _errors(step2, "parts"))
    assert not Org.objects.filter(code="44.DH.01A").exists()
    done = officer_client.post(url, {**data, "assign": "1", f"m{a.pk}": "0", f"m{b.pk}": "1", f"m{c.pk}": "1"})
    assert done.status_code == 302
    assert set(Member.objects.filter(org__code="44.DH.01B").values_list("pk", flat=True)) == {b.pk, c.pk}
    assert not Org.objects.get(code="44.DH.01").is_open


def test_it_refuses_to_dissolve_a_cell_that_still_has_members(officer_client, tree):
    before = _counts()
    response = officer_client.post(reverse("orgs:dissolve", args=["44.LB.02"]), {"on": ON, "confirm": "on"})
    assert "còn 3 đảng viên" in _errors(response, "members_to")[0]
    assert _counts() == before
    ok = officer_client.post(
        reverse("orgs:dissolve", args=["44.LB.02"]), {"on": ON, "confirm": "on", "members_to": "44.LB.01"}
    )
    assert ok.status_code == 302
    assert Member.objects.active().filter(org__code="44.LB.01").count() == 6


def test_the_tree_as_of_a_date_shows_the_old_cells(officer_client, tree):
    officer_client.post(reverse("orgs:merge", args=["44.LB.02"]), {"mode": "existing", "target": "44.LB.01", "on": ON})
    before = officer_client.get(reverse("orgs:tree"), {"as_of": "31/08/2025"})
    after = officer_client.get(reverse("orgs:tree"), {"as_of": "01/09/2025"})
    assert "Chi bộ thôn Lao Bảo" in before.content.decode()
    assert "Chi bộ thôn Lao Bảo" not in after.content.decode()
    lb_before = next(r for r in before.context["rows"] if r.code == "44.LB.01")
    lb_after = next(r for r in after.context["rows"] if r.code == "44.LB.01")
    assert (lb_before.members, lb_after.members) == (3, 6)


def test_a_cell_secretary_keeps_records_but_does_not_restructure(client, tree, cell_secretary):
    client.force_login(cell_secretary)
    for name in ("rename", "move", "merge", "split", "dissolve"):
        assert client.get(reverse(f"orgs:{name}", args=["44.DH.01"])).status_code == 403, name
    assert client.get(reverse("orgs:edit", args=["44.DH.01"])).status_code == 200
    assert client.get(reverse("orgs:create", args=["44.DH.01"])).status_code == 200
