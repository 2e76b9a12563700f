"""Sending feedback, reading its status, and "was this page useful?".

Every answer is a page in Vietnamese with the right status: 400 with the
form for bad input, 403 for a missing CSRF token (Django's, our template),
429 over the per-address limit. Name, phone and e-mail are marked sensitive,
so that no error report or log carries them.
"""

import logging

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Site

from cms.hosts import public_root_url

from . import limits, mail
from .forms import FeedbackForm, LookupForm, clean_text, page_for_residents, page_id
from .models import Feedback, PageRating, Topic, normalise_code

logger = logging.getLogger(__name__)

PERSONAL_FIELDS = ("name", "phone", "email")
# A message started from a link (the search page's "Gửi câu hỏi"): this long
# at most; the resident writes the rest.
PREFILL_MAX = 500


def _too_many(request):
    response = render(request, "feedback/too_many.html", status=429)
    response["Retry-After"] = "600"
    return response


def _prefill(request) -> dict:
    """What a link may choose for the resident: the topic (`loai`, one of the
    topics, else ignored) and the start of the message (`noi-dung`, cleaned,
    at most PREFILL_MAX characters)."""
    initial = {}
    topic = request.GET.get("loai", "")
    if topic in Topic.values:
        initial["topic"] = topic
    text = clean_text(request.GET.get("noi-dung", ""))[:PREFILL_MAX].strip()
    if text:
        initial["message"] = text
    return initial


@never_cache
@sensitive_post_parameters(*PERSONAL_FIELDS)
@require_http_methods(["GET", "HEAD", "POST"])
def send(request):
    """`/gop-y/`: the form; a valid message is stored and the resident is
    sent to the page with its reference code."""
    site = Site.find_for_request(request)
    if request.method == "POST":
        if not limits.allow(request, "send"):
            return _too_many(request)
        form = FeedbackForm(request.POST, site=site)
        if form.is_valid():
            feedback = form.save(site)
            logger.info("feedback %s received (%s)", feedback.code, feedback.topic)
            if feedback.email:
                _send_receipt(request, feedback)
            return HttpResponseRedirect(
                reverse("feedback_status", args=(feedback.code,)), status=303
            )
        # The page the box was on stays named above the corrected form.
        about = page_for_residents(request.POST.get("page", ""), site)
        return render(
            request, "feedback/send.html", {"form": form, "about": about}, status=400
        )
    about = page_for_residents(request.GET.get("trang", ""), site)
    form = FeedbackForm(
        initial={"page": about.pk if about else "", **_prefill(request)}, site=site
    )
    return render(request, "feedback/send.html", {"form": form, "about": about})


def _send_receipt(request, feedback) -> None:
    """The code by e-mail (Django's mail framework: the console in dev)."""
    mail.mail_resident(
        feedback,
        _("Phường đã nhận góp ý của bạn, mã %(code)s") % {"code": feedback.code},
        "feedback/email_receipt.txt",
        {"feedback": feedback, "status_url": mail.status_url(feedback, request)},
    )


def _on_its_own_ward(request, feedback):
    """A redirect (302) to the same address, query string and all, on the
    ward the message was sent to, when that is not the request's ward (a
    message of no ward, sent before there were wards, is shown anywhere);
    None when it is shown here."""
    site = feedback.site
    if site is None or site.pk == getattr(Site.find_for_request(request), "pk", None):
        return None
    return HttpResponseRedirect(
        public_root_url(site).rstrip("/") + request.get_full_path()
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def status(request, code):
    """`/gop-y/da-nhan/<code>/`: what became of a message, for whoever holds
    its code: the dates, the status and the ward's answer. Never the
    message's sender or their contact details. Shown under its own ward's
    name: another ward's address sends the resident there."""
    if not limits.allow(request, "lookup"):
        return _too_many(request)
    feedback = get_object_or_404(
        Feedback.objects.select_related("site"), code=normalise_code(code) or "-"
    )
    if elsewhere := _on_its_own_ward(request, feedback):
        return elsewhere
    return render(
        request,
        "feedback/status.html",
        {"feedback": feedback, "answer": feedback.latest_answer()},
    )


@require_http_methods(["GET", "HEAD"])
def lookup(request):
    """`/gop-y/tra-cuu/?ma=…`: a code typed in any spelling leads to its page,
    on the ward the message was sent to."""
    form = LookupForm(request.GET or None)
    if form.is_valid():
        code = normalise_code(form.cleaned_data["ma"])
        if code:
            feedback = Feedback.objects.select_related("site").filter(code=code)
            feedback = feedback.first()
            if feedback and (elsewhere := _on_its_own_ward(request, feedback)):
                return elsewhere
            return HttpResponseRedirect(reverse("feedback_status", args=(code,)))
        form.add_error("ma", _("Mã tra cứu có dạng GY-XXXX-XXXX, ví dụ GY-7K3Q-9MZA."))
    status_code = 400 if form.is_bound else 200
    return render(request, "feedback/lookup.html", {"form": form}, status=status_code)


@csrf_exempt  # no cookie for a yes/no: counted per page, nobody is tracked
@require_POST
def rate(request):
    """“Trang này có hữu ích không?”: one count, then back to the page."""
    pk = page_id(request.POST.get("page", ""))
    value = request.POST.get("huu_ich", "")
    if pk is None or value not in ("co", "khong"):
        return render(request, "feedback/rated.html", {"page": None}, status=400)
    # Only a page of the ward the vote is sent to (another ward's is not
    # found here): the redirect stays on this ward's address.
    page = page_for_residents(pk, Site.find_for_request(request))
    if page is None:
        raise Http404
    if limits.allow(request, "rate"):
        PageRating.count(page, useful=value == "co")
    url = page.get_url(request)
    return HttpResponseRedirect(f"{url}?da-danh-gia={value}#huu-ich", status=303)
