"""The recruitment forms on their own: the list's filters as the selector's arguments, the introducer typed
by name or picked from the suggestions (inside the scope only), each step's form with the fields it needs."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.recruitment.forms import CandidateFilterForm, MemberIntroducerForm, StepForm, member_option


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {}),
        ({"q": "an"}, {"stage": "developing", "reached": "", "away": None, "drop_reason": "", "q": "an"}),
        ({"stage": "all", "away": "yes"}, {"stage": "", "reached": "", "away": True, "drop_reason": "", "q": ""}),
        ({"stage": "dropped", "away": "no", "drop_reason": "moved", "reached": "course"},
         {"stage": "dropped", "reached": "course", "away": False, "drop_reason": "moved", "q": ""}),
        ({"stage": "nonsense", "reached": "nowhere"},
         {"stage": "developing", "reached": "", "away": None, "drop_reason": "", "q": ""}),
    ],
)  # fmt: skip
def test_the_filters_become_the_selectors_arguments(query, expected):
    assert CandidateFilterForm(query or None).selector_kwargs() == expected


def _introducer(actor, member: str):
    data = {"intro-member": member, "intro-together_since": "01/01/2024", "intro-on": "01/04/2025"}
    form = MemberIntroducerForm(data, actor=actor)
    form.is_valid()
    return form


def test_the_introducer_is_found_by_the_suggestion_or_the_name(commune_officer, tree, make_member):
    an = tree.members["44.DH.01"][0]
    anh = make_member(org=tree.dh2, full_name="Nguyễn Văn Anh")
    assert _introducer(commune_officer, member_option(an)).cleaned_data["member"] == an
    assert _introducer(commune_officer, f"#{anh.pk}").cleaned_data["member"] == anh
    # Typed without diacritics: "nguyen van an" also begins "Nguyễn Văn Anh", the exact name decides.
    form = _introducer(commune_officer, "nguyen van an")
    assert form.cleaned_data["member"] == an
    assert form.service_kwargs() == {
        "kind": "member", "member": an, "together_since": date(2024, 1, 1), "on": date(2025, 4, 1), "document_no": "",
    }  # fmt: skip
    assert "Có nhiều đảng viên" in _introducer(commune_officer, "nguyen van a").errors["member"][0]


def test_a_member_outside_the_scope_is_not_found(commune_officer, tree):
    binh = tree.members["44.LB.01"][2]
    for typed in (member_option(binh), f"#{binh.pk}", "Nguyễn Văn Bình"):
        assert "Không tìm thấy đảng viên" in _introducer(commune_officer, typed).errors["member"][0]


@pytest.mark.parametrize(
    ("step", "fields"),
    [
        ("course", {"on", "document_no", "note"}),
        ("application", {"on", "document_no", "note"}),
        ("verification", {"on", "document_no", "result", "note"}),
        ("cell_resolution", {"on", "document_no", "official_members", "in_favour", "note"}),
        ("committee_resolution", {"on", "document_no", "official_members", "in_favour", "note"}),
    ],
)
def test_each_step_asks_for_what_it_needs(commune_officer, step, fields):
    form = StepForm(actor=commune_officer, step=step)
    assert set(form.fields) == fields
    assert form.prefix == step


def test_a_vote_needs_its_counts(commune_officer):
    form = StepForm({"cell_resolution-on": "01/08/2025"}, actor=commune_officer, step="cell_resolution")
    assert not form.is_valid()
    assert set(form.errors) == {"official_members", "in_favour"}
