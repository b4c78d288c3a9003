"""Load the rule parameters and legal bases of DOMAIN.md, the holidays of 2020-2035, and make the audit
log append-only in the database itself (a trigger refuses UPDATE; on PostgreSQL also DELETE)."""

from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    from tochuc.core import dates
    from tochuc.core.rules_catalog import LEGAL_BASES, PARAMETERS

    LegalBasis = apps.get_model("core", "LegalBasis")
    RuleParameter = apps.get_model("core", "RuleParameter")
    Holiday = apps.get_model("core", "Holiday")
    bases = {}
    for code, title, issued, effective, _replaced in LEGAL_BASES:
        bases[code], _ = LegalBasis.objects.get_or_create(
            code=code,
            defaults={"title": title, "issued_on": date.fromisoformat(issued) if issued else None,
                      "effective_from": date.fromisoformat(effective) if effective else None},
        )
    for code, *_rest, replaced in LEGAL_BASES:
        if replaced:
            LegalBasis.objects.filter(pk=bases[code].pk).update(replaced_by=bases[replaced])
    for key, label, kind, unit, value, frm, basis, article, confirmed in PARAMETERS:
        RuleParameter.objects.get_or_create(
            key=key, effective_from=date.fromisoformat(frm),
            defaults={"label": label, "kind": kind, "unit": unit, "value": value, "legal_basis": bases[basis],
                      "article": article, "confirmed": confirmed},
        )
    existing = set(Holiday.objects.values_list("day", flat=True))
    Holiday.objects.bulk_create(
        Holiday(day=d, name=name) for y in range(2020, 2036) for d, name in dates.default_holidays(y)
        if d not in existing
    )


def append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Only UPDATE: Django's test flush empties tables with DELETE on SQLite.
        schema_editor.execute(
            "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;"
            "CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent "
            "FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();"
        )


def drop_append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(append_only, drop_append_only),
    ]
