"""Every standard report's numbers against an independent count in plain Python over the generated dataset."""

from __future__ import annotations

import pytest
from report_counts import active_members, completed_years, events_in, member_predicates

from tochuc.members.models import EventKind
from tochuc.orgs.models import Org, OrgType
from tochuc.reports import engine
from tochuc.reports.catalog import REPORTS
from tochuc.reports.services import admission_target_set

MEMBER_REPORTS = ["composition", "quality", "occupation"]


def _rows(result) -> dict[str, dict]:
    return {r.key: r.values for r in result.data_rows}


@pytest.mark.parametrize("name", MEMBER_REPORTS)
@pytest.mark.parametrize("level", ["province", "commune"])
def test_member_reports_count_what_a_plain_count_gives(dataset, name, level):
    tree = dataset.tree
    org = tree.province if level == "province" else tree.dh
    result = engine.run(REPORTS[name], org=org)
    tests = member_predicates(dataset.today)
    members = [m for m in active_members() if m.org.path.startswith(org.path)]
    children = Org.objects.open().filter(parent=org)
    got = _rows(result)
    assert set(got) == {c.code for c in children}
    for child in children:
        under = [m for m in members if m.org.path.startswith(child.path)]
        expected = {c.key: sum(1 for m in under if tests[c.key](m)) for c in result.columns}
        assert got[child.code] == expected, child.code
    assert result.total == {c.key: sum(1 for m in members if tests[c.key](m)) for c in result.columns}
    assert result.total["members"] == len(members) > 0


@pytest.mark.parametrize("name", ["age", "ethnicity", "religion"])
def test_category_reports_count_each_category(dataset, name):
    result = engine.run(REPORTS[name], org=dataset.tree.province)
    members = active_members()
    tests = member_predicates(dataset.today)
    field = {"ethnicity": "ethnic_group", "religion": "religion"}.get(name)
    for row in result.data_rows:
        if name == "age":
            in_row = [m for m in members if tests[row.key](m)]
        elif row.key == "Không":
            in_row = [m for m in members if m.religion in ("Không", "")]
        else:
            in_row = [m for m in members if getattr(m, field) == row.key]
        assert row.values == {c.key: sum(1 for m in in_row if tests[c.key](m)) for c in result.columns}, row.key
    assert result.total["members"] == len(members)


def test_the_31st_birthday_moves_a_member_out_of_the_youngest_band(dataset):
    result = engine.run(REPORTS["age"], org=dataset.tree.lb)
    young = [m for m in active_members() if m.org.path.startswith(dataset.tree.lb2.path)]
    eve = next(m for m in young if m.full_name == "Trẻ Ba Mươi")
    day = next(m for m in young if m.full_name == "Vừa Ba Mốt")
    assert (completed_years(eve.birth_date, dataset.today), completed_years(day.birth_date, dataset.today)) == (30, 31)
    members = engine.cell_members(result, row_key="age_0_30", column_key="female")
    assert eve in members and day not in members
    assert day in engine.cell_members(result, row_key="age_31_40", column_key="female")


def _crossing_count(events, kind: str, inside: str) -> int:
    """Transfers of `kind` at an org under `inside` whose other end is not under it (or unknown)."""
    return sum(
        1
        for e in events
        if e.kind == kind
        and e.org.path.startswith(inside)
        and (e.other_org is None or not e.other_org.path.startswith(inside))
    )


def test_movements_count_the_period_and_transfers_only_across_each_boundary(dataset):
    tree = dataset.tree
    report = REPORTS["movements"]
    result = engine.run(report, org=tree.province, start=dataset.start, end=dataset.today)
    events = events_in(dataset.start, dataset.today, report.event_kinds)
    plain = {"admitted": [EventKind.ADMITTED], "readmitted": [EventKind.READMITTED], "left": [EventKind.LEFT],
             "removed": [EventKind.REMOVED, EventKind.PROBATION_REMOVED], "expelled": [EventKind.EXPELLED],
             "died": [EventKind.DIED], "recognized": [EventKind.RECOGNIZED]}  # fmt: skip
    rows = _rows(result)
    for child in (tree.dh, tree.lb):
        here = [e for e in events if e.org.path.startswith(child.path)]
        for key, kinds in plain.items():
            assert rows[child.code][key] == sum(1 for e in here if e.kind in kinds), (child.code, key)
        assert rows[child.code]["transfer_in"] == _crossing_count(events, EventKind.TRANSFER_IN, child.path)
        assert rows[child.code]["transfer_out"] == _crossing_count(events, EventKind.TRANSFER_OUT, child.path)
    # The transfer from Đông Hà to Lao Bảo crosses both communes but not the province: only the one to Nghệ An
    # leaves the province.
    assert (rows["44.DH"]["transfer_out"], rows["44.LB"]["transfer_in"]) == (1, 1)
    assert (result.total["transfer_out"], result.total["transfer_in"]) == (1, 0)
    assert result.total["died"] == result.total["expelled"] == 1
    assert result.total["admitted"] == sum(1 for e in events if e.kind == EventKind.ADMITTED) >= 1


def test_a_transfer_inside_a_row_is_not_counted_in_it(dataset):
    tree = dataset.tree
    result = engine.run(REPORTS["movements"], org=tree.dh, start=dataset.start, end=dataset.today)
    rows = _rows(result)
    assert rows["44.DH.01"]["transfer_out"] == 1  # to Lao Bảo, outside the cell
    assert result.total["transfer_out"] == 1  # and outside Đông Hà
    moved = engine.cell_members(result, row_key="44.DH.01", column_key="transfer_out")
    assert list(moved) == [dataset.moved]


def test_the_organizations_report_counts_open_orgs_by_type_row_included(dataset):
    tree = dataset.tree
    result = engine.run(REPORTS["organizations"], org=tree.province)
    rows = _rows(result)
    for child in (tree.dh, tree.lb):
        orgs = list(Org.objects.open().filter(path__startswith=child.path))
        assert rows[child.code]["orgs"] == len(orgs)
        for t in OrgType:
            if t != OrgType.PROVINCE_COMMITTEE:
                assert rows[child.code][t.value] == sum(1 for o in orgs if o.org_type == t), (child.code, t)
    assert result.total["orgs"] == Org.objects.open().count() - 1  # all but the province itself


def test_development_compares_admissions_with_the_targets_given_from_above(dataset):
    tree = dataset.tree
    year = dataset.today.year
    admission_target_set(actor=None, org=tree.dh, year=year, count=4)
    admission_target_set(actor=None, org=tree.province, year=year, count=10)
    result = engine.run(REPORTS["development"], org=tree.province, start=dataset.start, end=dataset.today)
    rows = _rows(result)
    admissions = [e for e in events_in(dataset.start, dataset.today, (EventKind.ADMITTED,))]
    in_dh = [e for e in admissions if e.org.path.startswith(tree.dh.path)]
    assert rows["44.DH"]["admitted"] == len(in_dh) >= 1
    assert rows["44.DH"]["young"] == sum(1 for e in in_dh if completed_years(e.member.birth_date, e.on) <= 30)
    assert rows["44.DH"]["target"] == 4
    assert rows["44.DH"]["achieved"] == round(100 * len(in_dh) / 4, 1)
    assert rows["44.LB"]["target"] is None and rows["44.LB"]["achieved"] is None
    assert result.total["target"] == 10  # the province's own target, not the sum of what it gave
    assert result.total["achieved"] == round(100 * len(admissions) / 10, 1)


def test_every_cell_lists_as_many_members_as_it_counts(dataset):
    tree = dataset.tree
    result = engine.run(REPORTS["composition"], org=tree.province)
    for row in [*result.data_rows, engine.Row("", "", result.total, kind="total")]:
        for column in result.columns:
            listed = engine.cell_members(result, row_key=row.key, column_key=column.key).count()
            assert listed == row.values[column.key], (row.key, column.key)


def test_events_recorded_at_an_org_founded_after_the_period_still_count(tree):
    from datetime import date

    from tochuc.members.services import member_create
    from tochuc.orgs.services import org_create

    new_cell = org_create(actor=None, code="44.DH.09", name="Chi bộ khu phố 9", org_type=OrgType.GRASSROOTS_CELL,
                          parent=tree.dh, opened_on=date(2026, 6, 1), sector="residential")  # fmt: skip
    member_create(actor=None, full_name="Người Nhập Sau", sex="female", birth_date=date(1990, 1, 1), org=new_cell,
                  status="probationary", admitted_on=date(2026, 3, 1))  # fmt: skip
    start, end = date(2026, 1, 1), date(2026, 4, 30)
    province = engine.run(REPORTS["movements"], org=tree.province, start=start, end=end)
    assert _rows(province)["44.DH"]["admitted"] == 1 and province.total["admitted"] == 1
    commune = engine.run(REPORTS["movements"], org=tree.dh, start=start, end=end)
    assert _rows(commune)["44.DH.09"]["admitted"] == 1


def test_the_nations_transfer_total_lists_the_transfers_it_counts(dataset):
    result = engine.run(REPORTS["movements"], org=None, start=dataset.start, end=dataset.today)
    for key in ("transfer_in", "transfer_out"):
        listed = engine.cell_members(result, row_key="", column_key=key).count()
        assert listed == result.total[key], key
    assert result.total["transfer_out"] == 1  # the one to Nghệ An; the one between communes stays inside
