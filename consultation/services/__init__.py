"""Write operations of the consultation app, one module per area:

- `hearings`: hearings, submitting and registering responses, processing and review;
- `hearing_reports`: the hearing report, built by a Celery task;
- `hearing_privacy`: retention, and one person's data exported or erased on request.
"""
