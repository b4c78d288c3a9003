"""The evaluations page (by org and year, counts per level, the list rated at once) and one cadre's form."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tochuc.cadres.choices import CadreStatus, Rating
from tochuc.cadres.models import Cadre, Evaluation

URL = reverse("cadres:evaluations")
YEAR = timezone.localdate().year - 1  # a past year: every day of it and after is a valid evaluation day


@pytest.fixture
def cadres(tree, make_cadre):
    return {
        "one": make_cadre(tree.dh1, full_name="An Thị Một"),
        "two": make_cadre(tree.dh2, full_name="Bế Văn Hai"),
        "neighbour": make_cadre(tree.lb1, full_name="Hồ Văn Bên"),
    }


def _evaluate(cadre, rating, year=YEAR):
    return Evaluation.objects.create(cadre=cadre, year=year, rating=rating, evaluated_on=date(year, 12, 20))


def test_the_page_lists_the_ratings_and_counts(client, cadres, commune_officer):
    _evaluate(cadres["one"], Rating.GOOD)
    client.force_login(commune_officer)
    response = client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    names = [r["cadre"].full_name for r in response.context["rows"]]
    # Vietnamese order (by given name); the neighbouring commune's cadre is not in scope
    assert names == ["Bế Văn Hai", "An Thị Một"]
    counts = response.context["counts"]
    assert dict((r, n) for r, _label, n in counts.rows)[Rating.GOOD] == 1
    assert counts.not_evaluated == 1 and counts.total == 2
    assert "chưa đánh giá" in response.content.decode()


def test_the_list_filters_those_not_evaluated(client, cadres, commune_officer):
    _evaluate(cadres["one"], Rating.GOOD)
    client.force_login(commune_officer)
    response = client.get(URL, {"year": YEAR, "rating": "none"})
    assert [r["cadre"].full_name for r in response.context["rows"]] == ["Bế Văn Hai"]


def test_a_cadre_who_stopped_before_the_year_is_not_listed(client, cadres, commune_officer):
    Cadre.objects.filter(pk=cadres["two"].pk).update(status=CadreStatus.RETIRED, ended_on=date(YEAR - 1, 12, 31))
    client.force_login(commune_officer)
    assert [r["cadre"].full_name for r in client.get(URL, {"year": YEAR}).context["rows"]] == ["An Thị Một"]


def test_a_party_member_is_marked(client, tree, make_cadre, commune_officer):
    member = tree.members["44.DH.01"][1]
    make_cadre(tree.dh1, full_name=member.full_name, member=member)
    client.force_login(commune_officer)
    body = client.get(URL, {"year": YEAR}).content.decode()
    assert reverse("members:detail", args=[member.pk]) in body


def test_the_list_is_rated_at_once(client, cadres, commune_officer):
    client.force_login(commune_officer)
    one, two = cadres["one"], cadres["two"]
    response = client.post(
        f"{URL}?year={YEAR}",
        {
            "evaluated_on": f"28/12/{YEAR}",
            "authority": "Ban Thường vụ Đảng ủy phường",
            f"rating-{one.pk}": Rating.EXCELLENT,
            f"rating-{two.pk}": Rating.COMPLETED,
        },
    )
    assert response.status_code == 302
    assert dict(Evaluation.objects.values_list("cadre_id", "rating")) == {one.pk: "excellent", two.pk: "completed"}


def test_one_bad_line_writes_nothing_and_names_the_line(client, cadres, commune_officer):
    one, two = cadres["one"], cadres["two"]
    Cadre.objects.filter(pk=two.pk).update(status=CadreStatus.RETIRED, ended_on=date(YEAR, 3, 31))
    _evaluate(one, Rating.GOOD, year=YEAR - 1)
    client.force_login(commune_officer)
    # two retired during the year: listed, but a later year is refused for them only
    Cadre.objects.filter(pk=two.pk).update(ended_on=date(YEAR - 1, 3, 31))
    Evaluation.objects.create(cadre=two, year=YEAR, rating=Rating.GOOD, evaluated_on=date(YEAR, 12, 1))
    response = client.post(
        f"{URL}?year={YEAR}",
        {"evaluated_on": f"28/12/{YEAR}", f"rating-{one.pk}": Rating.GOOD, f"rating-{two.pk}": Rating.COMPLETED},
    )
    assert response.status_code == 200
    rows = {r["cadre"].pk: r for r in response.context["rows"]}
    assert rows[two.pk]["error"] and not rows[one.pk]["error"]
    assert rows[two.pk]["value"] == Rating.COMPLETED  # what was typed is kept
    body = response.content.decode()
    assert f"Dòng {rows[two.pk]['n']}: " in body
    assert not Evaluation.objects.filter(cadre=one, year=YEAR).exists()
    assert Evaluation.objects.get(cadre=two, year=YEAR).rating == Rating.GOOD


def test_a_viewer_sees_the_list_but_may_not_rate(client, cadres, viewer):
    client.force_login(viewer)
    response = client.get(URL, {"year": YEAR})
    assert response.status_code == 200 and response.context["bulk"] is None
    one = cadres["one"]
    post = client.post(f"{URL}?year={YEAR}", {"evaluated_on": f"28/12/{YEAR}", f"rating-{one.pk}": Rating.GOOD})
    assert post.status_code == 403
    assert not Evaluation.objects.exists()


def test_an_outsider_cannot_rate_through_the_list_of_another_commune(client, cadres, tree, outsider):
    client.force_login(outsider)
    one = cadres["one"]
    response = client.post(
        f"{URL}?year={YEAR}&org={tree.dh.code}", {"evaluated_on": f"28/12/{YEAR}", f"rating-{one.pk}": Rating.GOOD}
    )
    assert not Evaluation.objects.filter(cadre=one).exists()
    assert response.status_code == 200  # the filter refuses the org: nothing is saved
    assert "An Thị Một" not in response.content.decode()


def test_the_list_runs_a_flat_number_of_queries(
    client, tree, make_cadre, commune_officer, django_assert_max_num_queries
):
    client.force_login(commune_officer)

    def add(n, start):
        for i in range(start, start + n):
            cadre = make_cadre(tree.dh1, full_name=f"Cán Bộ {i:03d}")
            _evaluate(cadre, Rating.GOOD)

    add(2, 0)
    with django_assert_max_num_queries(15) as few:
        client.get(URL, {"year": YEAR})
    add(25, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"year": YEAR})
    assert len(response.context["rows"]) == 27


# --- One cadre's evaluation ---------------------------------------------------------------------------------


def test_the_form_sets_and_prefills_the_year(client, cadres, commune_officer):
    one = cadres["one"]
    url = reverse("cadres:evaluation_set", args=[one.pk])
    client.force_login(commune_officer)
    response = client.post(
        f"{url}?next={URL}",
        {"year": YEAR, "rating": Rating.GOOD, "evaluated_on": f"20/12/{YEAR}", "authority": "", "note": "Tốt"},
    )
    assert response.status_code == 302 and response["Location"] == URL
    assert Evaluation.objects.get(cadre=one, year=YEAR).note == "Tốt"
    form = client.get(url, {"year": YEAR}).context["form"]
    assert form.initial["rating"] == Rating.GOOD


def test_the_form_shows_a_refusal_beside_the_field(client, cadres, commune_officer):
    one = cadres["one"]
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:evaluation_set", args=[one.pk]),
        {"year": YEAR, "rating": Rating.GOOD, "evaluated_on": f"31/12/{YEAR - 1}"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evaluated_on"]
    assert not Evaluation.objects.exists()


def test_the_form_says_when_the_cadre_is_a_party_member(client, tree, make_cadre, commune_officer):
    member = tree.members["44.DH.01"][2]
    cadre = make_cadre(tree.dh1, full_name=member.full_name, member=member)
    client.force_login(commune_officer)
    body = client.get(reverse("cadres:evaluation_set", args=[cadre.pk])).content.decode()
    assert "Cán bộ là đảng viên" in body


def test_the_form_is_404_outside_and_403_for_a_viewer(client, cadres, outsider, viewer):
    url = reverse("cadres:evaluation_set", args=[cadres["one"].pk])
    data = {"year": YEAR, "rating": Rating.GOOD, "evaluated_on": f"20/12/{YEAR}"}
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not Evaluation.objects.exists()


def test_the_counts_stay_those_of_the_whole_list_when_narrowed_to_a_level(client, cadres, commune_officer):
    _evaluate(cadres["one"], Rating.GOOD)
    client.force_login(commune_officer)
    counts = client.get(URL, {"year": YEAR, "rating": Rating.GOOD}).context["counts"]
    assert counts.total == 2 and counts.not_evaluated == 1


def test_more_excellent_than_the_share_of_good_warns(client, cadres, commune_officer):
    _evaluate(cadres["one"], Rating.GOOD)
    _evaluate(cadres["two"], Rating.EXCELLENT)  # 1 > 0.20 x 1
    client.force_login(commune_officer)
    response = client.get(URL, {"year": YEAR})
    assert response.context["counts"].excellent_over_quota
    assert "vượt tỷ lệ" in response.content.decode()
    Evaluation.objects.filter(cadre=cadres["two"]).update(rating=Rating.GOOD)
    assert not client.get(URL, {"year": YEAR}).context["counts"].excellent_over_quota
