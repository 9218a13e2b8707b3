from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "arrears.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from arrears.core.middleware import IdleSessionMiddleware

        def start_idle_clock(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            # Written with the sign-in's own session save, so the first pages after it
            # do not each write the session again.
            if request is not None and hasattr(request, "session"):
                IdleSessionMiddleware.mark_seen(request)

        # weak=False: the receiver is a local function, kept alive only by the signal.
        user_logged_in.connect(start_idle_clock, weak=False, dispatch_uid="arrears-idle-clock")
