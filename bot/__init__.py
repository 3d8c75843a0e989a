"""claimdesk's core: from an article to its claims, their sources and a checklist; no Slack.

Read from the bottom up: `analysis`, `article`, `status`, `settings` and `errors` are the plain
data every wing shares; `engine/` turns article text into an Analysis, `reading/` turns a link or
file into an Article, `render/` draws an Analysis for people, `store/` is the Redis memory,
`desk/` is the service every surface calls; `wiring` builds it all once per process, and
`slack_app`, `serve`, `worker` and `cli` are the entry points. pyproject.toml's import-linter
contracts keep those layers honest.
"""

__version__ = "0.1.0"
