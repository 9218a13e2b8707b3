from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "arrears.strategy"
    label = "strategy"
