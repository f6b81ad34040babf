"""A check's message, made for the learner: pytest's command-line advice taken out (there is no
command line to give -vv to), its diffs labelled, and the exceptions learners meet most often
explained in one sentence."""

from __future__ import annotations

import re

# Advice pytest prints for its own command line; the runner already shows the whole diff.
PYTEST_ADVICE = re.compile(
    r"^\s*(?:\.\.\.\s*)?(?:Full output truncated.*|Use -v+ to get more diff\.?|"
    r".*use '-vv' to show\.?|.*Use -v+ to get the full diff\.?)\s*$",
    re.MULTILINE,
)
STDIN = "reading from stdin while output is captured"
# A diff of `assert left == right`: pytest marks the right side with -, the left with +.
DIFF_START = re.compile(r"^(\s*)([-+?]) ", re.MULTILINE)
LEGEND = "(- what the check expects, right of ==; + what your code gave, left of ==)"

# What an exception means, for the ones learners of this curriculum meet most often.
EXPLAINED = {
    "sqlalchemy.orm.exc.DetachedInstanceError": (
        "An ORM object was used after its session closed, and what was read had not been "
        "loaded: load it while the session is open (or eagerly, with selectinload)."
    ),
    "DetachedInstanceError": (
        "An ORM object was used after its session closed, and what was read had not been "
        "loaded: load it while the session is open (or eagerly, with selectinload)."
    ),
    "sqlalchemy.exc.MissingGreenlet": (
        "Async SQLAlchemy was asked to run SQL implicitly (a lazy load, or an expired "
        "attribute after commit): load what you need in the query, or await it explicitly."
    ),
    "sqlalchemy.exc.PendingRollbackError": (
        "The session's transaction failed earlier and was never rolled back: call "
        "session.rollback() where you catch the error, before using the session again."
    ),
    "sqlite3.OperationalError: database is locked": (
        "Another connection holds a write transaction open on this database: commit or roll "
        "back (and close) every connection you open."
    ),
}


def for_learner(message: str) -> str:
    """The message as the learner should read it."""
    if STDIN in message:
        return (
            "Your code read from standard input (input() or sys.stdin), which drills do not "
            "provide: take the value as a parameter instead."
        )
    text = PYTEST_ADVICE.sub("", message)
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip()
    text = _label_diff(text)
    explanation = _explanation(text)
    return f"{text}\n{explanation}" if explanation else text


def _label_diff(text: str) -> str:
    """Put the legend above the first diff line of an `==` assertion."""
    first = text.split("\n", 1)[0]
    if " == " not in first:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines[1:], start=1):
        match = DIFF_START.match(line)
        if match and match.group(2) in "-+":
            lines.insert(index, match.group(1) + LEGEND)
            return "\n".join(lines)
    return text


def _explanation(text: str) -> str:
    for start, meaning in EXPLAINED.items():
        if text.startswith(start) or f"\n{start}" in text or f"({start}" in text:
            return meaning
    return ""
