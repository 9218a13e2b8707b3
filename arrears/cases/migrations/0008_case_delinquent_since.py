"""Days past due derived at read time: store the date the debt fell due instead
(arrears.core.dpd). Existing rows: `delinquent_since` = the day their days past due were
computed (planned_on) minus them."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def forwards(apps, schema_editor):
    model = apps.get_model("cases", "Case")
    today = timezone.localdate()
    pairs = model.objects.filter(days_past_due__gt=0).values_list("planned_on", "days_past_due").distinct()
    for asof, dpd in list(pairs):
        since = (asof or today) - timedelta(days=dpd)
        model.objects.filter(days_past_due=dpd, planned_on=asof).update(delinquent_since=since)


def backwards(apps, schema_editor):
    model = apps.get_model("cases", "Case")
    for asof, since in list(
        model.objects.filter(delinquent_since__isnull=False)
        .values_list("planned_on", "delinquent_since")
        .distinct()
    ):
        dpd = max(((asof or timezone.localdate()) - since).days, 0)
        model.objects.filter(delinquent_since=since, planned_on=asof).update(days_past_due=dpd)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_team_screen_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="delinquent_since",
            field=models.DateField(blank=True, null=True, verbose_name="past due since"),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
        migrations.RemoveField(
            model_name="case",
            name="days_past_due",
        ),
    ]
