from django import template
from wagtail.models import Site

from ..forms import FeedbackForm
from ..models import AnswerPage

register = template.Library()


def _live(page):
    """The page when it is a saved, live one (not a preview of a draft)."""
    return page if page is not None and page.pk and page.live else None


@register.inclusion_tag("feedback/page_box.html", takes_context=True)
def feedback_box(context, page=None):
    """Under a directive, notice, procedure or the broadcast programme: the
    published answers about it and a “Góp ý về trang này” form."""
    request = context.get("request")
    source = request.path if request is not None else ""
    live_page = _live(page)
    form = FeedbackForm(
        initial={"page": live_page.pk if live_page else "", "source": source},
        site=Site.find_for_request(request) if request is not None else None,
    )
    answers = AnswerPage.objects.about(live_page)[:5] if live_page else []
    return {
        "form": form,
        "about": live_page,
        "answers": answers,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("feedback/helpful.html", takes_context=True)
def helpful_box(context, page):
    """“Trang này có hữu ích không?” on a live page (not in a preview)."""
    request = context.get("request")
    answered = request.GET.get("da-danh-gia", "") if request is not None else ""
    return {
        "page": _live(page),
        "answered": answered if answered in ("co", "khong") else "",
    }
