"""Write operations of the consultation app, one module per area:

- `events`: events, sign-ups, the waiting list, input notes and attendees' personal data;
- `hearings`: hearings, submitting and registering responses, processing and review;
- `hearing_reports`: the hearing report, built by a Celery task;
- `points`: points from every input channel, their disposition, linked changes, the
  publication of the report and the feedback to respondents;
- `hearing_privacy`: retention, and one person's data exported or erased on request.
"""
