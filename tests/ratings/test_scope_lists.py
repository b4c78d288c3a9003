"""Scope on every list: a campaign is seen from inside its org's subtree and from above it, its entries only
inside the viewer's scope; an org or a member outside the scope is a 404 on every page (list, progress,
decisions, exports, history, summary)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.ratings.choices import PeriodKind, Rating
from tochuc.ratings.services.campaigns import campaign_open, entries_enlist


def test_a_commune_sees_the_province_campaign_with_its_own_figures(client, tree, listed, steps, commune_officer):
    steps.rated(steps.entry_of(listed, tree.members["44.LB.01"][0]), Rating.GOOD)
    steps.rated(steps.entry_of(listed, tree.members["44.DH.01"][0]), Rating.GOOD)
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:list"))
    (campaign, _period, _flags) = response.context["rows"][0]
    assert campaign.pk == listed.pk
    # 9 members + the commune and its four orgs below it; one decision in Đông Hà (not Lao Bảo's)
    assert (campaign.n_entries, campaign.n_decided) == (9 + 1 + 4, 1)


def test_a_neighbouring_communes_campaign_is_not_seen(client, tree, outsider, commune_officer):
    mine = campaign_open(actor=None, org=tree.dh, period_kind=PeriodKind.YEAR, year=2026,
                         starts_on=date(2026, 11, 1))  # fmt: skip
    entries_enlist(actor=None, campaign=mine, members=True)
    client.force_login(outsider)
    assert client.get(reverse("ratings:list")).context["page_obj"].paginator.count == 0
    for name in ("campaign", "entries", "decide", "entries_export", "enlist"):
        assert client.get(reverse(f"ratings:{name}", args=[mine.pk])).status_code == 404, name
    client.force_login(commune_officer)
    assert client.get(reverse("ratings:list")).context["page_obj"].paginator.count == 1


def test_entries_outside_the_scope_are_not_listed(client, tree, listed, outsider, cell_secretary):
    client.force_login(outsider)
    response = client.get(reverse("ratings:entries", args=[listed.pk]))
    assert response.status_code == 200
    orgs = {e.org.code for e in response.context["entries"]}
    assert orgs and all(code.startswith("44.LB") for code in orgs)
    assert client.get(reverse("ratings:entries", args=[listed.pk]), {"org": "44.DH.01"}).status_code == 404
    assert client.get(reverse("ratings:campaign", args=[listed.pk]), {"org": "44.DH"}).status_code == 404
    client.force_login(cell_secretary)
    response = client.get(reverse("ratings:entries", args=[listed.pk]))
    assert {e.org.code for e in response.context["entries"]} == {"44.DH.01"}
    assert response.context["point"].code == "44.DH.01"


def test_an_entry_outside_the_scope_is_a_404(client, tree, listed, steps, outsider):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    client.force_login(outsider)
    for name in ("entry", "entry_ceiling"):
        assert client.get(reverse(f"ratings:{name}", args=[entry.pk])).status_code == 404
    for name in ("entry_self", "entry_appraise", "entry_decide", "entry_reopen", "entry_remove"):
        assert client.post(reverse(f"ratings:{name}", args=[entry.pk]), {}).status_code == 404, name


def test_a_viewer_may_read_but_not_write(client, tree, listed, steps, viewer):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    client.force_login(viewer)
    assert client.get(reverse("ratings:entry", args=[entry.pk])).status_code == 200
    for name in ("entry_self", "entry_appraise", "entry_decide", "entry_reopen", "entry_remove"):
        assert client.post(reverse(f"ratings:{name}", args=[entry.pk]), {}).status_code == 403, name


def test_histories_are_scoped(client, tree, listed, steps, outsider, commune_officer):
    member = tree.members["44.DH.01"][0]
    steps.rated(steps.entry_of(listed, member), Rating.EXCELLENT)
    client.force_login(outsider)
    assert client.get(reverse("ratings:member_history", args=[member.pk])).status_code == 404
    assert client.get(reverse("ratings:org_history", args=["44.DH.01"])).status_code == 404
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:member_history", args=[member.pk]))
    assert response.status_code == 200
    assert [e.level for e in response.context["history"].entries] == [Rating.EXCELLENT]
    assert client.get(reverse("ratings:org_history", args=["44.DH.01"])).status_code == 200


def test_the_summary_is_scoped(client, tree, listed, steps, outsider, commune_officer):
    steps.rated(steps.entry_of(listed, tree.members["44.DH.01"][0]), Rating.GOOD)
    client.force_login(outsider)
    assert client.get(reverse("ratings:summary"), {"org": "44.DH"}).status_code == 404
    assert client.get(reverse("ratings:summary_export"), {"org": "44.DH"}).status_code == 404
    response = client.get(reverse("ratings:summary"), {"years": "2025"})
    assert response.context["report"].org.code == "44.LB"
    assert response.context["report"].total.years[2025].decided == 0
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:summary"), {"years": "2025"})
    assert response.context["report"].total.years[2025].decided == 1
