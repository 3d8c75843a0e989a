"""Reading: a link, a file or a Slack message's text in, an `Article` out (address vetting,
the hardened fetcher, charset decoding, trafilatura extraction, canonical URLs).
It never imports the engine, the store, the desk or Slack.
"""
