"""The ceiling shown as the officer types checks the score as the services do: a huge number or one outside
0-100 is said in Vietnamese, never a server error nor a level for an impossible score."""

from __future__ import annotations

from django.urls import reverse


def _ceiling(client, entry, score):
    return client.get(reverse("ratings:entry_ceiling", args=[entry.pk]), {"prefix": "self", "self-self_score": score})


def test_an_enormous_score_is_said_not_a_server_error(client, tree, listed, steps, commune_officer):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    response = _ceiling(client, entry, "1e999")
    assert response.status_code == 200
    assert response.context["problem"] == "Điểm phải từ 0 đến 100."
    assert response.context["verdict"] is None


def test_a_score_outside_the_scale_gets_no_level(client, tree, listed, steps, commune_officer):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    for score in ("150", "-3", "100,001"):
        response = _ceiling(client, entry, score)
        assert response.context["verdict"] is None, score
        assert response.context["problem"] == "Điểm phải từ 0 đến 100.", score
    assert _ceiling(client, entry, "85,555").context["problem"] == "Điểm lấy đến hai chữ số thập phân."
    assert _ceiling(client, entry, "92").context["verdict"].score == 92
