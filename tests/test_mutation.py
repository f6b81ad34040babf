"""The mutator on its own: which changes it makes, and that it leaves given code alone."""

from __future__ import annotations

from persistence_drills.mutation import mutants
from persistence_drills.workspace import SEPARATOR

SHIPPED = f'''"""A drill."""


def given(x: int) -> int:
    """Ready to use."""
    return x * 2


def mine(a: int, b: int) -> bool:
    # TODO
    raise NotImplementedError


{SEPARATOR}
def test_it():
    assert mine(1, 2)
'''

SOLVED = SHIPPED.replace(
    "    # TODO\n    raise NotImplementedError\n",
    '    if a < b and not b == 0:\n        raise ValueError("a message")\n    return a + 1 > b\n',
)


def test_every_kind_of_change_is_made_in_the_learners_code_only() -> None:
    found = {mutant.change for mutant in mutants(SOLVED, SHIPPED)}
    assert found == {
        "`<` -> `>=`",
        "`and` -> `or`",
        "`not` removed",
        "`==` -> `!=`",
        "constant 0 -> 1",
        "constant 1 -> 0",
        "`+` -> `-`",
        "`>` -> `<=`",
        "return value dropped (returns None)",
        "statement removed: if a < b and (not b == 0):",
        "statement removed: raise ValueError('a message')",
    }


def test_mutants_keep_the_checks_out_and_stay_valid_python() -> None:
    for mutant in mutants(SOLVED, SHIPPED):
        assert SEPARATOR not in mutant.code
        compile(mutant.code, "<mutant>", "exec")
        assert "def given(x: int) -> int" in mutant.code
        assert "x * 2" in mutant.code, "given code is never mutated"


def test_a_mutant_is_named_by_line_column_and_change() -> None:
    keys = {mutant.key for mutant in mutants(SOLVED, SHIPPED)}
    assert "10:7 `<` -> `>=`" in keys
