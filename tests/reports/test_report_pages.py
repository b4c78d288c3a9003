"""The report pages: a report for one's own subtree, nothing of a neighbour's, cells that open their members,
files for those who may export, targets set only from above."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from tochuc.core.models import AuditEvent
from tochuc.reports.catalog import REPORTS
from tochuc.reports.models import AdmissionTarget
from tochuc.reports.selectors import report_run


def test_a_commune_officer_cannot_report_on_a_neighbour(tree, commune_officer):
    with pytest.raises(Http404):
        report_run(actor=commune_officer, report=REPORTS["composition"], org=tree.lb)
    with pytest.raises(Http404):  # nor on the whole nation
        report_run(actor=commune_officer, report=REPORTS["composition"], org=None)


def test_the_page_of_a_neighbour_shows_no_figures(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("reports:show", args=["composition"]), {"org": "44.LB"})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "Không tìm thấy tổ chức có mã «44.LB» trong phạm vi quản lý." in response.content.decode()
    assert "Chi bộ thôn Ka Tăng" not in response.content.decode()


def test_the_default_report_is_the_officers_own_subtree_and_its_total_stays_inside(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("reports:show", args=["composition"]))
    result = response.context["result"]
    assert result.org == tree.dh
    assert result.total["members"] == 9  # the three cells of Đông Hà, none of Lao Bảo's six
    assert [r.key for r in result.data_rows] == ["44.DH.CT", "44.DH.01", "44.DH.02"]


def test_a_cell_opens_the_members_it_counts(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(
        reverse("reports:cell", args=["composition"]), {"org": "44.DH", "row": "44.DH.01", "col": "female"}
    )
    assert response.status_code == 200
    assert [m.full_name for m in response.context["page_obj"]] == ["Trần Thị Bích Hạnh"]


def test_a_cell_of_a_neighbour_is_not_found(client, tree, outsider):
    client.force_login(outsider)
    response = client.get(reverse("reports:cell", args=["composition"]), {"org": "44.DH", "row": "44.DH.01"})
    assert response.status_code == 404


def test_an_unknown_report_is_not_found(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("reports:show", args=["nothing"])).status_code == 404


def test_files_need_the_right_to_export(client, tree, viewer, commune_officer):
    client.force_login(viewer)
    assert client.get(reverse("reports:download", args=["composition", "xlsx"])).status_code == 403
    client.force_login(commune_officer)
    response = client.get(reverse("reports:download", args=["composition", "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="composition-44.DH-{_today():%Y%m%d}.csv"'


def _today():
    from django.utils import timezone

    return timezone.localdate()


def test_the_province_sets_the_communes_targets_with_audit(client, tree, province_officer):
    client.force_login(province_officer)
    url = reverse("reports:targets")
    response = client.post(f"{url}?org=44&year=2026", {f"t{tree.dh.pk}": "12", f"t{tree.lb.pk}": ""})
    assert response.status_code == 302
    assert list(AdmissionTarget.objects.values_list("org__code", "year", "count")) == [("44.DH", 2026, 12)]
    event = AuditEvent.objects.get(action="report.target")
    assert (event.org_path, event.changes["count"]) == (tree.dh.path, {"before": None, "after": 12})


def test_a_commune_cannot_set_its_own_target(client, tree, commune_officer):
    client.force_login(commune_officer)
    url = reverse("reports:targets")
    response = client.post(f"{url}?org=44&year=2026", {f"t{tree.dh.pk}": "99"})
    assert response.status_code == 200  # the province is outside its scope: the form says it is not found
    assert not AdmissionTarget.objects.exists()
    # For its cells it may.
    response = client.post(f"{url}?org=44.DH&year=2026", {f"t{tree.dh1.pk}": "2"})
    assert response.status_code == 302
    assert list(AdmissionTarget.objects.values_list("org__code", "count")) == [("44.DH.01", 2)]


def test_a_viewer_cannot_set_targets(client, tree, viewer):
    client.force_login(viewer)
    response = client.post(f"{reverse('reports:targets')}?org=44.DH&year=2026", {f"t{tree.dh1.pk}": "2"})
    assert response.status_code == 403
    assert not AdmissionTarget.objects.exists()


def test_a_negative_target_is_refused_beside_its_org(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.post(f"{reverse('reports:targets')}?org=44&year=2026", {f"t{tree.dh.pk}": "-3"})
    assert response.status_code == 200
    assert "Chỉ tiêu không được âm." in response.content.decode()
    assert not AdmissionTarget.objects.exists()


def test_targets_are_saved_all_or_none(client, tree, province_officer):
    client.force_login(province_officer)
    url = f"{reverse('reports:targets')}?org=44&year=2026"
    response = client.post(url, {f"t{tree.dh.pk}": "12", f"t{tree.lb.pk}": "2000000"})
    assert response.status_code == 200
    assert "Chỉ tiêu quá lớn (tối đa 1.000.000)." in response.content.decode()
    assert not AdmissionTarget.objects.exists()  # Đông Hà's valid 12 is not kept without Lao Bảo's
    assert not AuditEvent.objects.filter(action="report.target").exists()
