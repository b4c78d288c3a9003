"""Give every rule that 294-QĐ/TW carried over an earlier version (29-QĐ/TW from 25/7/2016 until 1/7/2025),
so that past events are judged by the rules of their day (see rules_catalog.EARLIER_FROM)."""

from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    from tochuc.core.rules_catalog import EARLIER_CONFIRMED, EARLIER_FROM, PARAMETERS

    LegalBasis = apps.get_model("core", "LegalBasis")
    RuleParameter = apps.get_model("core", "RuleParameter")
    old = LegalBasis.objects.get(code="29-QĐ/TW")
    start, switch = date.fromisoformat(EARLIER_FROM), date(2025, 7, 1)
    for key, label, kind, unit, value, frm, _basis, _article, _confirmed in PARAMETERS:
        if date.fromisoformat(frm) != switch or RuleParameter.objects.filter(key=key, effective_from=start).exists():
            continue
        RuleParameter.objects.create(
            key=key, label=label, kind=kind, unit=unit, value=value, effective_from=start, effective_to=switch,
            legal_basis=old, article="(các quy định 29, 24, 232-QĐ/TW)", confirmed=key in EARLIER_CONFIRMED,
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_actor_protect")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
