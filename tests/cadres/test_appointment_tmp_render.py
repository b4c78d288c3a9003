import io
from datetime import date, timedelta
import pytest
from tochuc.cadres import rules
from tochuc.cadres.choices import Filling, Title
from tochuc.cadres.models import PlanningEntry
from tochuc.cadres.services.appointments import appointment_decide, appointment_open, appointment_step
from tochuc.cadres.pdf import appointment_pdf

def test_render(tree, make_post, make_cadre, commune_officer, make_tenure):
    p = make_post(tree.dh, Title.AGENCY_HEAD, name="Chánh Văn phòng Đảng ủy phường Đông Hà", filling=Filling.APPOINTED, term_start=None, term_end=None)
    dep = make_post(tree.dh, Title.AGENCY_DEPUTY, name="Phó Chánh Văn phòng Đảng ủy phường Đông Hà", filling=Filling.APPOINTED, term_start=None, term_end=None)
    c = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    make_tenure(c, dep, started_on=date(2023,1,1), source="appointed")
    PlanningEntry.objects.create(post=p, cadre=c, term="2025-2030", added_on=date(2025,12,1))
    a = appointment_open(actor=commune_officer, cadre=c, post=p, kind="appointment", source="inside", received_on=date(2026,3,2))
    on = a.received_on
    for i, s in enumerate(rules.procedure(a.kind, a.source)):
        on = a.received_on + timedelta(days=i)
        kw = dict(attendees=9, ballots_issued=9, ballots_valid=9, votes_for=7) if s in rules.BALLOT_STEPS else {}
        appointment_step(actor=commune_officer, appointment=a, step=s, held_on=on, body="Ban Thường vụ Đảng ủy phường", **kw)
    a = appointment_decide(actor=commune_officer, appointment=a, decision_no="125-QĐ/ĐU", decided_on=on, effective_on=date(2026,4,1), signer="Nguyễn Văn Bí")
    open("/tmp/x/out.pdf","wb").write(appointment_pdf(actor=commune_officer, appointment=a))
