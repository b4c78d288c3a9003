from __future__ import annotations
from io import BytesIO
import pytest
from django.urls import reverse
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from tochuc.ratings.choices import Rating


def show(r, what):
    errs = {}
    for k in ("form", "self_form", "appraisal_form", "decision_form", "bulk", "reopen_form", "remove_form"):
        try:
            f = r.context[k]
        except Exception:
            continue
        if f is not None and getattr(f, "errors", None):
            errs[k] = dict(f.errors)
    print(what, r.status_code, errs)


def test_garbage(client, tree, listed, steps, commune_officer, province_officer):
    client.raise_request_exception = True
    m = tree.members["44.DH.01"][0]
    e = steps.entry_of(listed, m)
    client.force_login(commune_officer)
    url = reverse("ratings:entry_self", args=[e.pk])
    base = {"self-form": "2C", "self-self_score": "80", "self-self_level": "good", "self-self_on": "05/12/2025"}
    for k, vals in {
        "self-self_score": ["abc", "100.001", "-1", "1e5", "NaN", "Infinity", "99999999", "1e-9", "85.555", " ", "sNaN"],
        "self-tasks_total": ["-1", "1e10", "abc", "999999999999"],
        "self-self_on": ["31/02/2026", "2025-12-05", "01/01/2099", "01/01/1900"],
        "self-form": ["XX", "01"],
        "self-self_level": ["bogus", ""],
        "self-disqualifier": ["zzz"],
    }.items():
        for v in vals:
            r = client.post(url, {**base, k: v})
            show(r, f"self {k}={v!r}")
    r = client.post(url, {**base, "self-tasks_total": "5", "self-tasks_done": "6"}); show(r, "done>total")
    r = client.post(url, {**base, "self-tasks_done": "6"}); show(r, "done without total")
    r = client.get(reverse("ratings:entry_ceiling", args=[e.pk]), {"prefix": "self", "self-self_score": "NaN", "self-tasks_total": "abc"})
    print("ceiling", r.status_code, r.content[:300])
    for v in ["1e999", "150", "-3"]:
        try:
            r = client.get(reverse("ratings:entry_ceiling", args=[e.pk]), {"prefix": "self", "self-self_score": v})
            print("ceiling2", v, r.status_code, r.content.decode()[:300])
        except Exception as ex:
            print("ceiling2 500", v, repr(ex))
    r = client.post(url, base); show(r, "self ok")
    url = reverse("ratings:entry_appraise", args=[e.pk])
    base = {"appr-appraisal_level": "good", "appr-appraised_on": "12/12/2025"}
    for k, vals in {"appr-appraisal_score": ["abc", "-1", "100.01"], "appr-appraised_on": ["31/02/2026", "01/12/2025"], "appr-group": ["x" * 101]}.items():
        for v in vals:
            r = client.post(url, {**base, k: v}); show(r, f"appr {k}={v!r}")
    r = client.post(url, base); show(r, "appr ok")
    url = reverse("ratings:entry_decide", args=[e.pk])
    base = {"dec-level": "good", "dec-decided_on": "20/12/2025"}
    for k, vals in {"dec-level": ["bogus", "excellent"], "dec-decided_on": ["31/02/2026", "01/12/2025", "01/01/2099"], "dec-decided_by": ["x" * 300], "dec-decision_no": ["y" * 60, "a\x00b"]}.items():
        for v in vals:
            r = client.post(url, {**base, k: v}); show(r, f"dec {k}={v!r}")
    # campaign create
    client.force_login(province_officer)
    url = reverse("ratings:campaign_create")
    base = {"org": "44", "period_kind": "quarter", "year": "2026", "quarter": "1", "starts_on": "01/03/2026"}
    for k, vals in {"year": ["99999", "abc", "-5"], "quarter": ["7", "abc"], "term": ["abcdefghijk", "2020-2025"], "org": ["ZZ", "44.DH.99"], "starts_on": ["31/02/2026", ""], "self_due_on": ["01/01/2020"], "period_kind": ["x"]}.items():
        for v in vals:
            r = client.post(url, {**base, k: v}); show(r, f"camp {k}={v!r}")
    # summary
    for q in [{"years": "abc"}, {"years": "1000-3000"}, {"years": "2025-2010"}, {"kind": "bogus"}, {"org": "ZZ"}, {"years": "0000"}]:
        r = client.get(reverse("ratings:summary"), q); print("summary", q, r.status_code)
    for q in [{"page": "abc"}, {"level": "bogus"}, {"q": "x" * 1000}, {"org": "ZZZ"}, {"stage": "zz", "page": "999"}, {"kind": "org"}]:
        r = client.get(reverse("ratings:entries", args=[listed.pk]), q); print("entries", q, r.status_code)
    for q in [{"page": "abc"}, {"kind": "zz"}, {"stage": "zz"}, {"org": "ZZ"}]:
        r = client.get(reverse("ratings:decide", args=[listed.pk]), q); print("decide", q, r.status_code)
    r = client.post(reverse("ratings:decide", args=[listed.pk]) + "?org=44.DH.01", {"decided_on": "31/02/2026"}); print("bulk bad date", r.status_code)
    r = client.post(reverse("ratings:decide", args=[listed.pk]) + "?org=44.DH.01", {"decided_on": "20/12/2025", f"level-{e.pk}": "bogus"}); print("bulk bogus level", r.status_code, [x["error"] for x in r.context["rows"] if x["error"]])
    for q in [{"year": "abc"}, {"year": "99999"}, {"page": "-1"}, {"org": "ZZ"}]:
        r = client.get(reverse("ratings:list"), q); print("list", q, r.status_code)
    r = client.post(reverse("ratings:enlist", args=[listed.pk]), {"under": "ZZ", "org_types": ["bogus"]}); show(r, "enlist")
    r = client.post(reverse("ratings:close", args=[listed.pk]), {"closed_on": "31/02/2026"}); show(r, "close")
    r = client.post(reverse("ratings:close", args=[listed.pk]), {"closed_on": "01/12/2025", "force": "on", "reason": "x"}); show(r, "close ok?")
    r = client.post(reverse("ratings:campaign_reopen", args=[listed.pk]), {"reason": ""}); show(r, "reopen empty")
    r = client.post(reverse("ratings:campaign_edit", args=[listed.pk]), {"starts_on": "31/02/2026", "title": "x" * 300}); show(r, "edit")

    # import variants
    def book(rows):
        wb = Workbook(); ws = wb.active
        for row in rows: ws.append(row)
        out = BytesIO(); wb.save(out)
        return SimpleUploadedFile("a.xlsx", out.getvalue())
    client.force_login(commune_officer)
    e2 = steps.entry_of(listed, tree.members["44.DH.01"][1])
    iu = reverse("ratings:self_import", args=[listed.pk])
    for name, rows in {
        "no score col": [["Mã dòng", "Tự xếp loại"], [e2.pk, "HTTNV"]],
        "no cols at all": [["Mã dòng", "x"], [e2.pk, 1]],
        "dup": [["Mã dòng", "Điểm tự chấm", "Tự xếp loại"], [e2.pk, 80, "HTTNV"], [e2.pk, 60, "HTNV"]],
        "scores": [["Mã dòng", "Điểm tự chấm", "Tự xếp loại"], [e2.pk, 100.001, "HTTNV"], [e2.pk, -1, "HTTNV"], [e2.pk, "abc", "HTTNV"], [999999, 80, "HTTNV"], ["abc", 80, "HTTNV"], [e2.pk, True, "HTTNV"]],
        "empty": [["Mã dòng", "Điểm tự chấm", "Tự xếp loại"]],
    }.items():
        r = client.post(iu, {"file": book(rows), "self_on": "05/12/2025"})
        print("import", name, r.status_code, dict(r.context["form"].errors) if r.status_code != 302 else "", [(p.row, p.column, p.message) for p in (r.context["problems"] if r.status_code != 302 else [])])
    for f in [SimpleUploadedFile("a.csv", b"a,b\n1,2"), SimpleUploadedFile("a.xlsx", b""), SimpleUploadedFile("a.xlsx", b"PK\x03\x04garbage")]:
        r = client.post(iu, {"file": f, "self_on": "05/12/2025"}); print("import badfile", r.status_code, dict(r.context["form"].errors))
    r = client.post(iu, {"self_on": "31/02/2026"}); print("import nofile", r.status_code, dict(r.context["form"].errors))
    assert False
