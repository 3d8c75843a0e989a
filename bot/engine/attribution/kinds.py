"""What kind of party a source is: outlet, person, organisation, anonymous, or unclear.

The kind decides the desk's warnings (an anonymous source gets one, a named one does not), so
a named party shown as anonymous wastes a checker's time and an anonymous one shown as named
hides the warning. The rules read the phrase's head noun and only the entities that cover it:
"Israeli settlers" are unnamed people, whatever the nationality word in front of them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.analysis import Outlet, Source, SourceKind
from bot.engine.attribution.base import NAMED, PERSONAL, doc_ents, text_of
from bot.engine.attribution.speakers import resolve_pronoun
from bot.engine.lexicon import lexicon
from bot.engine.outlets import registry

Kind = tuple[SourceKind, Outlet | None, str]
ROLE_TITLES_NOT_ONE_PERSON = frozenset({"head", "chief", "leader", "general", "lawmaker"})
UNNAMED_GROUPS = frozenset({"those", "many", "some", "others", "several"})
"""Heads that stand for people left unnamed ("those familiar with the matter", "many have
said", "some in the party"): a desk reads them as anonymous sourcing, whatever the parse
calls the word (a pronoun, a determiner, an adjective)."""


def classify(tokens: list[Token], root: Token, prior: list[Span]) -> Kind:
    """(kind, outlet, resolved name) of a source phrase headed by `root`."""
    lex = lexicon()
    if root.lower_ in UNNAMED_GROUPS:
        return SourceKind.ANONYMOUS, None, ""
    if root.pos_ == "PRON" or root.lower_ in PERSONAL:
        return resolve_pronoun(root, prior)
    entities = _entities(tokens)
    registered = next((e for e in entities if e.ent_id_), None)
    if registered is not None:
        return SourceKind.OUTLET, registry().by_id(registered.ent_id_), ""
    outlet = registry().by_name(text_of(tokens))
    if outlet is not None:
        return SourceKind.OUTLET, outlet, ""
    head = root.lemma_.lower() if root.pos_ in ("NOUN", "PROPN") else ""
    covering = next((e for e in entities if e.start <= root.i < e.end), None)
    bodies = [e for e in entities if e.label_ in ("ORG", "GPE", "NORP") and e is not covering]
    if head in lex.spokes_heads and bodies and not _anonymous_by_request(root):
        return SourceKind.ORGANISATION, None, bodies[0].text
    if head in lex.reporting_nouns:
        return _document(root, entities)
    if (
        _masthead(covering)
        or _masthead_name(root)
        or _outlet_noun(root, head)
        or (_masthead(_of_phrase(root, entities)) and _is_person(root))
    ):
        return SourceKind.OUTLET, None, ""
    if _is_person(root) and (outlet_name := reporters(root.doc).get(root.text)):
        return SourceKind.OUTLET, None, outlet_name
    if _is_person(root) or (covering is not None and covering.label_ == "PERSON"):
        return SourceKind.PERSON, None, ""
    if head in lex.official_heads:
        if _one_person_title(root, head):
            return SourceKind.PERSON, None, ""
        return SourceKind.ANONYMOUS, None, ""
    if covering is None and _titled_name(root, head):
        return SourceKind.PERSON, None, ""
    if head in lex.anonymous_heads and covering is None:
        return SourceKind.ANONYMOUS, None, ""
    plural = "Plur" in root.morph.get("Number")
    capitalised = root.is_title and not root.is_sent_start
    if (
        root.pos_ == "NOUN"
        and plural
        and covering is None
        and head not in lex.organisation_heads
        and not capitalised
    ):
        return SourceKind.ANONYMOUS, None, ""
    if covering is not None or head in lex.organisation_heads or _acronym(root):
        return SourceKind.ORGANISATION, None, ""
    return SourceKind.UNCLEAR, None, ""


def _acronym(root: Token) -> bool:
    """"WHO", "NASA", "the FBI": a bare capitalised abbreviation is a body, not a person."""
    return root.pos_ == "PROPN" and root.is_upper and 2 <= len(root.text) <= 6 and root.is_alpha


def _entities(tokens: list[Token]) -> list[Span]:
    if not tokens:
        return []
    lo, hi = tokens[0].i, tokens[-1].i
    ents = doc_ents(tokens[0].doc)
    return [e for e in ents if e.start >= lo and e.end - 1 <= hi and e.label_ in NAMED]


def _document(root: Token, entities: list[Span]) -> Kind:
    """A report, study, poll or filing is a source when the claim rests on it: a named or
    definite one is an organisation ("the GAO report", "a survey from Piper Jaffray"); a bare
    "reports say" is as vague as "sources say"; "the claims" speak for no one (the parse made
    them a subject by mistake), so they stay unclear."""
    named = [e for e in entities if e.label_ != "DATE"]
    definite = any(c.dep_ in ("poss", "det") and c.lower_ != "a" for c in root.children)
    if "Plur" in root.morph.get("Number"):
        if named:
            return SourceKind.ORGANISATION, None, ""
        vague = root.lemma_.lower() in lexicon().anonymous_heads
        return (SourceKind.ANONYMOUS if vague else SourceKind.UNCLEAR), None, ""
    if named or definite:
        return SourceKind.ORGANISATION, None, ""
    return SourceKind.ANONYMOUS, None, ""


def _anonymous_by_request(root: Token) -> bool:
    """"a spokesman, who asked not to be named" stays anonymous."""
    words = [t.lower_ for t in root.sent]
    return bool(lexicon().anonymity.find(words))


def _masthead(entity: Span | None) -> bool:
    """A newspaper or broadcaster known by its name's shape ("the Sioux Falls Argus Leader")."""
    if entity is None or entity.label_ not in ("ORG", "WORK_OF_ART"):
        return False
    words = {part for t in entity for part in t.lower_.split("-")}
    return bool(words & lexicon().masthead_words)


def _masthead_name(root: Token) -> bool:
    """"The Sioux Falls Argus Leader", "the Pittsburgh Post-Gazette" without an entity tag: a
    proper name ending in a masthead word."""
    words = set(root.lower_.split("-"))
    return (
        root.pos_ == "PROPN"
        and bool(words & lexicon().masthead_words)
        and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.children)
    )


def _outlet_noun(root: Token, head: str) -> bool:
    """"the Independent newspaper", "the news organization": a publication named as such."""
    lex = lexicon()
    if head in lex.outlet_heads:
        return any(c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in root.children)
    return head in lex.organisation_heads and any(
        c.dep_ in ("compound", "amod") and c.lower_ == "news" for c in root.children
    )


def told_outlet(verb: Token, lemma: str, prior: list[Span]) -> Source | None:
    """"Raab told the BBC": the words reach the article through the outlet they were told to,
    which the desk names first in the chain."""
    if lemma != "tell":
        return None
    listener = next((c for c in verb.children if c.dep_ in ("dative", "dobj")), None)
    if listener is None:
        return None
    tokens = list(listener.subtree)
    kind, outlet, resolved = classify(tokens, listener, prior)
    if kind != SourceKind.OUTLET:
        return None
    return Source(text=text_of(tokens), kind=kind, cue=verb.text, resolved=resolved, outlet=outlet)


def writes_for(verb: Token, prior: list[Span]) -> Kind | None:
    """ "As Emily Feng reports for NPR", "Smith, writing for the Times": a reporter named
    with the outlet they report for speaks as that outlet, as "Wee of the Times" does."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                kind = classify(list(obj.subtree), obj, prior)
                if kind[0] == SourceKind.OUTLET:
                    return kind
    return None


def _of_phrase(root: Token, entities: list[Span]) -> Span | None:
    """"Wee of the Times", "Brian Batko of the Pittsburgh Post-Gazette": a reporter named with
    the outlet they write for speaks as that outlet."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                found = next((e for e in entities if e.start <= obj.i < e.end), None)
                if found is not None:
                    return found
    return None


def _one_person_title(root: Token, head: str) -> bool:
    """"The Syrian foreign minister", "China's ambassador to Britain" name one person; "a rebel
    commander", "the ministers" do not, and neither do vague roles ("the head of ...")."""
    if head in ROLE_TITLES_NOT_ONE_PERSON or "Plur" in root.morph.get("Number"):
        return False
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
        for c in root.children
    )


def _titled_name(root: Token, head: str) -> bool:
    """ "Jeff Sanborn, president of Chapter & Verse": a capitalised name followed by a job
    title one person holds is that person, even where the small model tags no entity (or
    reads the surname as a plural noun)."""
    lex = lexicon()
    if (
        root.pos_ not in ("PROPN", "NOUN")
        or not _name_shaped(root)
        or head in lex.official_heads | lex.anonymous_heads | lex.organisation_heads
    ):
        return False
    return any(
        c.dep_ == "appos"
        and c.i > root.i
        and c.lemma_.lower() in lex.official_heads
        and c.lemma_.lower() not in ROLE_TITLES_NOT_ONE_PERSON
        and "Plur" not in c.morph.get("Number")
        for c in root.children
    )


def _is_person(root: Token) -> bool:
    """A bare surname the article has already given in full ("Volker said" after "Kurt
    Volker"), which the small model often tags as an organisation, a plural noun ("Petrides")
    or not at all."""
    if root.pos_ not in ("PROPN", "NOUN") or not _name_shaped(root):
        return False
    return root.text in person_names(root.doc)


def person_names(doc: Doc) -> frozenset[str]:
    """Every word of every multi-word PERSON entity in the document, and of every full name
    introduced with a job title ("Jeff Sanborn, president of ...", which the small model may
    not tag), computed once per doc."""
    cached = doc.user_data.get("claimdesk.person_names")
    if cached is None:
        names = {
            t.text
            for e in doc_ents(doc)
            if e.label_ == "PERSON" and len(e) > 1
            for t in e
            if _name_shaped(t)
        }
        for token in doc:
            given = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if given and token.is_alpha and _titled_name(token, token.lemma_.lower()):
                names.update(t.text for t in (*given, token) if _name_shaped(t))
        cached = frozenset(names)
        doc.user_data["claimdesk.person_names"] = cached
    return cached


def _name_shaped(token: Token) -> bool:
    """ "Volker", "McKinley", "DeSantis": a capitalised word of letters, not an acronym
    (spaCy's `is_title` turns down the names with a capital inside)."""
    return token.is_alpha and token.text[0].isupper() and not token.is_upper


def reporters(doc: Doc) -> dict[str, str]:
    """Surnames of the reporters the article names with their outlet ("Sui-Lee Wee of the
    Times", "As Emily Feng reports for NPR"), each with that outlet: "reports Wee", "per
    Feng" further down are the outlet speaking, as the first mention was. Computed once per
    doc."""
    cached = doc.user_data.get("claimdesk.reporters")
    if cached is None:
        cached = {}
        ents = list(doc_ents(doc))
        for token in doc:
            if token.pos_ != "PROPN" or not _name_shaped(token):
                continue
            outlet = _of_phrase(token, ents)
            if outlet is not None and _masthead(outlet):
                cached.setdefault(token.text, outlet.text)
            elif token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB":
                employer = _employer(token.head)
                if employer:
                    cached.setdefault(token.text, employer)
        doc.user_data["claimdesk.reporters"] = cached
    return cached


def _employer(verb: Token) -> str:
    """The outlet of "reports for NPR" / "writing for the Times", by name, or ""."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            named = registry().by_name(text_of(list(obj.subtree)))
            if named is not None:
                return named.name
            covering = next((e for e in doc_ents(obj.doc) if e.start <= obj.i < e.end), None)
            if covering is not None and _masthead(covering):
                return covering.text
    return ""
