"""Export as files in the thread: the Markdown report and a CSV of the claims.

Uploads use Slack's current flow (files.getUploadURLExternal, a POST of the bytes, then
files.completeUploadExternal, which `WebClient.files_upload_v2` performs). An app installed
before files:write was added, or a workspace that forbids uploads, gets today's code block
instead, with one line saying why, so `export` always answers.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.analysis import Analysis
from bot.desk import Where
from bot.render.blocks import export_message
from bot.render.export import export_files
from bot.render.markdown import render
from bot.wiring import Services
from handlers.people import DeskView
from handlers.posting import Thread, post

log = logging.getLogger(__name__)

NO_SCOPE = (
    "I couldn't attach the export as files: this app is not allowed to upload files (it lacks "
    "Slack's files:write permission; an admin can add it by reinstalling the app from its "
    "manifest). Here it is as text instead."
)
REFUSED = "Slack refused the file upload ({error}), so here is the export as text instead."
SCOPE_ERRORS = frozenset({"missing_scope", "not_allowed_token_type", "no_permission"})


def export(client: WebClient, where: Where, analysis: Analysis, services: Services) -> None:
    """The report and the CSV, with the claims' marks, their seen-before lines (as kept for the
    full list) and people's names; a thread-only caller gets the same as text."""
    thread = Thread(where.channel, where.thread_ts)
    view = DeskView.of(analysis, where, services, client)
    files = export_files(analysis, view.statuses, view.seen, view.names)
    report = render(analysis, view.statuses, view.seen, view.names)
    try:
        client.files_upload_v2(
            file_uploads=[
                {"content": f.content, "filename": f.filename, "title": f.title} for f in files
            ],
            channel=thread.channel,
            thread_ts=thread.ts,
            initial_comment="Export: the report (Markdown) and the claims with their statuses "
            "and notes (CSV).",
        )
    except SlackApiError as error:
        code = str(error.response.get("error") or "unknown error")
        log.info("export upload refused in %s/%s: %s", thread.channel, thread.ts, code)
        why = NO_SCOPE if code in SCOPE_ERRORS else REFUSED.format(error=code)
        post(client, thread, export_message(report, why))
    except SlackRequestError:
        log.warning("export upload failed in %s/%s", thread.channel, thread.ts, exc_info=True)
        post(
            client,
            thread,
            export_message(report, REFUSED.format(error="the upload did not go through")),
        )
