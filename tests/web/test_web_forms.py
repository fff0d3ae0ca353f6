"""The page form toolkit: repeated fields (checkboxes, rows) reach the route in full."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tracker.web.forms import FormData, FormLists


def test_repeated_fields_keep_every_value_in_order() -> None:
    app = FastAPI()

    @app.post("/echo")
    async def echo(lists: FormLists, single: FormData) -> dict:
        return {"lists": lists, "single": single}

    client = TestClient(app)
    body = "line=3&line=1&line=2&note=a&empty="
    answer = client.post(
        "/echo", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    ).json()
    assert answer["lists"] == {"line": ["3", "1", "2"], "note": ["a"], "empty": [""]}
    # FormData keeps one value per name, which is why repeated fields need FormLists.
    assert answer["single"]["note"] == "a"
    assert answer["single"]["line"] in {"3", "2"}
