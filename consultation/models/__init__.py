from .events import Event, EventNote, SignUp, SignUpAttempt, SignUpErasure
from .hearings import (
    DataRequestLog,
    Hearing,
    HearingReport,
    HearingResponse,
    ReferenceCounter,
    ResponseAttachment,
    ResponseSimilarityBand,
    SubmissionAttempt,
    Theme,
)
from .points import ConsultedParty, HearingOutcome, Point, PointChange, ResponseFeedback

__all__ = [
    "ConsultedParty",
    "HearingOutcome",
    "Point",
    "PointChange",
    "ResponseFeedback",
    "DataRequestLog",
    "Event",
    "EventNote",
    "Hearing",
    "HearingReport",
    "HearingResponse",
    "ReferenceCounter",
    "ResponseAttachment",
    "ResponseSimilarityBand",
    "SignUp",
    "SignUpAttempt",
    "SignUpErasure",
    "SubmissionAttempt",
    "Theme",
]
