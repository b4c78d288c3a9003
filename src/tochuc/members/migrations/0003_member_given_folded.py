from django.db import migrations, models


def fill_given_folded(apps, schema_editor):
    """The last word of the folded name, for the members entered before the column existed."""
    Member = apps.get_model("members", "Member")
    batch = []
    for m in Member.objects.only("pk", "name_folded").iterator(chunk_size=2000):
        words = m.name_folded.split()
        m.given_folded = words[-1][:60] if words else ""
        batch.append(m)
        if len(batch) == 2000:
            Member.objects.bulk_update(batch, ["given_folded"])
            batch = []
    if batch:
        Member.objects.bulk_update(batch, ["given_folded"])


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0002_dossier_and_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="given_folded",
            field=models.CharField(db_index=True, default="", editable=False, max_length=60),
        ),
        migrations.RunPython(fill_given_folded, migrations.RunPython.noop),
    ]
