"""Service errors in the reader's language: pages translate them, the JSON API keeps English."""

from __future__ import annotations

import pytest

from tests.helpers import Flow, sign_in
from tests.helpers import csrf_of as _csrf
from tracker.errors import N_, Conflict, DomainError, Invalid, NotFound

UK = {"Accept-Language": "uk"}
EN = {"Accept-Language": "en"}


# The message itself ------------------------------------------------------------------------


def test_detail_is_the_english_template_filled_in():
    exc = Conflict(
        N_("Request %(request)s needs only %(missing)s %(unit)s more."),
        request=12,
        missing=3,
        unit="pcs",
    )
    assert exc.detail == "Request 12 needs only 3 pcs more."
    assert str(exc) == exc.detail and exc.status_code == 409
    assert exc.params == {"request": 12, "missing": 3, "unit": "pcs"}


def test_a_message_without_params_is_kept_as_it_is_even_with_a_percent_sign():
    assert NotFound("Wrong e-mail or password.").detail == "Wrong e-mail or password."
    plain = DomainError("Only 100% of a pledge can be allocated.")
    assert plain.detail == "Only 100% of a pledge can be allocated."
    assert plain.translated(lambda text: text) == plain.detail


def test_a_literal_percent_beside_params_is_written_twice():
    exc = Conflict(N_("%(share)s%% of request %(request)s is covered."), share=40, request=7)
    assert exc.detail == "40% of request 7 is covered."


def test_list_params_read_as_a_comma_separated_list():
    exc = Invalid(
        N_("Allocation(s) %(allocations)s do not exist."), "allocation_ids", allocations=[3, 5]
    )
    assert exc.detail == "Allocation(s) 3, 5 do not exist."
    assert exc.field == "allocation_ids"
    assert Invalid("Give the currency.", "currency").field == "currency"


def test_translated_uses_the_catalogue_and_words_the_vocabulary():
    catalogue = {
        "Request %(request)s is %(request_status)s.": "Запит №%(request)s: %(request_status)s."
    }
    exc = Conflict(
        N_("Request %(request)s is %(request_status)s."), request=4, request_status="cancelled"
    )
    words = {"cancelled": "скасовано"}

    def vocabulary(name: str, value: object) -> object:
        return words.get(value, value) if name == "request_status" else value  # type: ignore[call-overload]

    assert exc.translated(lambda t: catalogue.get(t, t)) == "Запит №4: cancelled."
    assert exc.translated(lambda t: catalogue.get(t, t), vocabulary) == "Запит №4: скасовано."
    assert exc.detail == "Request 4 is cancelled."


def test_a_broken_translation_falls_back_to_english():
    exc = NotFound(N_("Pledge %(pledge)s does not exist."), pledge=9)
    assert exc.translated(lambda _t: "Пропозиції №%(pledg)s не існує.") == exc.detail


# Pages and the API -------------------------------------------------------------------------


def _over_allocation(client, world, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    """Brovary needs 5 generators; the coordinator tries to allocate 6 from Jena's pledge."""
    flow = Flow(client, world)
    request = flow.request(quantity=5)
    pledge = flow.pledge(quantity=8)
    sign_in(client, "olena@auc.org.ua", "/matching")
    page = client.get(f"/matching?request_id={request['id']}", headers=headers)
    response = client.post(
        "/matching/allocate",
        data={
            "csrf_token": _csrf(page.text),
            "request_id": request["id"],
            "pledge_id": pledge["id"],
            "quantity": "6",
        },
        headers=headers | {"HX-Request": "true"},
    )
    return flow, request, response


def test_over_allocation_is_explained_in_ukrainian(client, world):
    flow, request, response = _over_allocation(client, world, UK)
    assert response.status_code == 409
    expected = f"Для запиту №{request['id']} потрібно ще лише 5 шт. (уже розподілено 0 з 5)."
    assert expected in response.text
    assert "needs only" not in response.text
    assert flow.get(f"/api/v1/requests/{request['id']}")["quantity_allocated"] == 0


def test_over_allocation_is_explained_in_english(client, world):
    _, request, response = _over_allocation(client, world, EN)
    assert response.status_code == 409
    expected = f"Request {request['id']} needs only 5 pcs more (0 of 5 already allocated)."
    assert expected in response.text


def test_withdrawing_an_all_allocated_pledge_is_refused_in_ukrainian(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=5)
    pledge = flow.pledge(quantity=5)
    flow.allocate(request["id"], pledge["id"], 5)
    sign_in(client, "ukraine-hilfe@jena.de", f"/pledges/{pledge['id']}")
    page = client.get(f"/pledges/{pledge['id']}", headers=UK)
    response = client.post(
        f"/pledges/{pledge['id']}/withdraw", data={"csrf_token": _csrf(page.text)}, headers=UK
    )
    assert response.status_code == 409
    assert "У цій пропозиції нічого не залишилося для відкликання" in response.text
    assert "Nothing of this pledge" not in response.text


def test_a_status_in_a_message_is_a_word_of_the_page(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=2)
    sign_in(client, "olena@auc.org.ua", f"/requests/{request['id']}")
    confirm = client.get(f"/requests/{request['id']}/cancel", headers=UK)
    token = _csrf(confirm.text)
    first = client.post(f"/requests/{request['id']}/cancel", data={"csrf_token": token})
    assert first.status_code in (200, 303)
    again = client.post(f"/requests/{request['id']}/cancel", data={"csrf_token": token}, headers=UK)
    assert again.status_code == 409
    assert "Цей запит уже має статус «скасовано»; скасувати його неможливо." in again.text


@pytest.mark.parametrize(
    ("headers", "expected"),
    [(UK, "Пропозиції №987654 не існує."), (EN, "Pledge 987654 does not exist.")],
)
def test_the_not_found_page_speaks_the_readers_language(client, world, headers, expected):
    sign_in(client, "olena@auc.org.ua", "/")
    response = client.get("/pledges/987654", headers=headers)
    assert response.status_code == 404
    assert expected in response.text
    assert 'role="alert"' in response.text


def test_a_forbidden_page_is_in_ukrainian(client, world):
    sign_in(client, "ukraine-hilfe@jena.de", "/")
    response = client.get("/matching", headers=UK)
    assert response.status_code == 403
    assert "Дошкою підбору можуть користуватися лише координатори" in response.text


def test_the_api_keeps_the_english_detail(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=5)
    pledge = flow.pledge(quantity=8)
    response = client.post(
        "/api/v1/allocations",
        json={"request_id": request["id"], "pledge_id": pledge["id"], "quantity": 6},
        headers=world.h("coordinator") | UK,
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Request {request['id']} needs only 5 pcs more (0 of 5 already allocated)."
    }
    missing = client.get("/api/v1/pledges/987654", headers=world.h("jena") | UK)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Pledge 987654 does not exist."}


# Errors no service explained: unknown address, wrong method, a failure on our side ----------

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("uk", "Не знайдено", "За цією адресою сторінки немає."),
        ("en", "Not found", "There is no page at this address."),
        ("de", "Nicht gefunden", "Unter dieser Adresse gibt es keine Seite."),
        ("sv", "Hittades inte", "Det finns ingen sida på den här adressen."),
    ],
)
def test_an_unknown_address_is_a_page_in_the_readers_language(client, world, lang, title, text):
    response = client.get("/no/such/page", headers=BROWSER | {"Accept-Language": lang})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text
    assert title in response.text and text in response.text


def test_the_api_and_non_browsers_keep_json(client, world):
    api = client.get("/api/v1/no-such-thing", headers=BROWSER)
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    plain = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert plain.status_code == 404 and plain.json() == {"detail": "Not Found"}


def test_a_wrong_method_is_a_page_too(client, world):
    response = client.put("/login", headers=BROWSER | {"Accept-Language": "de"})
    assert response.status_code == 405
    assert "So nicht möglich" in response.text and "allow" in response.headers


def test_a_failure_on_our_side_is_a_page_for_browsers_and_json_for_the_api(app, client, world):
    def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/broken-page", broken)
    app.add_api_route("/api/v1/broken", broken)
    page = client.get("/broken-page", headers=BROWSER | {"Accept-Language": "sv"})
    assert page.status_code == 500
    assert (
        "Något gick fel hos oss. Kontrollera om ändringen sparades" in page.text
        and "boom" not in page.text
    )
    api = client.get("/api/v1/broken", headers=BROWSER)
    assert api.status_code == 500
    assert api.json() == {
        "detail": "Something went wrong on our side. "
        "Check whether the change was saved before repeating it."
    }
