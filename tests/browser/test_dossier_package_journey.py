"""A member transferred out of the province, with their dossier package, in a real browser: the sending officer
downloads the package from the member's page; the receiving officer uploads it, checks the preview and confirms;
the member is then on the receiving side's records with their family and the sending side's PDF."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tochuc.members import services
from tochuc.members.models import Member
from tochuc.members.services.dossier import relative_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_package_carries_a_member_to_the_receiving_side(
    sign_in, live_server, page, tree, commune_officer, outsider, tmp_path
):
    member = tree.members["44.DH.01"][0]
    services.member_update(actor=commune_officer, member=member, citizen_id="045068000123")
    relative_add(actor=commune_officer, member=member, relation="Vợ", full_name="Hoàng Thị Lý", birth_year=1970)
    services.member_transfer_out(
        actor=commune_officer, member=member, on=date(2026, 3, 2), letter_no="13/GGT-ĐU",
        destination="Đảng bộ phường Bến Nghé, TP Hồ Chí Minh",
    )  # fmt: skip
    base = live_server.url

    # The sending side: the package from the member's page.
    sign_in(page, base, commune_officer.username)
    page.goto(f"{base}/members/{member.pk}/")
    page.locator("summary", has_text="Hồ sơ").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải gói hồ sơ chuyển đi").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("goi-ho-so-") and saved.suffix == ".zip"
    page.get_by_role("button", name="Đăng xuất").click()

    # The receiving installation does not hold the member: their identifiers are not in its records.
    Member.objects.filter(pk=member.pk).update(citizen_id=None, card_number=None)

    # The receiving side: upload, preview, confirm.
    sign_in(page, base, outsider.username)
    page.goto(f"{base}/members/")
    page.get_by_role("link", name="Tiếp nhận từ gói hồ sơ").click()
    page.get_by_label("Gói hồ sơ (.zip)").set_input_files(str(saved))
    page.get_by_label("Sinh hoạt tại chi bộ").fill("44.LB.01")
    page.get_by_label("Ngày tiếp nhận").fill("01/04/2026")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator(".facts")).to_contain_text(member.full_name)
    expect(page.locator(".facts")).to_contain_text("13/GGT-ĐU")
    page.get_by_role("button", name="Xác nhận tiếp nhận").click()

    expect(page.locator(".messages")).to_contain_text(f"Đã tiếp nhận đảng viên {member.full_name} từ gói hồ sơ.")
    received = Member.objects.get(org=tree.lb1, full_name=member.full_name)
    assert received.citizen_id == "045068000123"
    assert list(received.relatives.values_list("full_name", flat=True)) == ["Hoàng Thị Lý"]
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Lý lịch nơi chuyển đi (PDF)").click()
    expect(popup.value).to_have_url(f"{base}/members/{received.pk}/received-dossier.pdf")
