"""The side menu marks exactly the entry the page belongs to."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("url", "entry"),
    [
        (reverse("home"), "Tổng quan"),
        (reverse("orgs:tree"), "Tổ chức đảng"),
        (reverse("members:list"), "Đảng viên"),
        (reverse("members:dashboard"), "Theo dõi"),
        (reverse("recruitment:list"), "Phát triển đảng viên"),
        (reverse("enterprises:list"), "Doanh nghiệp"),
        (reverse("cadres:list"), "Công tác cán bộ"),
        (reverse("congresses:list"), "Đại hội"),
        (reverse("members:quality"), "Chất lượng dữ liệu"),
        (reverse("core:rules"), "Quy định hiện hành"),
        (reverse("core:audit"), "Nhật ký kiểm tra"),
        (reverse("accounts:list"), "Người dùng"),
    ],
)
def test_one_entry_is_current(client, tree, admin_user, url, entry):
    client.force_login(admin_user)
    html = client.get(url).content.decode()
    current = re.findall(r'aria-current="page">([^<]+)</a>', html)
    assert current == [entry]
