""""How might we …?" prompts built from a need's statement (pure text, no I/O).

The statement is read as a customer's words: "Hard to find X" becomes "How might we make it
easy to find X?", "I want to Y" "How might we help customers Y?", "Customers can't Z" "How
might we let customers Z?". First-person words turn into the customer's ("my" → "their").
Anything else is quoted: "How might we solve “…” for customers?".
"""

from __future__ import annotations

import re

# (pattern on the lower-cased statement, template); {rest} is what follows the match, in the
# customer's person; {who} the customers. First match wins.
_RULES: tuple[tuple[str, str], ...] = (
    (r"^(?:it is |it's |it’s )?(?:too )?(?:hard|difficult|tricky|painful|confusing) to ",
     "make it easy for {who} to {rest}"),
    (r"^(?:it )?takes too long to ", "make it faster for {who} to {rest}"),
    (r"^no (?:way|option|easy way) to ", "give {who} a way to {rest}"),
    (r"^(?:i|we|they) (?:want|need|would like|'d like|’d like|wish) to ", "help {who} {rest}"),
    (r"^(?:i|we|they) (?:can't|can’t|cannot|can not|am unable to|are unable to) ",
     "let {who} {rest}"),
    (r"^(?:i|we|they) (?:don't|don’t|do not) know ", "help {who} know {rest}"),
    (r"^(?:i|we|they) (?:don't|don’t|do not|never) ", "help {who} {rest}"),
    (r"^(?:customers|users|people|clients|buyers|admins) (?:want|need|would like|wish) to ",
     "help {who} {rest}"),
    (r"^(?:customers|users|people|clients|buyers|admins) (?:can't|can’t|cannot|can not|are "
     r"unable to) ", "let {who} {rest}"),
    (r"^(?:can't|can’t|cannot|unable to) ", "let {who} {rest}"),
    (r"^not sure ", "help {who} be sure {rest}"),
    (r"^too many ", "cut down the {rest} {who} face"),
)
# A statement starting with one of these reads as a job to be done: "Send invoices …".
_VERBS = frozenset((
    "get", "see", "know", "use", "connect", "pass", "provision", "import", "export", "send",
    "find", "understand", "share", "pay", "track", "set", "make", "save", "avoid", "keep",
    "reach", "learn", "switch", "invite", "manage", "start", "stop", "trust", "compare",
    "choose", "be", "have", "access", "add", "book", "build", "check", "create", "do", "move",
    "plan", "report", "sign", "try", "work", "onboard", "integrate", "automate", "reduce",
))
_PERSON = {"i": "they", "me": "them", "my": "their", "mine": "theirs", "myself": "themselves",
           "we": "they", "us": "them", "our": "their", "ours": "theirs", "i'm": "they're",
           "i’m": "they’re", "am": "are"}
_WORD = re.compile(r"[A-Za-z’']+")


def _their_person(text: str) -> str:
    """First-person words as the customer's: "my invoices" → "their invoices"."""
    return _WORD.sub(lambda m: _PERSON.get(m.group(0).lower(), m.group(0)), text)


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or "I"."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper() or first == "I":
        return text
    return text[:1].lower() + text[1:]


def how_might_we(statement: str, who: str = "customers") -> str:
    """The "How might we …?" prompt for one need statement.

    >>> how_might_we("Hard to find the export button")
    'How might we make it easy for customers to find the export button?'
    >>> how_might_we("I want to send invoices from my phone.")
    'How might we help customers send invoices from their phone?'
    >>> how_might_we("Customers can't pay by card", who="SMB owners")
    'How might we let SMB owners pay by card?'
    >>> how_might_we("Get set up without reading documentation")
    'How might we help customers get set up without reading documentation?'
    >>> how_might_we("Slow onboarding")
    'How might we solve “slow onboarding” for customers?'
    """
    text = " ".join(str(statement).split()).rstrip(" .!?;:")
    who = " ".join(str(who).split()) or "customers"
    if not text:
        return "How might we serve this need better?"
    lowered = text.lower()
    for pattern, template in _RULES:
        match = re.match(pattern, lowered)
        if match and match.end() < len(text):
            rest = _their_person(text[match.end():])
            return f"How might we {template.format(who=who, rest=rest)}?"
    first = lowered.split(" ", 1)[0]
    if first in _VERBS:
        return f"How might we help {who} {_their_person(_lower_first(text))}?"
    return f"How might we solve “{_lower_first(text)}” for {who}?"
