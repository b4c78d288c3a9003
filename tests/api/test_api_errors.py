"""Every error of the API is JSON: unknown paths, the (absent) docs page, a crash; the schema is public."""

from __future__ import annotations

import pytest

from tochuc.orgs import selectors as org_selectors


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/khong-co", "/api/v1/docs", "/api/v1/members/abc"])
def test_an_unknown_path_under_the_api_answers_404_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}


def test_the_schema_is_public_and_names_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/v1/orgs/{code}",
        "/api/v1/members",
        "/api/v1/members/{member_id}",
        "/api/v1/members/{member_id}/events",
        "/api/v1/events",
        "/api/v1/members/{member_id}/package",
        "/api/v1/packages",
    }
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_a_crash_answers_500_in_json_not_the_html_page(client, bearer, commune_officer, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(org_selectors, "org_get", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/orgs/44.DH", **bearer(commune_officer))
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Lỗi máy chủ")


def test_a_wrong_parameter_type_answers_422_with_the_field(client, bearer, commune_officer):
    response = client.get("/api/v1/members?page=abc", **bearer(commune_officer))
    assert response.status_code == 422 and response.json()["field"] == "page"


def test_a_method_a_path_does_not_take_answers_405_in_json(client, bearer, commune_officer):
    response = client.delete("/api/v1/members", **bearer(commune_officer))
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json()["detail"] == "Không dùng được phương thức DELETE ở đây."


def test_a_nul_character_answers_400_in_json(client, bearer, commune_officer):
    response = client.get("/api/v1/members?q=a%00b", **bearer(commune_officer))
    assert response.status_code == 400 and response.json()["detail"] == "Yêu cầu chứa ký tự không hợp lệ."
