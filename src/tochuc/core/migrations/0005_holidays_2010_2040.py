"""Widen the generated holiday table to 2010-2040: working-day deadlines of older records need it too."""

from django.db import migrations


def load(apps, schema_editor):
    from tochuc.core import dates

    Holiday = apps.get_model("core", "Holiday")
    existing = set(Holiday.objects.values_list("day", flat=True))
    Holiday.objects.bulk_create(
        Holiday(day=d, name=name)
        for y in [*range(2010, 2020), *range(2036, 2041)]
        for d, name in dates.default_holidays(y)
        if d not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_rules_before_294")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
