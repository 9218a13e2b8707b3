from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "arrears.messaging"
    verbose_name = "Messaging"
