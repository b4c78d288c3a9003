"""The movements pages: start from the cadre's page, the list with overdue returns flagged, the return."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.cadres.choices import MovementKind, Title
from tochuc.cadres.models import Movement
from tochuc.cadres.services.posts import movement_start


def test_start_and_return_through_the_forms(client, tree, province_officer, make_cadre, make_post):
    cadre = make_cadre(tree.dh, full_name="Lê Thị Hoa")
    post = make_post(tree.lb, Title.GOVERNMENT_VICE_CHAIR, filling="appointed")
    client.force_login(province_officer)
    assert client.get(reverse("cadres:movement_start", args=[cadre.pk])).status_code == 200
    data = {"kind": "rotation", "to_org": "44.LB", "started_on": "05/01/2026", "due_back_on": "04/01/2028",
            "post": f"{post.name} (44.LB) #{post.pk}", "decision_no": "100-QĐ/TU"}  # fmt: skip
    response = client.post(reverse("cadres:movement_start", args=[cadre.pk]), data)
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert movement.tenure.post == post
    page = client.get(reverse("cadres:detail", args=[cadre.pk])).content.decode()
    assert "Luân chuyển" in page and post.name in page
    response = client.post(reverse("cadres:movement_end", args=[movement.pk]), {"returned_on": "30/06/2026"})
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.returned_on == date(2026, 6, 30)


def test_a_rotation_without_due_back_is_refused_beside_the_field(client, tree, province_officer, make_cadre):
    cadre = make_cadre(tree.dh)
    client.force_login(province_officer)
    data = {"kind": "rotation", "to_org": "44.LB", "started_on": "05/01/2026"}
    response = client.post(reverse("cadres:movement_start", args=[cadre.pk]), data)
    assert response.status_code == 400
    assert "thời hạn luân chuyển" in response.content.decode()
    assert not Movement.objects.exists()


def test_the_list_flags_overdue_returns(client, tree, province_officer, make_cadre):
    cadre = make_cadre(tree.dh, full_name="Lê Thị Hoa")
    movement_start(actor=province_officer, cadre=cadre, kind=MovementKind.SECONDMENT, to_org=tree.lb,
                   started_on=date(2024, 1, 1), due_back_on=date(2025, 1, 1))  # fmt: skip
    client.force_login(province_officer)
    html = client.get(reverse("cadres:movements")).content.decode()
    assert "Lê Thị Hoa" in html and 'class="overdue"' in html
    assert "Lê Thị Hoa" in client.get(reverse("cadres:movements"), {"state": "overdue"}).content.decode()
    assert "Lê Thị Hoa" not in client.get(reverse("cadres:movements"), {"state": "ended"}).content.decode()


def test_outsider_and_viewer_may_not_move_a_44_dh_cadre(client, tree, outsider, viewer, make_cadre):
    cadre = make_cadre(tree.dh)
    client.force_login(outsider)
    assert client.get(reverse("cadres:movement_start", args=[cadre.pk])).status_code == 404
    client.force_login(viewer)
    assert client.post(reverse("cadres:movement_start", args=[cadre.pk]), {}).status_code == 403
