"""Residents' feedback and the ward's public answers (`/gop-y/`, `/hoi-dap/`).

- `models`: a resident's message (`Feedback`) and what staff did with it
  (`FeedbackEvent`), the published answers (`AnswerPage` under
  `QuestionIndexPage`) and the "was this page useful?" counts (`PageRating`).
- `forms`, `views`, `limits`: sending, with CSRF, a honeypot, length limits
  and a per-address limit shared by every worker (Django's cache).
- `workdays`: due dates in working days.
- Staff side: `handling` (assign, status, due date, notes, answers, the
  Hỏi đáp draft; each a `FeedbackEvent`), `admin_views` and `wagtail_hooks`
  (the inbox "Góp ý của người dân", reports "Thống kê góp ý" and "Đánh giá
  trang"), `panels` (dashboard), `figures` (monthly figures, also
  `manage.py feedback_report`), `retention` (`manage.py
  erase_feedback_personal_data`, every minute in `make run`).
"""
