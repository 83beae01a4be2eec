"""Match recommendations: who should meet whom, with reasons, spread by meeting capacity.

Plain, typed Python (numpy/scipy), no Django. Public API::

    from partnerup.matchmaking import explain, problem_from_dict, recommend, result_to_dict

    problem = problem_from_dict(json_document)      # raises ProblemError on bad input
    result = recommend(problem, top_k=10)           # MatchResult
    result.recommendations["p1"]                    # tuple[Recommendation, ...]
    result.recommendations["p1"][0].reasons         # tuple[Reason, ...]: codes with parameters
"""

from partnerup.matchmaking.engine import explain, recommend
from partnerup.matchmaking.formats import (
    ProblemError,
    problem_from_dict,
    problem_to_dict,
    result_to_dict,
)
from partnerup.matchmaking.model import (
    PARTICIPANT_TYPES,
    PROBLEM_FORMAT,
    REASON_CODES,
    RESULT_FORMAT,
    Asset,
    ExcludedPair,
    MatchProblem,
    MatchResult,
    Options,
    Participant,
    ParticipantSummary,
    Reason,
    Recommendation,
    Weights,
)
from partnerup.matchmaking.scoring import ScoringContext

__all__ = [
    "PARTICIPANT_TYPES",
    "PROBLEM_FORMAT",
    "REASON_CODES",
    "RESULT_FORMAT",
    "Asset",
    "ExcludedPair",
    "MatchProblem",
    "MatchResult",
    "Options",
    "Participant",
    "ParticipantSummary",
    "ProblemError",
    "Reason",
    "Recommendation",
    "ScoringContext",
    "Weights",
    "explain",
    "problem_from_dict",
    "problem_to_dict",
    "recommend",
    "result_to_dict",
]
