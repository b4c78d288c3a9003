"""Fixtures of cadre work on the shared tree: people, posts and tenures written directly (the services that
write them have tests of their own), so that each topic's tests start from a known state."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.cadres.choices import CadreKind, Filling, TenureSource, Title, title_body
from tochuc.cadres.models import Cadre, Post, Tenure
from tochuc.core.text import fold, person_sort_key
from tochuc.members.choices import Qualification, Sex, StateManagementLevel, TheoryLevel


@pytest.fixture
def make_cadre(db):
    """make_cadre(org, full_name=..., **fields) -> Cadre: a working cadre with a bachelor's degree, advanced
    theory, verified dossier and declared assets unless told otherwise."""

    def make(org, *, full_name: str = "Nguyễn Văn Cường", **fields) -> Cadre:
        values = {
            "sex": Sex.MALE,
            "birth_date": date(1980, 5, 10),
            "kind": CadreKind.CADRE,
            "qualification": Qualification.BACHELOR,
            "theory_level": TheoryLevel.ADVANCED,
            "state_management": StateManagementLevel.PRINCIPAL,
            "dossier_verified_on": date(2026, 1, 15),
            "assets_declared_on": date(2025, 12, 31),
            **fields,
        }
        return Cadre.objects.create(
            org=org, full_name=full_name, name_folded=fold(full_name), sort_key=person_sort_key(full_name), **values
        )

    return make


@pytest.fixture
def make_post(db):
    """make_post(org, title=Title.SECRETARY, **fields) -> Post, named after its title and org."""

    def make(org, title: str = Title.SECRETARY, **fields) -> Post:
        values = {
            "name": f"{Title(title).label} {org.name}",
            "seats": 1,
            "filling": Filling.ELECTED,
            "term_start": date(2025, 9, 1),
            "term_end": date(2030, 8, 31),
            **fields,
        }
        return Post.objects.create(
            org=org, title=title, body=title_body(title), name_folded=fold(values["name"]), **values
        )

    return make


@pytest.fixture
def make_tenure(db):
    """make_tenure(cadre, post, started_on=..., **fields) -> Tenure, open unless `ended_on` is given."""

    def make(cadre, post, started_on: date = date(2025, 9, 1), **fields) -> Tenure:
        values = {"source": TenureSource.ELECTED, **fields}
        return Tenure.objects.create(cadre=cadre, post=post, started_on=started_on, **values)

    return make
