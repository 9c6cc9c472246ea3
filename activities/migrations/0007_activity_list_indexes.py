"""Indexes for the activity lists at scale (see docs/performance.md).

- activity_running_idx: the few activities with an end date not yet past, so that "what's
  coming" starts reading the start date's index at the earliest of them, not at the oldest row.
- activity_topic_activity_idx, activity_group_activity_idx: each topic's (each group's)
  activities in one index, read only as far as needed: "is this topic used by a published
  activity?" stops at the first one, where the topic-only index built a bitmap of all of them.
  The link tables are made by Django for the many-to-many fields, so these are written in SQL
  (the same on PostgreSQL and SQLite).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_image_variants"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("end_date__isnull", False)),
                fields=["end_date", "start_date"],
                name="activity_running_idx",
            ),
        ),
        migrations.RunSQL(
            "CREATE INDEX activity_topic_activity_idx "
            "ON activities_activity_topics (topic_id, activity_id)",
            reverse_sql="DROP INDEX activity_topic_activity_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX activity_group_activity_idx "
            "ON activities_activity_groups (communitygroup_id, activity_id)",
            reverse_sql="DROP INDEX activity_group_activity_idx",
        ),
    ]
