"""Residents' feedback and the ward's public answers (`/gop-y/`, `/hoi-dap/`).

- `models`: a resident's message (`Feedback`) and what staff did with it
  (`FeedbackEvent`), the published answers (`AnswerPage` under
  `QuestionIndexPage`) and the "was this page useful?" counts (`PageRating`).
- `forms`, `views`, `limits`: sending, with CSRF, a honeypot, length limits
  and a per-address limit shared by every worker (Django's cache).
- `workdays`: due dates in working days.
"""
