"""The header fits a 1280-pixel screen for every role, in both languages: the navigation
wraps onto a second line rather than pushing the sign-out button off the screen."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_header_fits_a_laptop_screen_for_every_role(new_page):
    call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
    for user in ("admin", "manager", "lead", "compliance"):
        page = new_page("en-US")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto("/login/")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", f"{user}-demo")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=whoami]")
        for language in ("en", "zh-hans"):
            page.select_option("[data-testid=language-switcher] select", language)
            page.wait_for_selector(f"html[lang={language}]")
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280, (user, language)
            box = page.get_by_role(
                "button", name="Sign out" if language == "en" else "退出登录"
            ).bounding_box()
            assert box is not None and box["x"] + box["width"] <= 1280, (user, language)
            # Each link on one line: "My queue" is not broken in two.
            link = page.locator("header.top nav a").first.bounding_box()
            assert link is not None and link["height"] < 30, (user, language)
