"""The feed's entries are written by hand (fast); icalendar must read them back exactly."""

import datetime
import zoneinfo

import icalendar

from medborger.calendar import calendar_event
from medborger.hooks import CalendarEvent

STAMP = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC)
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
ENTRIES = [
    CalendarEvent(uid="milestone-1@medborger", title="HovedMED", start=datetime.date(2027, 3, 1)),
    CalendarEvent(
        uid="task-7@medborger",
        title='Borgermøde; kaffe, kage \\ og "citater"',
        start=datetime.datetime(2027, 3, 28, 10, 30, tzinfo=COPENHAGEN),
        end=datetime.datetime(2027, 3, 28, 12, 0, tzinfo=COPENHAGEN),
        description="Første linje\nAnden linje, med komma; og semikolon\r\nTredje " + "æøå" * 60,
        location="Ishøj Rådhus, Ishøj Store Torv 20",
        url="https://medborger.ishoj.dk/politik/proces/a,b/?x=1&y=2",
    ),
    CalendarEvent(
        uid="hearing-3@medborger",
        title="Høring " + "🎉" * 40,
        start=datetime.date(2027, 4, 1),
        end=datetime.date(2027, 4, 30),
    ),
]


def parse(entries):
    body = b"".join(calendar_event(entry, stamp=STAMP) for entry in entries)
    text = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\n" + body + b"END:VCALENDAR\r\n"
    return text, icalendar.Calendar.from_ical(text).walk("VEVENT")


def test_icalendar_reads_every_property_back_exactly():
    _text, events = parse(ENTRIES)
    assert len(events) == len(ENTRIES)
    for entry, event in zip(ENTRIES, events, strict=True):
        assert str(event["UID"]) == entry.uid
        assert str(event["SUMMARY"]) == entry.title
        assert event.decoded("DTSTAMP") == STAMP
        assert event.decoded("DTSTART") == entry.start
        if entry.end:
            assert event.decoded("DTEND") == entry.end
        else:
            assert "DTEND" not in event
        assert str(event.get("DESCRIPTION", "")) == entry.description.replace("\r\n", "\n")
        assert str(event.get("LOCATION", "")) == entry.location
        assert str(event.get("URL", "")) == entry.url


def test_lines_are_folded_at_75_octets_without_splitting_a_character():
    text, _events = parse(ENTRIES)
    lines = text.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert sum(1 for line in lines if line.startswith(b" ")) > 5
    for line in lines:
        line.decode()  # each physical line is whole UTF-8
