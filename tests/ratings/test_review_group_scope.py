"""The peer groups suggested on an entry's page come from the actor's scope only: a province campaign's groups
named by a neighbouring commune are not shown to this one."""

from __future__ import annotations

from django.urls import reverse

from tochuc.ratings.choices import Rating


def test_group_suggestions_stay_inside_the_scope(client, tree, listed, steps, commune_officer, outsider):
    for member, group in ((tree.members["44.LB.01"][0], "Cán bộ Công an xã Lao Bảo"),
                          (tree.members["44.DH.01"][0], "Cán bộ lãnh đạo, quản lý"),
                          (tree.members["44.DH.02"][0], "Cán bộ lãnh đạo, quản lý")):  # fmt: skip
        entry = steps.entry_of(listed, member)
        steps.self_assess(entry, 80, Rating.GOOD)
        steps.appraise(entry, Rating.GOOD, group=group)
    mine = steps.entry_of(listed, tree.members["44.DH.01"][1])
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:entry", args=[mine.pk]))
    assert response.context["groups"] == ["Cán bộ lãnh đạo, quản lý"]
    assert "Lao Bảo" not in response.content.decode()
    client.force_login(outsider)
    theirs = steps.entry_of(listed, tree.members["44.LB.01"][1])
    assert client.get(reverse("ratings:entry", args=[theirs.pk])).context["groups"] == ["Cán bộ Công an xã Lao Bảo"]
