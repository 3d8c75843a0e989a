"""Errors a user causes, as one small hierarchy the surfaces turn into friendly messages.

Each carries `user_message`: what to tell the journalist, including what to paste instead.
Errors we cause are not here: they are ordinary exceptions, logged with context.

    UserError
     ├── EmptyInput
     ├── UnreadableInput
     ├── FetchError           (bot.fetch adds the kinds of failure when reading a link)
     └── DeskMemoryUnavailable (Redis is down: the desk's marks cannot be read or saved)
          ├── StatusNotSaved
          └── StatusesUnavailable
"""

from __future__ import annotations


class UserError(Exception):
    """Something about the input, not a bug: answer it, do not log a traceback."""

    default_message = "I couldn't read that."

    def __init__(self, user_message: str | None = None, *, detail: str = "") -> None:
        self.user_message = user_message or self.default_message
        self.detail = detail
        super().__init__(self.user_message if not detail else f"{self.user_message} ({detail})")


class EmptyInput(UserError):
    default_message = "There is nothing to analyse: paste an article link or its text."


class UnreadableInput(UserError):
    default_message = "I can only read article text (HTML or plain text), not this kind of file."


class FetchError(UserError):
    default_message = "I couldn't fetch that link. Paste the article's text instead."


class DeskMemoryUnavailable(UserError):
    default_message = "I can't reach the desk's memory right now. Try again in a minute."


class StatusNotSaved(DeskMemoryUnavailable):
    default_message = "Your mark was not saved: I can't reach the desk's memory. Try again."


class StatusesUnavailable(DeskMemoryUnavailable):
    default_message = "I can't read the desk's marks right now. Try again in a minute."
