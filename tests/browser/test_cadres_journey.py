"""A commune officer opens cadre work from the side menu, records an appointed post and a cadre, plans the
cadre for the post (both picked from the suggestions as typed), receives the appointment dossier, records
the procedure's steps in order (one dated before the step it follows is refused beside the date), decides
the appointment, sees the new holder on the post's page and downloads the decision as a PDF. A step sent out
of order must be refused beside the form too."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tochuc.cadres.choices import AppointmentKind, Filling, Source, Title
from tochuc.cadres.models import AppointmentStep
from tochuc.cadres.services.appointments import appointment_open
from tochuc.cadres.services.people import cadre_create
from tochuc.cadres.services.planning import planning_add
from tochuc.cadres.services.posts import post_create
from tochuc.members.choices import Qualification, Sex, TheoryLevel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# `make screenshots` writes the picture into docs/; an ordinary run keeps it out of the work tree.
_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = (
    _ROOT / "docs" if os.environ.get("TOCHUC_SCREENSHOTS") else _ROOT / "test-results"
) / "screenshot-cadres.png"

POST = "Trưởng phòng Văn hóa - Xã hội"
CADRE = "Lê Văn Hùng"


def pick_suggestion(page, box, typed: str, options: str, starts_with: str) -> None:
    """Type into a suggest-as-you-type box, wait for the suggestions and take the first one."""
    box.press_sequentially(typed, delay=30)
    suggestion = page.locator(f"#{options} option").first
    expect(suggestion).to_have_attribute("value", re.compile(rf"^{re.escape(starts_with)}.* #\d+$"))
    box.fill(suggestion.get_attribute("value"))


def record_step(page, step: str, on: str, votes: tuple[int, int] | None = None) -> None:
    """Fill the form of the step the checklist offers next and submit it; the step comes back done."""
    row = page.locator(f"#step-{step}")
    expect(row).to_have_class("next")
    row.get_by_label("Ngày thực hiện").fill(on)
    row.get_by_label("Hội nghị, tập thể").fill("Ban Thường vụ Đảng ủy phường")
    if votes is not None:
        votes_for, attendees = votes
        row.get_by_label("Số thành viên được triệu tập").fill(str(attendees))
        row.get_by_label("Số phiếu phát ra").fill(str(attendees))
        row.get_by_label("Số phiếu hợp lệ").fill(str(attendees))
        row.get_by_label("Số phiếu tán thành").fill(str(votes_for))
    row.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận bước")
    expect(page.locator(f"#step-{step}")).to_have_class("done")


def login(page, live_server, user, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_officer_plans_and_appoints_a_cadre(live_server, page, tree, commune_officer, password):
    login(page, live_server, commune_officer, password)

    page.get_by_role("navigation", name="Chức năng").get_by_role("link", name="Công tác cán bộ", exact=True).click()
    expect(page.get_by_role("heading", name="Danh sách cán bộ")).to_be_visible()

    # The post: an agency head, filled by appointment decision (no elected term).
    page.locator("nav.cadre-tabs").get_by_role("link", name="Chức vụ").click()
    page.get_by_role("link", name="Thêm chức vụ").click()
    form = page.locator("form.stacked.card")
    expect(form.get_by_label("Tổ chức")).to_have_value("44.DH")  # the officer's own commune
    form.get_by_label("Chức danh").select_option("agency_head")
    form.get_by_label("Tên chức vụ").fill(POST)
    form.get_by_label("Hình thức").select_option("appointed")
    form.get_by_role("button", name="Ghi lại").click()
    expect(page.get_by_role("heading", name=POST)).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Đã thêm chức vụ")

    # The cadre, with the dates typed dd/mm/yyyy.
    page.locator("nav.cadre-tabs").get_by_role("link", name="Cán bộ").click()
    page.get_by_role("link", name="Thêm cán bộ").click()
    form = page.locator("form.stacked.card")
    form.get_by_label("Họ và tên").fill(CADRE)
    form.get_by_label("Giới tính").select_option("male")
    form.get_by_label("Ngày sinh").fill("10/05/1980")
    form.get_by_label("Đơn vị quản lý").fill("44.DH")
    form.get_by_label("Cơ quan, đơn vị công tác").fill("Phòng Văn hóa - Xã hội phường Đông Hà")
    form.get_by_label("Chuyên môn, nghiệp vụ").select_option("bachelor")
    form.get_by_label("Lý luận chính trị").select_option("advanced")
    form.get_by_label("Quản lý nhà nước").select_option("principal")
    form.get_by_label("Ngày xác minh hồ sơ cán bộ").fill("15/01/2026")
    form.get_by_label("Ngày kê khai tài sản, thu nhập gần nhất").fill("31/12/2025")
    form.get_by_role("button", name="Ghi lại").click()
    expect(page.get_by_role("heading", name=CADRE)).to_be_visible()
    cadre_url = page.url

    # Planning: the post and the cadre are both picked from the suggestions that appear as one types.
    page.locator("nav.cadre-tabs").get_by_role("link", name="Quy hoạch").click()
    page.get_by_role("link", name="Đưa cán bộ vào quy hoạch").click()
    form = page.locator("form.stacked.card")
    pick_suggestion(page, form.get_by_label("Chức vụ quy hoạch"), "Văn hóa", "post-options", POST)
    pick_suggestion(page, form.get_by_label("Cán bộ"), "le van hung", "cadre-options", CADRE)
    form.get_by_label("Ngày đưa vào quy hoạch").fill("01/12/2025")
    form.get_by_label("Số quyết định phê duyệt").fill("45-QĐ/ĐU")
    form.get_by_role("button", name="Ghi lại").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã đưa {CADRE} vào quy hoạch")
    expect(page.get_by_role("heading", name=f"Rà soát quy hoạch: {POST}")).to_be_visible()

    # The dossier is received from the cadre's page, which fills the cadre in.
    page.goto(cadre_url)
    page.get_by_role("link", name="Nhận hồ sơ bổ nhiệm").click()
    form = page.locator("form.stacked.card")
    expect(form.get_by_label("Cán bộ được đề nghị")).to_have_value(
        re.compile(rf"^{CADRE} \(10/05/1980, 44\.DH\) #\d+$")
    )
    pick_suggestion(page, form.get_by_label("Chức vụ bổ nhiệm"), "Văn hóa", "post-options", POST)
    form.get_by_label("Loại").select_option("appointment")
    form.get_by_label("Nguồn nhân sự").select_option("inside")
    form.get_by_label("Ngày nhận hồ sơ").fill("02/03/2026")
    form.get_by_role("button", name="Nhận hồ sơ").click()
    expect(page.get_by_role("heading", name=f"Bổ nhiệm: {CADRE}")).to_be_visible()
    expect(page.locator("#step-proposal")).to_have_class("next")

    record_step(page, "proposal", "02/03/2026")
    # A step dated before the one it follows is refused in Vietnamese beside the date, and not recorded.
    row = page.locator("#step-leaders_nomination")
    row.get_by_label("Ngày thực hiện").fill("01/03/2026")
    row.get_by_role("button", name="Ghi nhận").click()
    row = page.locator("#step-leaders_nomination")
    expect(row.locator("#id_held_on_error")).to_have_text("Ngày thực hiện không được trước bước trước đó (02/03/2026).")
    expect(row.get_by_label("Ngày thực hiện")).to_have_value("01/03/2026")
    expect(row).to_have_class("next")
    record_step(page, "leaders_nomination", "03/03/2026", votes=(5, 5))
    record_step(page, "collective_nomination", "04/03/2026", votes=(7, 9))
    record_step(page, "key_cadre_opinions", "05/03/2026", votes=(18, 21))
    record_step(page, "collective_vote", "06/03/2026", votes=(8, 9))
    expect(page.locator("#eligibility li.refused")).to_have_count(0)
    decide = page.locator("#decide")
    expect(decide).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)  # the procedure's checklist, every condition met

    decide.get_by_label("Số quyết định").fill("125-QĐ/ĐU")
    decide.get_by_label("Ngày ký quyết định").fill("10/03/2026")
    decide.get_by_label("Ngày có hiệu lực").fill("01/04/2026")
    decide.get_by_label("Người ký").fill("Nguyễn Văn Bình")
    decide.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận quyết định bổ nhiệm")
    expect(page.locator(".notice.ok")).to_contain_text("Quyết định số 125-QĐ/ĐU ngày 10/03/2026")

    # The decision as an official PDF, fetched with the officer's session.
    pdf_link = page.get_by_role("link", name="In quyết định (PDF)")
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    # The post's page shows the new holder, from the decision's effective date, by appointment.
    page.get_by_role("link", name="Hồ sơ cán bộ").click()
    expect(page.get_by_role("heading", name=CADRE)).to_be_visible()
    page.get_by_role("region", name="Chức vụ hiện giữ").get_by_role("link", name=POST).click()
    expect(page.get_by_role("heading", name=POST)).to_be_visible()
    holder = page.locator(".holder").filter(has_text=CADRE)
    expect(holder).to_contain_text("từ 01/04/2026")
    expect(holder).to_contain_text("125-QĐ/ĐU")
    expect(holder).to_contain_text("thời hạn đến 31/03/2031")  # five years from the effective date
    expect(page.locator("dt:text-is('Còn trống') + dd")).to_have_text("0")


def test_a_step_sent_out_of_order_is_refused_beside_the_form(live_server, page, tree, commune_officer, password):
    # The setup is the journey's, written through the services: typing it again adds nothing.
    post = post_create(
        actor=commune_officer, org=tree.dh, title=Title.AGENCY_HEAD, name=POST, filling=Filling.APPOINTED
    )
    cadre = cadre_create(
        actor=commune_officer, org=tree.dh, full_name=CADRE, sex=Sex.MALE, birth_date=date(1980, 5, 10),
        qualification=Qualification.BACHELOR, theory_level=TheoryLevel.ADVANCED,
    )  # fmt: skip
    planning_add(actor=commune_officer, post=post, cadre=cadre, term="2025-2030", added_on=date(2025, 12, 1))
    appointment = appointment_open(
        actor=commune_officer,
        cadre=cadre,
        post=post,
        kind=AppointmentKind.APPOINTMENT,
        source=Source.INSIDE,
        received_on=date(2026, 3, 2),
    )
    login(page, live_server, commune_officer, password)
    page.goto(f"{live_server.url}/cadres/appointments/{appointment.pk}/")

    # A request naming a later step than the next one (a form from a stale page or a second tab).
    row = page.locator("#step-proposal")
    row.locator("input[name=step]").evaluate("e => e.value = 'leaders_nomination'")
    row.get_by_label("Ngày thực hiện").fill("02/03/2026")
    row.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#step-proposal [role=alert]")).to_contain_text("Chưa thực hiện bước «")
    assert not AppointmentStep.objects.filter(appointment=appointment).exists()
