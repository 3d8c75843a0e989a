"""One spelling per article address, so the cache finds a piece however its link was shared.

Share buttons and newsletters decorate links with campaign and click identifiers; two
journalists pasting the same story from Twitter and from a newsletter should hit the same
cached analysis. Only parameters known to be tracking are dropped: an unknown parameter may
select the article (`?id=123`, `?p=42`), so it stays.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "__twitter", "_hs")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "mkt_tok", "ref_src",
        "ref_url", "_ga", "_gl", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wt.mc_id",
        "wt_mc_id", "s_cid", "ocid", "cmpid", "icid", "ncid", "smid", "smtyp", "sr_share",
        "cmp", "spm", "fb_action_ids", "fb_action_types", "fb_ref",
        "fb_source", "action_object_map", "action_type_map", "action_ref_map", "cid_source",
        "xtor", "ns_source", "ns_mchannel", "ns_campaign", "ns_linkname", "ns_fee",
    }
)  # fmt: skip
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The cache identity of `url`: lower-case scheme and host, no default port, credentials,
    fragment or tracking parameters, and the remaining query parameters sorted.

    The path keeps its case (servers treat it as case-sensitive) and an empty path becomes "/".
    A link too malformed to split ("http://[oops") is its own identity, unchanged: the fetcher
    refuses it with a message, and nothing on the way there may fail on it.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(name)
    ]
    encoded = urlencode(sorted(query), quote_via=quote, safe="/:@!$'()*,;-._~")
    return urlunsplit((scheme, netloc, path, encoded, ""))


def host_of(url: str) -> str:
    """The lower-case host of `url` without the trailing dot, or "" when there is none."""
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""


def same_site(a: str, b: str) -> bool:
    """Whether two hosts belong to one site: equal, or one a subdomain of the other.

    Used to trust a page's own canonical link only when it stays on the site that served it,
    so a page cannot claim another outlet's address and plant itself in that cache slot.
    """
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))
