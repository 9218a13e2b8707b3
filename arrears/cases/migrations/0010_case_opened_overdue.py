# The overdue amount each case opened at, kept on the case for the vintages (which read
# it from every case-opened event's facts before), filled in from those events.

from django.db import migrations, models

FILL_POSTGRESQL = """
UPDATE cases_case c SET opened_overdue = CAST(e.data ->> 'overdue' AS numeric(18, 2))
FROM activity_event e
WHERE e.case_id = c.id AND e.kind = 'case_opened' AND e.data ->> 'overdue' IS NOT NULL
"""

FILL_SQLITE = """
UPDATE cases_case SET opened_overdue = (
    SELECT CAST(json_extract(e.data, '$.overdue') AS TEXT) FROM activity_event e
    WHERE e.case_id = cases_case.id AND e.kind = 'case_opened'
    AND json_extract(e.data, '$.overdue') IS NOT NULL ORDER BY e.seq LIMIT 1
)
WHERE id IN (SELECT case_id FROM activity_event WHERE kind = 'case_opened')
"""


def fill(apps, schema_editor):
    sql = FILL_POSTGRESQL if schema_editor.connection.vendor == "postgresql" else FILL_SQLITE
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_indexes_led_by_composites"),
        ("activity", "0008_indexes_led_by_composites"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="opened_overdue",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=18, null=True, verbose_name="overdue at opening"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
