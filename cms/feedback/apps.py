from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Residents talk back: questions, feedback and complaints, and the
    answers the ward publishes (góp ý, phản ánh – kiến nghị, hỏi đáp)."""

    name = "cms.feedback"
    label = "feedback"
    verbose_name = "Góp ý, hỏi đáp"
