"""When the mail server cannot be reached, the public forms still answer clearly (never a 500)
and nothing a reader sent is lost."""

import smtplib

import pytest
from django.urls import reverse

from newsletters.models import Question, Subscriber
from tests.html import text

pytestmark = pytest.mark.django_db


class DownBackend:
    """An e-mail backend whose server never answers."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, b"Service not available")


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = "tests.newsletters.test_mail_server_down.DownBackend"


def test_subscribing_says_the_email_could_not_be_sent(client, working_together, mail_down):
    response = client.post(
        reverse("newsletters:subscribe"),
        {"email": "reader@example.org", "name": "Sam", "newsletters": [working_together.pk]},
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "600"
    assert "We could not send the e-mail just now" in text(response)
    assert "you are not subscribed yet" in text(response)
    assert not Subscriber.objects.exists()


def test_a_question_is_kept_when_the_editors_cannot_be_told(client, working_together, mail_down):
    response = client.post(
        reverse("newsletters:ask", args=[working_together.slug]),
        {"question": "When is the next meeting?"},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.question == "When is the next meeting?"
    assert question.editors_notified_at is None
