"""The public and sign-in pages in a real browser."""

from __future__ import annotations

from tests.e2e.conftest import axe_violations, sign_in


def test_login_page_on_a_phone_is_ukrainian_and_accessible(phone, screenshots):
    phone.goto("/login")
    assert phone.locator("h1").inner_text() == "Увійти"
    assert axe_violations(phone) == []
    phone.screenshot(path=str(screenshots / "login-360.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_wrong_password_stays_on_the_form(phone):
    phone.goto("/login")
    phone.fill("#email", "staff@brovary.demo")
    phone.fill("#password", "not-the-password")
    phone.click("form[action='/login'] button[type=submit]")
    assert "Неправильна електронна пошта або пароль." in phone.content()


def test_sign_in_returns_to_the_page_asked_for(desktop):
    desktop.goto("/requests")
    assert "/login" in desktop.url
    sign_in(desktop, "coordinator", "/requests")
    assert desktop.url.endswith("/requests")
