"""Shared fixtures: a small province built through the services, the personas, and refusal helpers.

Everything is made the way the application makes it (orgs.services, members.services,
accounts.services with actor=None, the system), so paths, periods, memberships and audit events are
real. The personas follow CONVENTIONS.md §7: officers at two levels, a cell secretary, a viewer, and an
outsider from the neighbouring commune who must get 404 for anything under 44.DH.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

import factory
import pytest
from django.apps import apps

from tochuc.accounts.models import User
from tochuc.accounts.roles import Role
from tochuc.accounts.services import user_save
from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent, RuleParameter
from tochuc.members.choices import Sex, Status
from tochuc.members.models import Member, Membership
from tochuc.members.services import member_create
from tochuc.orgs.models import Org, OrgEvent, OrgPeriod, OrgType, Sector
from tochuc.orgs.services import org_create

PASSWORD = "Mat-khau-2026!"
OPENED = date(2025, 7, 1)  # the two-level local government starts; the tree is established that day

# Three members per leaf: (full name, sex, birth date, ethnic group, admitted on, official on).
_MEMBERS: dict[str, list[tuple[str, str, date, str, date, date]]] = {
    "44.DH.01": [
        ("Nguyễn Văn An", Sex.MALE, date(1968, 5, 12), "Kinh", date(1995, 5, 19), date(1996, 5, 19)),
        ("Trần Thị Bích Hạnh", Sex.FEMALE, date(1982, 9, 2), "Kinh", date(2006, 11, 7), date(2007, 11, 7)),
        ("Lê Đức Anh", Sex.MALE, date(1990, 2, 3), "Kinh", date(2015, 3, 26), date(2016, 3, 26)),
    ],
    "44.DH.02": [
        ("Phạm Thị Thu Hà", Sex.FEMALE, date(1975, 7, 27), "Kinh", date(2001, 2, 3), date(2002, 2, 3)),
        ("Hoàng Văn Dũng", Sex.MALE, date(1986, 12, 22), "Kinh", date(2010, 9, 2), date(2011, 9, 2)),
        ("Đặng Minh Châu", Sex.FEMALE, date(1995, 4, 30), "Kinh", date(2019, 5, 19), date(2020, 5, 19)),
    ],
    "44.LB.01": [
        ("Hồ Văn Lợi", Sex.MALE, date(1972, 1, 15), "Bru - Vân Kiều", date(1999, 3, 26), date(2000, 3, 26)),
        ("Hồ Thị Xuân", Sex.FEMALE, date(1988, 8, 19), "Bru - Vân Kiều", date(2012, 2, 3), date(2013, 2, 3)),
        ("Nguyễn Văn Bình", Sex.MALE, date(1979, 10, 10), "Kinh", date(2004, 7, 1), date(2005, 7, 1)),
    ],
    "44.LB.02": [
        ("Võ Thị Lan", Sex.FEMALE, date(1984, 6, 1), "Kinh", date(2008, 12, 22), date(2009, 12, 22)),
        ("Trương Công Định", Sex.MALE, date(1965, 3, 8), "Kinh", date(1990, 9, 2), date(1991, 9, 2)),
        ("Kăn Thị Mai", Sex.FEMALE, date(1992, 11, 20), "Tà Ôi", date(2018, 3, 26), date(2019, 3, 26)),
    ],
    "44.DH.CT.01": [
        ("Bùi Quang Huy", Sex.MALE, date(1980, 4, 14), "Kinh", date(2007, 5, 19), date(2008, 5, 19)),
        ("Đỗ Thị Ngọc Ánh", Sex.FEMALE, date(1993, 9, 9), "Kinh", date(2017, 11, 7), date(2018, 11, 7)),
        ("Phan Văn Toàn", Sex.MALE, date(1987, 2, 28), "Kinh", date(2013, 6, 12), date(2014, 6, 12)),
    ],
}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 with its production work factor costs ~0.3 s a user; the personas would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_optional(settings):
    # Administrators must enrol a TOTP device in production; tests that log in with force_login would all stop at
    # the enrolment page. tests/accounts/test_two_factor.py turns the requirement back on.
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False


@pytest.fixture
def password() -> str:
    """The password every persona and every make_user() user logs in with."""
    return PASSWORD


@pytest.fixture
def tree(db) -> SimpleNamespace:
    """Province 44 -> communes 44.DH, 44.LB -> cells (and a company committee with one cell under 44.DH).

    Three official members in each leaf: `tree.members["44.DH.01"]` is their list, in creation order.
    """

    def make(code: str, name: str, org_type: str, parent: Org | None, sector: str) -> Org:
        return org_create(
            actor=None, code=code, name=name, org_type=org_type, parent=parent, opened_on=OPENED, sector=sector
        )

    province = make("44", "Đảng bộ tỉnh Quảng Trị", OrgType.PROVINCE_COMMITTEE, None, Sector.OTHER)
    dh = make("44.DH", "Đảng bộ phường Đông Hà", OrgType.UPPER_GRASSROOTS_COMMITTEE, province, Sector.COMMUNE)
    lb = make("44.LB", "Đảng bộ xã Lao Bảo", OrgType.UPPER_GRASSROOTS_COMMITTEE, province, Sector.COMMUNE)
    dh1 = make("44.DH.01", "Chi bộ khu phố 1", OrgType.GRASSROOTS_CELL, dh, Sector.RESIDENTIAL)
    dh2 = make("44.DH.02", "Chi bộ khu phố 2", OrgType.GRASSROOTS_CELL, dh, Sector.RESIDENTIAL)
    lb1 = make("44.LB.01", "Chi bộ thôn Ka Tăng", OrgType.GRASSROOTS_CELL, lb, Sector.RESIDENTIAL)
    lb2 = make("44.LB.02", "Chi bộ thôn Lao Bảo", OrgType.GRASSROOTS_CELL, lb, Sector.RESIDENTIAL)
    dh_company = make(
        "44.DH.CT",
        "Đảng bộ Công ty Cổ phần Đông Hà",
        OrgType.GRASSROOTS_COMMITTEE,
        dh,
        Sector.NON_STATE_ENTERPRISE,
    )
    dh_company_cell = make(
        "44.DH.CT.01", "Chi bộ Phân xưởng sản xuất", OrgType.CELL, dh_company, Sector.NON_STATE_ENTERPRISE
    )
    leaves = {o.code: o for o in (dh1, dh2, lb1, lb2, dh_company_cell)}
    members = {
        code: [
            member_create(
                actor=None,
                full_name=full_name,
                sex=sex,
                birth_date=born,
                ethnic_group=ethnic,
                org=leaves[code],
                status=Status.OFFICIAL,
                admitted_on=admitted,
                official_on=official,
            )
            for full_name, sex, born, ethnic, admitted, official in rows
        ]
        for code, rows in _MEMBERS.items()
    }
    return SimpleNamespace(
        province=province,
        dh=dh,
        lb=lb,
        dh1=dh1,
        dh2=dh2,
        lb1=lb1,
        lb2=lb2,
        dh_company=dh_company,
        dh_company_cell=dh_company_cell,
        members=members,
    )


@pytest.fixture
def make_user(db):
    """make_user(username, role, org, **extra) -> User, made by accounts.services.user_save (password PASSWORD)."""

    def _make(username: str, role: str, org: Org, **extra) -> User:
        user, _created = user_save(actor=None, username=username, role=role, org=org, password=PASSWORD, **extra)
        return user

    return _make


@pytest.fixture
def admin_user(make_user, tree) -> User:
    """System administrator of the province (overrides pytest-django's superuser of the same name)."""
    return make_user("quantri", Role.ADMIN, tree.province, full_name="Quản trị hệ thống")


@pytest.fixture
def province_officer(make_user, tree) -> User:
    return make_user("cb.tinh", Role.OFFICER, tree.province, full_name="Trần Vũ Khiêm")


@pytest.fixture
def leader(make_user, tree) -> User:
    return make_user("lanhdao.tinh", Role.LEADER, tree.province, full_name="Nguyễn Long Hải")


@pytest.fixture
def commune_officer(make_user, tree) -> User:
    return make_user("cb.dongha", Role.OFFICER, tree.dh, full_name="Lê Thị Thanh")


@pytest.fixture
def cell_secretary(make_user, tree) -> User:
    return make_user("bithu.kp1", Role.SECRETARY, tree.dh1, full_name="Nguyễn Văn An")


@pytest.fixture
def viewer(make_user, tree) -> User:
    return make_user("xem.dongha", Role.VIEWER, tree.dh, full_name="Phạm Minh Tuấn")


@pytest.fixture
def outsider(make_user, tree) -> User:
    """An officer of the neighbouring commune (44.LB): nothing under 44.DH exists for them (404)."""
    return make_user("cb.laobao", Role.OFFICER, tree.lb, full_name="Hồ Văn Thắng")


class MemberFactory(factory.Factory):
    """Members through members.services.member_create (never a bare .save()), with plausible defaults."""

    class Meta:
        model = Member

    actor = None
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thành {n:03d}")
    sex = Sex.MALE
    birth_date = date(1985, 6, 15)
    status = Status.OFFICIAL
    admitted_on = date(2010, 5, 19)
    official_on = date(2011, 5, 19)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return member_create(**kwargs)


@pytest.fixture
def make_member(db):
    """make_member(org=..., **overrides) -> Member, an official member unless told otherwise."""
    return MemberFactory


def db_state() -> dict[str, list[tuple]]:
    """Every row that a tree, member, user or rule service writes, as plain tuples (small test data)."""
    return {
        "orgs": list(
            Org.objects.order_by("pk").values_list(
                "pk", "code", "name", "org_type", "sector", "parent_id", "path", "depth", "closed_on", "successor_id"
            )
        ),
        "periods": list(
            OrgPeriod.objects.order_by("pk").values_list("pk", "org_id", "name", "parent_id", "valid_from", "valid_to")
        ),
        "events": list(OrgEvent.objects.order_by("pk").values_list("pk", "kind", "on")),
        "members": list(
            Member.objects.order_by("pk").values_list(
                "pk", "full_name", "org_id", "status", "birth_date", "admitted_on", "official_on"
            )
        ),
        "memberships": list(
            Membership.objects.order_by("pk").values_list("pk", "member_id", "org_id", "valid_from", "valid_to")
        ),
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "role", "org_id", "is_active")),
        "rules": list(RuleParameter.objects.order_by("pk").values_list("pk", "key", "effective_to")),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id")),
        # The later modules: every column of every row (their models are few and small in tests).
        **{
            f"{label}.{model.__name__}": list(model.objects.order_by("pk").values_list())
            for label in ("cadres", "congresses", "protection", "ratings", "awards", "proposals")
            for model in apps.get_app_config(label).get_models()
        },
    }


@pytest.fixture
def nothing_written(db):
    """`with nothing_written(): ...` fails if the block changed any org, period, event, member,
    membership, user, rule version or audit row."""

    @contextmanager
    def _check():
        before = db_state()
        yield
        after = db_state()
        assert after == before, "a refused action wrote to the database"

    return _check


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@pytest.fixture
def refused(nothing_written):
    """`with refused(field="on") as info: service(...)` asserts a DomainError on that field, with a
    Vietnamese message, and that nothing was written. `info.value` is the error."""

    @contextmanager
    def _refused(*, field: str | None):
        with nothing_written(), pytest.raises(DomainError) as info:
            yield info
        error = info.value
        assert error.field == field, f"refused on field {error.field!r}, expected {field!r}: {error.message}"
        assert _NON_ASCII.search(error.message), f"message is not Vietnamese: {error.message!r}"

    return _refused


@pytest.fixture
def audit_watch(db):
    """`watch = audit_watch()` marks the log; `watch.events()` lists the events written since, oldest first."""

    def _start() -> SimpleNamespace:
        start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return SimpleNamespace(events=lambda: list(AuditEvent.objects.filter(pk__gt=start).order_by("pk")))

    return _start


@pytest.fixture
def assert_memberships_consistent(db):
    """A callable asserting the membership invariants after a restructuring: every active member has
    exactly one open Membership, at the org the member is in, and that org is open."""

    def _check() -> None:
        open_by_member: dict[int, list[int]] = {}
        for member_id, org_id in Membership.objects.filter(valid_to__isnull=True).values_list("member_id", "org_id"):
            open_by_member.setdefault(member_id, []).append(org_id)
        for member in Member.objects.active().select_related("org"):
            assert open_by_member.get(member.pk) == [member.org_id], f"{member}: open memberships wrong"
            assert member.org.is_open, f"{member} is active in closed org {member.org.code}"

    return _check


@pytest.fixture
def database_copy(tmp_path):
    """`database_copy(prefix)` -> the DATABASE_URL of a copy of the migrated test database, for a process of its
    own (a command run in a subprocess): a SQLite file under tmp_path, or a throwaway PostgreSQL database made
    from the test database as a template, dropped at the end of the test."""
    import sqlite3
    import time
    import uuid

    from django.db import connection

    dropped: list = []

    def _copy(prefix: str) -> str:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            target = tmp_path / f"{prefix}.sqlite3"
            dest = sqlite3.connect(target)
            connection.connection.backup(dest)
            dest.close()
            return f"sqlite:///{target}"
        import psycopg

        db = connection.settings_dict
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
        # A template database must have no other session: ours is closed, and the idle ones that earlier tests'
        # threads keep (the live server's, thread pools': persistent connections) are ended.
        connection.close()
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            for attempt in range(10):
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [db["NAME"]],
                )
                try:
                    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db["NAME"]}"')
                    break
                except psycopg.errors.ObjectInUse:
                    if attempt == 9:
                        raise
                    time.sleep(0.2)
        dropped.append((name, params))
        return f"postgresql://{db['USER']}:{db['PASSWORD']}@{params['host']}:{params['port']}/{name}"

    yield _copy
    for name, params in dropped:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
