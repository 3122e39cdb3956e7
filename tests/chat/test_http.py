"""Chat over HTTP: start, resume, transcript by e-mail, survey, callback, opening hours."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from helpline.chat import actions
from helpline.chat.models import CallbackRequest, Conversation, Holiday, SenderType, SurveyResponse
from helpline.chat.queries import chat_is_open
from tests.conftest import body_of


def post(client: Client, path: str, data: dict, **headers):
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def test_a_visitor_starts_a_chat_and_gets_a_token_only_once(db):
    response = post(Client(), "/api/chat/start", {"language": "es", "caller_type": "family"})
    assert response.status_code == 201
    data = response.json()
    conversation = Conversation.objects.get(public_id=data["conversation"])
    assert conversation.language == "es" and conversation.caller_type == "family"
    assert conversation.token_matches(data["token"])
    assert data["token"] not in conversation.token_hash
    assert data["websocket"].startswith(f"/ws/chat/{data['conversation']}/?token=")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"language": "fr"}, "English or Spanish"),
        ({"language": "en", "caller_type": "alien"}, "who you are"),
    ],
)
def test_starting_with_bad_choices_is_refused_with_a_message(db, body, message):
    response = post(Client(), "/api/chat/start", body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Conversation.objects.exists()


def test_opening_too_many_chats_from_one_address_is_limited(db, settings):
    settings.HELPLINE_CHAT_OPENS_PER_HOUR = 3
    from django.core.cache import cache

    cache.clear()
    client = Client()
    codes = [post(client, "/api/chat/start", {"language": "en"}).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert Conversation.objects.count() == 3
    cache.clear()


def test_a_visitor_resumes_over_http_with_the_token(opened):
    for i in range(3):
        actions.do_send_message(opened.conversation, sender_type=SenderType.VISITOR, body=f"m{i}")
    url = f"/api/chat/{opened.conversation.public_id.hex}/messages?after=1"
    ok = Client().get(url, HTTP_X_CHAT_TOKEN=opened.token)
    assert [m["body"] for m in ok.json()["messages"]] == ["m1", "m2"]
    assert Client().get(url, HTTP_X_CHAT_TOKEN="wrong").status_code == 404
    assert (
        Client().get(url.replace("after=1", "after=x"), HTTP_X_CHAT_TOKEN=opened.token).status_code
        == 400
    )


def test_the_transcript_goes_out_by_e_mail_without_keeping_the_address(
    opened, smtp_server, django_capture_on_commit_callbacks
):
    actions.do_send_message(
        opened.conversation, sender_type=SenderType.VISITOR, body="Where does it spread?"
    )
    url = f"/api/chat/{opened.conversation.public_id.hex}/transcript"
    assert post(Client(), url, {"email": "nope"}, HTTP_X_CHAT_TOKEN=opened.token).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = post(Client(), url, {"email": "ana@example.org"}, HTTP_X_CHAT_TOKEN=opened.token)
    assert response.status_code == 200
    [message] = smtp_server.wait_for(1)
    assert "Where does it spread?" in body_of(message)
    assert "ana@example.org" not in json.dumps(list(Conversation.objects.values()), default=str)


def test_the_survey_is_taken_after_the_chat(opened):
    url = f"/api/chat/{opened.conversation.public_id.hex}/survey"
    assert post(Client(), url, {"rating": 5}, HTTP_X_CHAT_TOKEN=opened.token).status_code == 400
    actions.do_end_conversation(opened.conversation)
    assert post(Client(), url, {"rating": 9}, HTTP_X_CHAT_TOKEN=opened.token).status_code == 400
    response = post(
        Client(), url, {"rating": 4, "comment": "Thank you"}, HTTP_X_CHAT_TOKEN=opened.token
    )
    assert response.status_code == 200
    assert SurveyResponse.objects.get().rating == 4


def test_a_callback_request_lands_for_the_specialists(db):
    response = post(
        Client(),
        "/api/chat/callback",
        {"language": "es", "method": "email", "contact": "a@b.org", "message": "Llámenme mañana"},
    )
    assert response.status_code == 201
    assert CallbackRequest.objects.get().message == "Llámenme mañana"
    bad = post(Client(), "/api/chat/callback", {"method": "fax", "contact": "x", "message": "hi"})
    assert bad.status_code == 400 and "phone or e-mail" in bad.json()["error"]


def test_chat_is_closed_outside_its_hours_and_on_holidays(db, settings):
    settings.HELPLINE_CHAT_HOURS = "mon-fri 09:00-17:00"
    settings.TIME_ZONE = "America/New_York"
    wednesday_noon = datetime.datetime(2026, 11, 25, 17, 0, tzinfo=datetime.UTC)
    saturday_noon = datetime.datetime(2026, 11, 28, 17, 0, tzinfo=datetime.UTC)
    assert chat_is_open(wednesday_noon)
    assert not chat_is_open(saturday_noon)
    Holiday.objects.create(date=timezone.localdate(wednesday_noon), name="Staff day")
    assert not chat_is_open(wednesday_noon)


def test_the_embedded_widget_may_call_the_api_from_a_configured_site_only(db, settings):
    settings.HELPLINE_WIDGET_ORIGINS = ["https://partner.example.org"]
    client = Client()
    preflight = client.options("/api/chat/start", HTTP_ORIGIN="https://partner.example.org")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://partner.example.org"
    assert "X-Chat-Token" in preflight["Access-Control-Allow-Headers"]
    response = post(
        client, "/api/chat/start", {"language": "en"}, HTTP_ORIGIN="https://partner.example.org"
    )
    assert response["Access-Control-Allow-Origin"] == "https://partner.example.org"
    other = post(
        client, "/api/chat/start", {"language": "en"}, HTTP_ORIGIN="https://evil.example.com"
    )
    assert "Access-Control-Allow-Origin" not in other
    assert (
        client.options("/api/chat/start", HTTP_ORIGIN="https://evil.example.com").status_code == 403
    )


def test_each_channel_has_its_own_hours_and_holidays(db, settings):
    from helpline.chat.models import Channel
    from helpline.chat.queries import channel_is_open, phone_hours

    settings.HELPLINE_CHAT_HOURS = "mon-fri 09:00-17:00"
    settings.HELPLINE_PHONE_HOURS = "mon-sun 00:00-24:00"
    settings.TIME_ZONE = "America/New_York"
    saturday_night = datetime.datetime(2026, 11, 29, 3, 0, tzinfo=datetime.UTC)
    assert channel_is_open(Channel.PHONE, saturday_night)
    assert not channel_is_open(Channel.CHAT, saturday_night)
    assert phone_hours().always
    Holiday.objects.create(
        date=timezone.localdate(saturday_night), name="Maintenance", channel=Channel.PHONE
    )
    assert not channel_is_open(Channel.PHONE, saturday_night)
    settings.HELPLINE_PHONE_HOURS = "mon-fri 08:00-20:00; sat 10:00-14:00"
    assert not phone_hours().always
    assert phone_hours().short == "Monday to Friday, 08:00 to 20:00; Saturday, 10:00 to 14:00"
