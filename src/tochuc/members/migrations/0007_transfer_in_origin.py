"""A transfer in now names its origin (`other_org`), as the letter's transfer out names its destination, so that
a report counts a transfer in a subtree only when its other end lies outside it. The transfers in recorded
before get their origin from the transfer out they answer: the member's latest one up to that day, whose
destination is the org that received them."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    MemberEvent = apps.get_model("members", "MemberEvent")
    letters = MemberEvent.objects.filter(
        member_id=OuterRef("member_id"),
        kind="transfer_out",
        other_org_id=OuterRef("org_id"),
        on__lte=OuterRef("on"),
    ).order_by("-on", "-id")
    MemberEvent.objects.filter(kind="transfer_in", other_org__isnull=True).update(
        other_org_id=Subquery(letters.values("org_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0006_fewer_write_indexes")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
