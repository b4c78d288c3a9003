"""A list decided at once is all rows or none, also when the page's list changed between loading and posting:
a level posted for an entry no longer on the page refuses the whole post, instead of being dropped in silence
while the others are written."""

from __future__ import annotations

from django.urls import reverse

from tochuc.ratings.choices import Rating, Stage
from tochuc.ratings.models import Entry


def test_a_level_for_an_entry_gone_from_the_page_writes_nothing(client, tree, listed, steps, commune_officer):
    entries = [steps.entry_of(listed, m) for m in tree.members["44.DH.01"]]
    for e in entries:
        steps.self_assess(e, 80, Rating.GOOD)
        steps.appraise(e, Rating.GOOD)
    gone = steps.entry_of(listed, tree.members["44.DH.02"][0])
    steps.rated(gone, Rating.GOOD)  # decided by someone else meanwhile: no longer on the "appraised" page
    client.force_login(commune_officer)
    url = reverse("ratings:decide", args=[listed.pk]) + "?org=44.DH&kind=member&stage=appraised"
    data = {"decided_on": "20/12/2025", f"level-{gone.pk}": "completed"}
    data.update({f"level-{e.pk}": "good" for e in entries})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "đã thay đổi" in " ".join(response.context["bulk"].non_field_errors())
    assert not Entry.objects.filter(pk__in=[e.pk for e in entries], stage=Stage.DECIDED).exists()
    assert Entry.objects.get(pk=gone.pk).level == Rating.GOOD
    del data[f"level-{gone.pk}"]
    assert client.post(url, data).status_code == 302
    assert Entry.objects.filter(pk__in=[e.pk for e in entries], stage=Stage.DECIDED).count() == 3
