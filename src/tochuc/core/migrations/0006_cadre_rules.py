"""Load the rule parameters of cadre work (planning, the collective's vote, title requirements) into a rule
table that earlier migrations filled: any catalog key with no version yet gets its first one."""

from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    from tochuc.core.rules_catalog import PARAMETERS

    LegalBasis = apps.get_model("core", "LegalBasis")
    RuleParameter = apps.get_model("core", "RuleParameter")
    known = set(RuleParameter.objects.values_list("key", flat=True))
    for key, label, kind, unit, value, frm, basis, article, confirmed in PARAMETERS:
        if key in known:
            continue
        RuleParameter.objects.create(
            key=key, label=label, kind=kind, unit=unit, value=value, effective_from=date.fromisoformat(frm),
            legal_basis=LegalBasis.objects.get(code=basis), article=article, confirmed=confirmed,
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_holidays_2010_2040")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
