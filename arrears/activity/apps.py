from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "arrears.activity"
    label = "activity"
    verbose_name = "Activity (evidence)"
