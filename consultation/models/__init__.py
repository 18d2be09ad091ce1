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

__all__ = [
    "DataRequestLog",
    "Hearing",
    "HearingReport",
    "HearingResponse",
    "ReferenceCounter",
    "ResponseAttachment",
    "ResponseSimilarityBand",
    "SubmissionAttempt",
    "Theme",
]
