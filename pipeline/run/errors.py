"""The run's own errors: each message is one line a user can act on (`kiemchung run` prints it)."""

from __future__ import annotations


class RunError(RuntimeError):
    """The run could not complete; the message is one line a user can act on."""


class AccountingError(RunError):
    """Files found and files accounted for differ: a bug, never a partial result."""
