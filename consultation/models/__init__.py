from .analysis import HearingAnalysis, ResponseAnalysis, SectionFeedback
from .events import Event, EventNote, SignUp, SignUpErasure
from .hearings import (
    DataRequestLog,
    Hearing,
    HearingReport,
    HearingResponse,
    ReferenceCounter,
    ResponseAttachment,
    ResponseSimilarityBand,
    Theme,
)

__all__ = [
    "HearingAnalysis",
    "ResponseAnalysis",
    "SectionFeedback",
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
    "SignUpErasure",
    "Theme",
]
