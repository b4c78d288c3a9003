"""The cadre register's pages: scope and roles, the list's filters and export, the lookup, the cadre's page
(retirement date, concurrent posts), and the forms."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tochuc.cadres.choices import CadreStatus, Title
from tochuc.cadres.models import Cadre, Discipline
from tochuc.members.choices import Sex


@pytest.fixture
def dh_cadre(tree, make_cadre):
    # A woman born 15/03/1975 reaches 59y4m in 2034, when the age is 59y8m, reached in 11/2034.
    return make_cadre(tree.dh, full_name="Lê Thị Hoa", sex=Sex.FEMALE, birth_date=date(1975, 3, 15))


def test_the_cadres_page_shows_the_statutory_retirement_age_and_date(client, commune_officer, dh_cadre):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:detail", args=[dh_cadre.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "59 tuổi 8 tháng" in html
    assert "30/11/2034" in html


def test_the_cadres_page_marks_concurrent_posts(client, tree, commune_officer, dh_cadre, make_post, make_tenure):
    make_tenure(dh_cadre, make_post(tree.dh))
    make_tenure(dh_cadre, make_post(tree.dh, Title.COUNCIL_CHAIR))
    client.force_login(commune_officer)
    html = client.get(reverse("cadres:detail", args=[dh_cadre.pk])).content.decode()
    assert "Kiêm nhiệm 2 chức vụ" in html
    assert "Chủ tịch HĐND Đảng bộ phường Đông Hà" in html


@pytest.mark.parametrize("name", ["cadres:detail", "cadres:edit"])
def test_outsider_gets_404_on_a_44_dh_cadre(client, outsider, dh_cadre, name):
    client.force_login(outsider)
    assert client.get(reverse(name, args=[dh_cadre.pk])).status_code == 404


@pytest.mark.parametrize("name", ["cadres:end", "cadres:discipline_add", "cadres:edit"])
def test_outsider_gets_404_on_writes(client, outsider, dh_cadre, name):
    client.force_login(outsider)
    assert client.post(reverse(name, args=[dh_cadre.pk]), {}).status_code == 404


def test_viewer_gets_403_on_writes(client, viewer, dh_cadre):
    client.force_login(viewer)
    assert client.get(reverse("cadres:create")).status_code == 403
    assert client.get(reverse("cadres:edit", args=[dh_cadre.pk])).status_code == 403
    data = {"status": CadreStatus.RETIRED, "on": "01/01/2026"}
    assert client.post(reverse("cadres:end", args=[dh_cadre.pk]), data).status_code == 403
    dh_cadre.refresh_from_db()
    assert dh_cadre.status == CadreStatus.WORKING


def test_commune_officer_sees_only_44_dh_cadres(client, tree, commune_officer, dh_cadre, make_cadre):
    make_cadre(tree.lb, full_name="Hồ Văn Lợi")
    make_cadre(tree.dh1, full_name="Nguyễn Văn An")
    client.force_login(commune_officer)
    html = client.get(reverse("cadres:list")).content.decode()
    assert "Lê Thị Hoa" in html and "Nguyễn Văn An" in html
    assert "Hồ Văn Lợi" not in html
    assert client.get(reverse("cadres:list"), {"org": "44.LB"}).status_code == 404
    lookup = client.get(reverse("cadres:lookup"), {"q": "van loi", "format": "json"}).json()
    assert lookup["results"] == []  # "Hồ Văn Lợi" is outside the scope
    lookup = client.get(reverse("cadres:lookup"), {"cadre": "hoa"}).content.decode()
    assert f"#{dh_cadre.pk}" in lookup


def test_export_holds_the_scope_and_vietnamese_headers(client, tree, commune_officer, dh_cadre, make_cadre):
    make_cadre(tree.lb, full_name="Hồ Văn Lợi")
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:export"))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[3][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    names = [r[1] for r in rows[4:]]
    assert names == ["Lê Thị Hoa"]
    assert rows[4][13] == "30/11/2034"


def test_viewer_may_not_export(client, viewer, dh_cadre):
    client.force_login(viewer)
    assert client.get(reverse("cadres:export")).status_code == 403


def test_the_list_filters_retiring_within_12_months(client, tree, commune_officer, dh_cadre, make_cadre):
    today = timezone.localdate()
    # A man who turns 62 (the final age, reached from 2028) in three months, or a man of 61 years 9 months
    # before then: either way his retirement day is within the year.
    soon = make_cadre(tree.dh, full_name="Phan Văn Sắp", birth_date=today - relativedelta(years=62, months=-3))
    client.force_login(commune_officer)
    html = client.get(reverse("cadres:list"), {"retiring": "on"}).content.decode()
    assert soon.full_name in html
    assert "Lê Thị Hoa" not in html


def test_the_list_filters_by_post_title_and_concurrent(client, tree, commune_officer, dh_cadre, make_cadre, make_post,
                                                       make_tenure):  # fmt: skip
    other = make_cadre(tree.dh, full_name="Trần Văn Bình")
    make_tenure(dh_cadre, make_post(tree.dh))
    make_tenure(dh_cadre, make_post(tree.dh, Title.COUNCIL_CHAIR))
    make_tenure(other, make_post(tree.dh, Title.GOVERNMENT_CHAIR))
    client.force_login(commune_officer)
    html = client.get(reverse("cadres:list"), {"title": Title.GOVERNMENT_CHAIR}).content.decode()
    assert "Trần Văn Bình" in html and "Lê Thị Hoa" not in html
    html = client.get(reverse("cadres:list"), {"concurrent": "on"}).content.decode()
    assert "Lê Thị Hoa" in html and "Trần Văn Bình" not in html
    html = client.get(reverse("cadres:list"), {"q": "le thi"}).content.decode()
    assert "Lê Thị Hoa" in html and "Trần Văn Bình" not in html


def test_the_register_runs_a_flat_number_of_queries(client, tree, province_officer, make_cadre, make_post,
                                                    make_tenure, django_assert_max_num_queries):  # fmt: skip
    for i in range(12):
        cadre = make_cadre(tree.dh if i % 2 else tree.lb, full_name=f"Nguyễn Văn Số {i:02d}")
        make_tenure(cadre, make_post(tree.dh if i % 2 else tree.lb, Title.STAFF, name=f"Chuyên viên {i}"))
    client.force_login(province_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cadres:list"))
    assert response.content.decode().count("Chuyên viên") >= 12


def test_create_from_a_member_prefills_and_links(client, tree, commune_officer):
    member = tree.members["44.DH.02"][0]
    client.force_login(commune_officer)
    page = client.get(reverse("cadres:create"), {"member": member.pk}).content.decode()
    assert member.full_name in page and "27/07/1975" in page
    data = {
        "member": f"{member.full_name} (44.DH.02) #{member.pk}",
        "full_name": member.full_name,
        "sex": member.sex,
        "birth_date": "27/07/1975",
        "org": "44.DH",
        "kind": "cadre",
        "ethnic_group": "Kinh",
        "qualification": "none",
        "theory_level": "none",
        "state_management": "none",
    }
    response = client.post(reverse("cadres:create"), data)
    cadre = Cadre.objects.get()
    assert response.status_code == 302 and response.url == reverse("cadres:detail", args=[cadre.pk])
    assert cadre.member == member
    member_page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reverse("cadres:detail", args=[cadre.pk]) in member_page


def test_create_shows_the_refusal_beside_the_field(client, tree, commune_officer):
    client.force_login(commune_officer)
    data = {"full_name": "Lê Văn Tám", "sex": "male", "birth_date": "01/01/1980", "org": "44.DH", "kind": "cadre",
            "ethnic_group": "Kinh", "qualification": "none", "theory_level": "none", "state_management": "none",
            "citizen_id": "123"}  # fmt: skip
    response = client.post(reverse("cadres:create"), data)
    assert response.status_code == 400
    assert "12 chữ số" in response.content.decode()
    assert not Cadre.objects.exists()


def test_end_and_discipline_forms(client, tree, commune_officer, dh_cadre, make_post, make_tenure):
    tenure = make_tenure(dh_cadre, make_post(tree.dh))
    client.force_login(commune_officer)
    url = reverse("cadres:discipline_add", args=[dh_cadre.pk])
    response = client.post(url, {"kind": "reprimand", "on": "01/11/2024", "decision_no": "12-QĐ/ĐU"})
    assert response.status_code == 302
    assert Discipline.objects.filter(cadre=dh_cadre).count() == 1
    response = client.post(reverse("cadres:end", args=[dh_cadre.pk]), {"status": "retired", "on": "01/01/2025"})
    assert response.status_code == 400  # before the tenure began (01/09/2025)
    assert "sau ngày thôi công tác" in response.content.decode()
    response = client.post(reverse("cadres:end", args=[dh_cadre.pk]), {"status": "retired", "on": "01/10/2025"})
    assert response.status_code == 302
    tenure.refresh_from_db()
    assert tenure.end_reason == "retired"


def test_the_side_menu_and_tabs(client, commune_officer, dh_cadre):
    client.force_login(commune_officer)
    html = client.get(reverse("cadres:list")).content.decode()
    assert f'href="{reverse("cadres:posts")}"' in html
    assert 'aria-current="page">Công tác cán bộ</a>' in html
