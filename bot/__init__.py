"""claimdesk's core: from an article to its claims, their sources and a checklist; no Slack."""

__version__ = "0.1.0"
