"""The posts pages: the list with holders and vacancies, a post's page, giving and ending a tenure through
the forms, closing, and the permission boundary."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.cadres.choices import Title
from tochuc.cadres.models import Post, Tenure


def test_the_list_shows_holders_and_vacancies(client, tree, commune_officer, make_cadre, make_post, make_tenure):
    post = make_post(tree.dh, Title.GOVERNMENT_VICE_CHAIR, seats=2)
    make_tenure(make_cadre(tree.dh, full_name="Lê Thị Hoa"), post)
    make_post(tree.lb, name="Bí thư xã Lao Bảo")
    make_post(tree.dh, Title.FRONT_CHAIR, closed_on=date(2025, 12, 1), name="Chức vụ đã bãi bỏ")
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:posts"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lê Thị Hoa" in html and '<span class="badge warn">1</span>' in html
    assert "Bí thư xã Lao Bảo" not in html
    assert "Chức vụ đã bãi bỏ" not in html
    assert "Chức vụ đã bãi bỏ" in client.get(reverse("cadres:posts"), {"closed": "on"}).content.decode()


def test_the_post_box_suggests_without_diacritics_and_in_capitals(client, tree, commune_officer):
    """Officers type "truong phong van hoa" or "VĂN HÓA" and find "Trưởng phòng Văn hóa - Xã hội"."""
    from tochuc.cadres.services.posts import post_create, post_update

    post = post_create(actor=commune_officer, org=tree.dh, title=Title.AGENCY_HEAD, name="Trưởng phòng Kinh tế")
    post_update(actor=commune_officer, post=post, name="Trưởng phòng Văn hóa - Xã hội")
    client.force_login(commune_officer)
    for q in ("truong phong van hoa", "VĂN HÓA"):
        html = client.get(reverse("cadres:post_lookup"), {"q": q}).content.decode()
        assert "Trưởng phòng Văn hóa - Xã hội" in html, q
    assert "Kinh tế" not in client.get(reverse("cadres:post_lookup"), {"q": "van hoa"}).content.decode()


def test_the_vacant_filter(client, tree, commune_officer, make_cadre, make_post, make_tenure):
    full = make_post(tree.dh, name="Bí thư đủ người")
    make_tenure(make_cadre(tree.dh), full)
    make_post(tree.dh, Title.COUNCIL_CHAIR, name="Chủ tịch HĐND còn trống")
    client.force_login(commune_officer)
    html = client.get(reverse("cadres:posts"), {"vacant": "on"}).content.decode()
    assert "Chủ tịch HĐND còn trống" in html and "Bí thư đủ người" not in html


def test_the_posts_list_runs_a_flat_number_of_queries(client, tree, province_officer, make_cadre, make_post,
                                                      make_tenure, django_assert_max_num_queries):  # fmt: skip
    for i in range(10):
        post = make_post(tree.dh, Title.STAFF, name=f"Chuyên viên {i}")
        make_tenure(make_cadre(tree.dh, full_name=f"Nguyễn Văn Số {i:02d}"), post)
    client.force_login(province_officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cadres:posts"))
    assert response.content.decode().count("Nguyễn Văn Số") == 10


def test_outsider_gets_404_on_a_44_dh_post(client, tree, outsider, make_post, make_cadre, make_tenure):
    post = make_post(tree.dh)
    tenure = make_tenure(make_cadre(tree.dh), post)
    client.force_login(outsider)
    assert client.get(reverse("cadres:post_detail", args=[post.pk])).status_code == 404
    assert client.get(reverse("cadres:post_edit", args=[post.pk])).status_code == 404
    assert client.post(reverse("cadres:tenure_end", args=[tenure.pk]), {}).status_code == 404
    assert client.post(reverse("cadres:post_close", args=[post.pk]), {}).status_code == 404


def test_viewer_gets_403_on_post_writes(client, tree, viewer, make_post):
    post = make_post(tree.dh)
    client.force_login(viewer)
    assert client.get(reverse("cadres:post_create")).status_code == 403
    assert client.post(reverse("cadres:tenure_start", args=[post.pk]), {}).status_code == 403
    assert client.post(reverse("cadres:post_close", args=[post.pk]), {"on": "01/01/2026"}).status_code == 403
    post.refresh_from_db()
    assert post.closed_on is None


def test_create_a_post_through_the_form(client, tree, commune_officer):
    client.force_login(commune_officer)
    data = {"org": "44.DH", "title": Title.GOVERNMENT_CHAIR, "name": "", "seats": "1", "filling": "elected",
            "term_start": "01/07/2025", "term_end": "30/06/2030"}  # fmt: skip
    response = client.post(reverse("cadres:post_create"), data)
    post = Post.objects.get()
    assert response.status_code == 302
    assert (post.name, post.term_end) == ("Chủ tịch UBND Đảng bộ phường Đông Hà", date(2030, 6, 30))


def test_give_and_end_a_tenure_through_the_post_page(client, tree, commune_officer, make_cadre, make_post):
    post = make_post(tree.dh)
    cadre = make_cadre(tree.dh, full_name="Lê Thị Hoa")
    client.force_login(commune_officer)
    page = client.get(reverse("cadres:post_detail", args=[post.pk])).content.decode()
    assert "Giao giữ chức vụ" in page
    data = {"cadre": f"Lê Thị Hoa #{cadre.pk}", "started_on": "01/10/2025", "source": "elected"}
    response = client.post(reverse("cadres:tenure_start", args=[post.pk]), data)
    assert response.status_code == 302
    tenure = Tenure.objects.get()
    page = client.get(reverse("cadres:post_detail", args=[post.pk])).content.decode()
    assert "Lê Thị Hoa" in page and "Giao giữ chức vụ" not in page  # the only seat is taken
    response = client.post(
        reverse("cadres:tenure_end", args=[tenure.pk]),
        {f"end{tenure.pk}-ended_on": "01/11/2025", f"end{tenure.pk}-reason": "moved"},
    )
    assert response.status_code == 302
    tenure.refresh_from_db()
    assert tenure.ended_on == date(2025, 11, 1)


def test_a_refused_tenure_shows_the_reason(client, tree, commune_officer, make_cadre, make_post):
    post = make_post(tree.dh)
    cadre = make_cadre(tree.dh)
    client.force_login(commune_officer)
    data = {"cadre": f"x #{cadre.pk}", "started_on": "31/08/2025", "source": "elected"}
    response = client.post(reverse("cadres:tenure_start", args=[post.pk]), data)
    assert response.status_code == 400
    assert "trước ngày bắt đầu nhiệm kỳ" in response.content.decode()
    assert not Tenure.objects.exists()


def test_the_cadre_box_does_not_offer_an_outsider(client, tree, commune_officer, make_cadre, make_post):
    post = make_post(tree.dh)
    other = make_cadre(tree.lb, full_name="Hồ Văn Lợi")
    client.force_login(commune_officer)
    data = {"cadre": f"Hồ Văn Lợi #{other.pk}", "started_on": "01/10/2025", "source": "elected"}
    response = client.post(reverse("cadres:tenure_start", args=[post.pk]), data)
    assert response.status_code == 400
    assert "phạm vi quản lý" in response.content.decode()
    assert "Hồ Văn Lợi" not in client.get(reverse("cadres:lookup"), {"cadre": "loi"}).content.decode()
