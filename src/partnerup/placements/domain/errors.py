"""The error every placements state change raises when the rules do not allow it."""

from __future__ import annotations


class ProgrammeError(Exception):
    """A state change that the rules do not allow; the message is shown to the user."""
