"""Mail to the resident who sent a message: the receipt with its code, and
the ward's answer. One place decides the status page's public address and
what a failing mail server leaves in the log."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from cms.hosts import public_root_url

logger = logging.getLogger(__name__)


def status_url(feedback, request=None) -> str:
    """The public address of the message's status page: on its own site,
    else the request's, else the default site."""
    site = feedback.site or (Site.find_for_request(request) if request else None)
    site = site or Site.objects.filter(is_default_site=True).first()
    root = public_root_url(site) if site else "/"
    return root.rstrip("/") + reverse("feedback_status", args=(feedback.code,))


def mail_resident(feedback, subject: str, template: str, context: dict) -> bool:
    """Send `template` to the resident's address. A mail server that fails
    loses nothing (the message and its answer are stored and on the status
    page). The log names the code and the error's class only: its text and
    traceback may hold the address (smtplib's SMTPRecipientsRefused names
    it)."""
    try:
        send_mail(subject, render_to_string(template, context), None, [feedback.email])
    except Exception as error:
        logger.error(
            "cannot e-mail feedback %s (%s)", feedback.code, type(error).__name__
        )
        return False
    return True
