"""Load the commendation rules (DOMAIN.md §10) and their legal basis into a rule table that earlier migrations
filled: any catalog legal basis or key with no row yet gets its first one."""

from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    from tochuc.core.rules_catalog import LEGAL_BASES, PARAMETERS

    LegalBasis = apps.get_model("core", "LegalBasis")
    RuleParameter = apps.get_model("core", "RuleParameter")
    for code, title, issued, effective, _replaced in LEGAL_BASES:
        LegalBasis.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "issued_on": date.fromisoformat(issued) if issued else None,
                "effective_from": date.fromisoformat(effective) if effective else None,
            },
        )
    known = set(RuleParameter.objects.values_list("key", flat=True))
    for key, label, kind, unit, value, frm, basis, article, confirmed in PARAMETERS:
        if key in known:
            continue
        RuleParameter.objects.create(
            key=key, label=label, kind=kind, unit=unit, value=value, effective_from=date.fromisoformat(frm),
            legal_basis=LegalBasis.objects.get(code=basis), article=article, confirmed=confirmed,
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0006_cadre_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
