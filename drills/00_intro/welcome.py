"""Welcome to persistence-drills.

Every drill is one Python file like this one. At the top: the task, in plain words. In the
middle: starter code with `# TODO` markers for you to finish. At the bottom, below the
separator line: the checks, plain pytest tests that run every time you check the drill. Leave
them as they are; the drill only passes with the checks it shipped with.

Your task: make `greeting()` return the text "Hello, persistence!" instead of raising.

How to work: keep `drills` running in a terminal beside your editor. Every time you save
this file, it runs the checks again and shows what is still wrong: which check failed, the
values it compared, and the line of your code involved. In that screen:
- h shows a hint; press it again for a stronger one.
- n moves on to the next drill, once this one passes.
- l lists every drill, so that you can continue anywhere.

Without a terminal screen, the same works as commands: `drills run`, `drills hint`,
`drills next`, `drills list`.

Done when: the verdict turns green: every check passes.
"""


def greeting() -> str:
    """The words this drill expects: Hello, persistence!"""
    # TODO: return the greeting instead of raising.
    raise NotImplementedError("greeting() is still a TODO")


# --- checks: these run on every save; do not edit below ---


def test_greeting_is_text() -> None:
    assert isinstance(greeting(), str), "greeting() should return a str"


def test_greeting_says_hello_persistence() -> None:
    assert greeting() == "Hello, persistence!"
