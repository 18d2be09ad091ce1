"""Write operations of the consultation app, one module per area:

- `events`: events, sign-ups, the waiting list, input notes and attendees' personal data.
"""
