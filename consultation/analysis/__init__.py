"""First reading of a hearing's responses on the municipality's own server: suggestions only.

`engine.analyse` is pure Python over plain data (no Django, no network, no model downloaded at
run time): which sections a response is about, campaigns, themes, flags, language and extractive
summaries. `consultation.services.analysis` feeds it from the database and stores what it
suggests beside, never over, what staff decided.
"""
