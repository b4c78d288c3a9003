"""Correcting a case handled by someone the editor does not manage (the province's officer handles a cell's case):
the handler stays on the form and is kept when the commune's officer extends the deadline; choosing someone
outside the editor's reach is still refused."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tochuc.protection.services.cases import case_update

TODAY = timezone.localdate()
D = "%d/%m/%Y"


def _post(case, **over):
    data = {"requested_by": case.requested_by, "requested_on": case.requested_on.strftime(D),
            "document_no": case.document_no, "due_on": (TODAY + timedelta(days=60)).strftime(D),
            "handler": str(case.handler_id or "")}  # fmt: skip
    data.update(over)
    return data


def test_the_commune_extends_the_deadline_without_dropping_the_provinces_handler(
    answered_case, protection_officer, commune_officer, client
):
    case_update(actor=protection_officer, case=answered_case, handler=protection_officer)
    answered_case.refresh_from_db()
    client.force_login(commune_officer)
    page = client.get(f"/protection/{answered_case.pk}/edit/").content.decode()
    assert f'value="{protection_officer.pk}" selected' in page
    response = client.post(f"/protection/{answered_case.pk}/edit/", _post(answered_case))
    assert response.status_code == 302
    answered_case.refresh_from_db()
    assert answered_case.handler == protection_officer
    assert answered_case.due_on == TODAY + timedelta(days=60)


def test_the_commune_cannot_hand_the_case_to_someone_it_does_not_manage(
    answered_case, protection_officer, commune_officer, make_user, tree, client
):
    from tochuc.accounts.roles import Role

    other = make_user("baove.tinh2", Role.PROTECTION, tree.province)
    case_update(actor=protection_officer, case=answered_case, handler=protection_officer)
    answered_case.refresh_from_db()
    client.force_login(commune_officer)
    response = client.post(f"/protection/{answered_case.pk}/edit/", _post(answered_case, handler=str(other.pk)))
    assert response.status_code == 400 and "handler" in response.context["form"].errors
    answered_case.refresh_from_db()
    assert answered_case.handler == protection_officer
