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
from bot.desk import Desk, Where
from bot.render.blocks import export_message
from bot.render.export import export_files
from bot.render.markdown import render
from handlers.posting import Thread, post

log = logging.getLogger(__name__)

NO_SCOPE = (
    "I couldn't attach the export as files: this app is not allowed to upload files (it lacks "
    "Slack's files:write permission; an admin can add it by reinstalling the app from its "
    "manifest). Here it is as text instead."
)
REFUSED = "Slack refused the file upload ({error}), so here is the export as text instead."
SCOPE_ERRORS = frozenset({"missing_scope", "not_allowed_token_type", "no_permission"})


def export(client: WebClient, where: Where, analysis: Analysis, desk: Desk) -> None:
    thread = Thread(where.channel, where.thread_ts)
    statuses = desk.statuses(analysis, where)
    files = export_files(analysis, statuses)
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
        post(client, thread, export_message(render(analysis, statuses), why))
    except SlackRequestError:
        log.warning("export upload failed in %s/%s", thread.channel, thread.ts, exc_info=True)
        post(
            client,
            thread,
            export_message(
                render(analysis, statuses), REFUSED.format(error="the upload did not go through")
            ),
        )
