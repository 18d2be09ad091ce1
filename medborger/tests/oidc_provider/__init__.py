"""A small OpenID Connect provider (django-oauth-toolkit) that the SSO browser test starts in a
process of its own, with its own SQLite database and an RSA key made for the run.

`control.py` sets it up and changes it from the test (users, their groups, expiring codes);
`settings.py` reads the port, database and key from the environment the test gives.
"""
