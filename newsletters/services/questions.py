"""Readers' questions to a newsletter's editors."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Newsletter, Question
from oig_site.core.links import absolute_url
from oig_site.core.text import one_line

logger = logging.getLogger(__name__)


def question_submit(*, newsletter: Newsletter, name: str, email: str, question: str) -> Question:
    """Store the question first (it is never lost), then tell the editors by e-mail."""
    stored = Question.objects.create(
        newsletter=newsletter, name=name.strip(), email=email.strip(), question=question.strip()
    )
    context = {
        "question": stored,
        "admin_url": absolute_url(reverse("admin:newsletters_question_change", args=[stored.pk])),
        "site_name": settings.SITE_NAME,
    }
    try:
        EmailMultiAlternatives(
            subject=one_line(f"New question for {newsletter.name}"),
            body=render_to_string("newsletters/email/question.txt", context),
            to=[newsletter.notification_address],
            reply_to=[stored.email] if stored.email else None,
        ).send()
    except Exception:  # noqa: BLE001 - the question is stored; the editors see it in the admin
        logger.exception("Could not e-mail the editors about question %s", stored.pk)
    else:
        stored.editors_notified_at = timezone.now()
        stored.save(update_fields=["editors_notified_at"])
    return stored
