"""Meeting-scheduler engine: optimal one-to-one (and small-group) meeting schedules.

Plain Python, no Django. `solve(problem)` returns a `Solution`; `validate(problem, solution)`
checks every hard rule. See docs/scheduling.md.
"""

from partnerup.scheduling.io import ProblemError, load_problem, problem_from_dict
from partnerup.scheduling.model import Problem, Solution
from partnerup.scheduling.solve import solve
from partnerup.scheduling.validate import count_gaps, validate

__all__ = [
    "Problem",
    "ProblemError",
    "Solution",
    "count_gaps",
    "load_problem",
    "problem_from_dict",
    "solve",
    "validate",
]
