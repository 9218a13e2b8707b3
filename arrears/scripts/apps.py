from django.apps import AppConfig


class ScriptsConfig(AppConfig):
    name = "arrears.scripts"
    label = "scripts"
