"""Rendering: an `Analysis` (and the desk's marks) out to people as terminal text, Markdown or
Slack Block Kit, all pure functions sharing one wording module. It never imports the engine's
parser (spaCy), the fetcher or the store.
"""
