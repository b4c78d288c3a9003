from datetime import date, timedelta
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tochuc.protection.choices import Purpose, Relation, Scope
from tochuc.protection.services.cases import case_open
from tochuc.protection.selectors.people import person_of
from tochuc.protection.services.notes import note_add

TODAY = timezone.localdate()

@pytest.mark.parametrize("n", [1, 10])
def test_person_page_queries(n, tree, protection_officer, client, make_cadre):
    cadre = make_cadre(tree.dh)
    for i in range(n):
        c = case_open(actor=None, purpose=[Purpose.OTHER, Purpose.PLANNING, Purpose.APPOINTMENT][i % 3], cadre=cadre, org=[tree.dh, tree.dh1, tree.dh2][i % 3], requested_by="x",
                      requested_on=TODAY - timedelta(days=i+1)) if i < 3 else None
        note_add(actor=protection_officer, person=person_of(cadre), scope=Scope.ETHICS, text=f"t{i}", recorded_on=TODAY, case=c)
    client.force_login(protection_officer)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/protection/people/cadre/{cadre.pk}/")
    print(n, r.status_code, len(ctx.captured_queries))
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/protection/subjects/lookup/?q=ng")
    print("lookup", len(ctx.captured_queries))
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/protection/summary/")
    print("summary", len(ctx.captured_queries))
