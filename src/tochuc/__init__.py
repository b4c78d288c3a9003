"""tochuc: công tác tổ chức xây dựng Đảng — the party organization tree, members, cadres and reports."""

__version__ = "0.1.0"
