"""Review of cadre work (issue 7): the register tells a cadre still working past the retirement age apart
from one retiring within the coming 12 months."""

from __future__ import annotations

from datetime import date

from django.urls import reverse


def test_a_working_cadre_past_retirement_age_is_flagged_as_past(client, tree, province_officer, make_cadre):
    make_cadre(tree.dh, full_name="Võ Văn Già", birth_date=date(1960, 1, 10))
    client.force_login(province_officer)
    html = client.get(reverse("cadres:list")).content.decode()
    assert "Đã quá tuổi nghỉ hưu" in html
    assert "Trong 12 tháng" not in html
