"""The data model; one aggregate per module, all imported here for Alembic."""

from assessment_app.models.attempt import Answer, Attempt, AttemptStatus, FinishReason
from assessment_app.models.audit import AuditEntry, LoginThrottle
from assessment_app.models.candidate import Candidate, Registration
from assessment_app.models.event import (
    Event,
    ExamSession,
    Incident,
    Outage,
    ProctorAssignment,
    Room,
    SessionStatus,
)
from assessment_app.models.result_version import ResultVersion
from assessment_app.models.snapshot import (
    BankSnapshot,
    SnapshotCompetency,
    SnapshotItem,
    SnapshotTest,
)
from assessment_app.models.standards import (
    Panelist,
    PanelJudgement,
    PanelMethod,
    PanelRound,
    StandardPanel,
)
from assessment_app.models.talent import (
    PerformanceRating,
    PositionStandard,
    PotentialRating,
    ScoringOverride,
)
from assessment_app.models.user import Role, User

__all__ = [
    "Answer",
    "Attempt",
    "AttemptStatus",
    "FinishReason",
    "AuditEntry",
    "LoginThrottle",
    "BankSnapshot",
    "Candidate",
    "Event",
    "ExamSession",
    "Incident",
    "Outage",
    "PanelJudgement",
    "PanelMethod",
    "PanelRound",
    "Panelist",
    "PerformanceRating",
    "PositionStandard",
    "PotentialRating",
    "ProctorAssignment",
    "Registration",
    "ResultVersion",
    "Role",
    "Room",
    "ScoringOverride",
    "SessionStatus",
    "SnapshotCompetency",
    "SnapshotItem",
    "SnapshotTest",
    "StandardPanel",
    "User",
]
