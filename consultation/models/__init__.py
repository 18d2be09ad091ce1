from .analysis import HearingAnalysis, PointAnalysis, ResponseAnalysis, SectionFeedback
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
from .points import (
    ConsultedParty,
    DecisionReport,
    HearingOutcome,
    Point,
    PointChange,
    ReportVersion,
    ResponseFeedback,
)

__all__ = [
    "HearingAnalysis",
    "PointAnalysis",
    "ResponseAnalysis",
    "SectionFeedback",
    "ConsultedParty",
    "DecisionReport",
    "ReportVersion",
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
    "SignUpErasure",
    "Theme",
]
