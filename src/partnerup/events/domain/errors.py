"""The error every events state change raises for what the rules do not allow."""

from __future__ import annotations


class EventError(Exception):
    """A change the event's rules do not allow; the message is shown to the user."""
