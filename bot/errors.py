"""Errors a user causes, as one small hierarchy the surfaces turn into friendly messages.

Each carries `user_message`: what to tell the journalist, including what to paste instead.
Errors we cause are not here: they are ordinary exceptions, logged with context.

    UserError
     ├── EmptyInput
     ├── UnreadableInput
     ├── FetchError           (reading a link failed; raised by bot.reading)
     │    ├── BadLink, BlockedAddress, DeadLink, FetchTimeout, TooLarge
     │    ├── TooManyRedirects ── RedirectLoop
     │    ├── PageNotFound, AccessDenied, SiteError
     │    └── UnsupportedContent, NothingExtracted
     ├── AnalysisTimeout      (the analysis ran past CLAIMDESK_ANALYSIS_TIMEOUT and was stopped)
     ├── AnalysisFailed       (the process analysing it died)
     └── DeskMemoryUnavailable (Redis or the desk's database does not answer)
          ├── StatusNotSaved  (a mark was not saved)
          └── JudgementNotSaved  ("not the same claim" was not saved)
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


class BadLink(FetchError):
    default_message = (
        "That isn't a web link I can open: I read http:// and https:// links only. "
        "Paste the article's address or its text."
    )


class BlockedAddress(FetchError):
    default_message = (
        "That link points into a private or local network, so I won't open it. "
        "If the article is public, paste its public address, or paste the text."
    )


class DeadLink(FetchError):
    default_message = (
        "I couldn't reach that site: the address doesn't resolve or nothing answers there. "
        "Check the link, or paste an archived copy (web.archive.org) or the article's text."
    )


class FetchTimeout(FetchError):
    default_message = (
        "The site took too long to answer. Try again in a while, or paste the article's text."
    )


class TooLarge(FetchError):
    default_message = "That page is too large for me to read. Paste the article's text instead."


class TooManyRedirects(FetchError):
    default_message = (
        "That link sends me through too many redirects. Open it in a browser and paste the "
        "address it ends up at, or the article's text."
    )


class RedirectLoop(TooManyRedirects):
    default_message = (
        "That link redirects in a circle (often a cookie or login wall). "
        "Paste the article's text instead."
    )


class PageNotFound(FetchError):
    default_message = (
        "That page doesn't exist (any more). Check the link, or paste an archived copy "
        "(web.archive.org) or the article's text."
    )


class AccessDenied(FetchError):
    default_message = (
        "That site won't let me read the page (a login, a paywall, or a block on automated "
        "readers). Paste the article's text from your own access instead."
    )


class SiteError(FetchError):
    default_message = (
        "The site answered with an error. Try again in a while, or paste the article's text."
    )


class UnsupportedContent(FetchError):
    default_message = (
        "That link is not an article page: I can read web pages and plain text, not this kind "
        "of file. Paste the article's text instead."
    )


class NothingExtracted(FetchError):
    default_message = (
        "I opened the page but found no article text on it (it may be built by JavaScript, "
        "or be mostly video or pictures). Paste the article's text instead."
    )


class AnalysisTimeout(UserError):
    """Told plainly, not as an apology: the time limit is a choice, and a shorter paste works."""

    def __init__(self, seconds: int, *, link: bool = True) -> None:
        what = "page" if link else "text"
        super().__init__(
            f"This {what} took too long to analyse (more than {seconds} seconds), so I stopped. "
            "Paste the part you need checked as text, in smaller pieces."
        )


class AnalysisFailed(UserError):
    default_message = (
        "The analysis of this stopped unexpectedly (it may be too large or unusual). "
        "Paste the part you need checked as text."
    )


class DeskMemoryUnavailable(UserError):
    default_message = "I can't reach the desk's memory right now. Try again in a minute."


class StatusNotSaved(DeskMemoryUnavailable):
    default_message = "Your mark was not saved: I can't reach the desk's memory. Try again."


class JudgementNotSaved(DeskMemoryUnavailable):
    default_message = (
        "I could not keep that judgement: I can't reach the desk's memory. Try again."
    )
