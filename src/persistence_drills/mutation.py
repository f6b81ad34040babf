"""Mutants of a reference solution: one small change each, to find what the checks never test.

A mutant changes one thing in the code above the separator: a comparison or boolean operator
flipped, a constant changed, a statement removed, a return value dropped, an arithmetic
operator swapped, a `not` taken away. A mutant that still passes every check either survived
a gap in the checks or is equivalent (changes nothing a check could see); the author decides
which, and marks the equivalent ones so that they are not listed again.

Pure functions on source text; running the mutants is the command's business.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from persistence_drills.source import split_drill

COMPARISONS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
}
SYMBOLS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.GtE: ">=", ast.Gt: ">", ast.LtE: "<=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+",
    ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
    ast.And: "and", ast.Or: "or",
}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    line: int
    column: int
    change: str  # what was changed, e.g. "`<` -> `>=`"
    code: str  # the whole mutated code above the separator

    @property
    def key(self) -> str:
        """How an author names it to mark it equivalent: `LINE:COLUMN change`."""
        return f"{self.line}:{self.column} {self.change}"


def mutants(solution_text: str, shipped_text: str = "") -> list[Mutant]:
    """Every mutant of the learner's part of a solution: the functions that differ from the
    shipped drill's (those the drill gives ready to use are left alone). The checks below the
    separator stay as they are."""
    code = split_drill(solution_text).code
    tree = ast.parse(code)
    given = _functions(ast.parse(split_drill(shipped_text).code)) if shipped_text else {}
    found = []
    for target in _targets(tree, given):
        for change, mutate in _mutations(target):
            mutated = copy.deepcopy(tree)
            node = _find(mutated, target)
            if node is None or not mutate(node, mutated):
                continue
            try:
                text = ast.unparse(ast.fix_missing_locations(mutated))
                compile(text, "<mutant>", "exec")
            except (SyntaxError, ValueError):
                continue
            line, column = getattr(target, "lineno", 0), getattr(target, "col_offset", 0)
            found.append(Mutant(line, column, change, text + "\n"))
    return found


def _functions(tree: ast.Module) -> dict[str, str]:
    """Every function by its qualified name, as a dump of its tree (to compare two files)."""
    found: dict[str, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if isinstance(child, ast.ClassDef):  # its own statements, methods aside
                    body = [s for s in child.body if not isinstance(s, _DEFINITIONS)]
                    found[name] = "".join(ast.dump(s) for s in body)
                else:
                    found[name] = ast.dump(child)
                visit(child, name + ".")

    visit(tree, "")
    return found


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _targets(tree: ast.Module, given: dict[str, str]) -> Iterator[ast.AST]:
    """The nodes worth changing: inside functions only (class and module constants, imports
    and annotations are given code, ready to use, or too blunt to tell anything), leaving out
    docstrings and the words of error messages (no check reads those word for word)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped |= {id(part) for part in ast.walk(first)}
        if isinstance(node, ast.Raise | ast.arg | ast.arguments):
            skipped |= {
                id(part)
                for part in ast.walk(node)
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            }
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for annotation in [node.returns, *(a.annotation for a in node.args.args)]:
                if annotation is not None:
                    skipped |= {id(part) for part in ast.walk(annotation)}
    mine = _functions(tree)
    learners = {name for name, dump in mine.items() if given.get(name) != dump}
    seen: set[int] = set()
    for name, owner in _function_nodes(tree):
        if name not in learners:
            continue
        parts: list[ast.AST] = (
            [s for s in owner.body if not isinstance(s, _DEFINITIONS)]
            if isinstance(owner, ast.ClassDef)
            else [owner]
        )
        for part in parts:
            for node in ast.walk(part):
                if node is owner or not hasattr(node, "lineno") or id(node) in skipped:
                    continue
                if id(node) not in seen:
                    seen.add(id(node))
                    yield node


def _function_nodes(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    def visit(node: ast.AST, prefix: str) -> Iterator[tuple[str, ast.AST]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                yield name, child
                yield from visit(child, name + ".")

    yield from visit(tree, "")


Mutation = Callable[[ast.AST, ast.Module], bool]  # changes the node in the tree; False: could not


def _mutations(node: ast.AST) -> Iterator[tuple[str, Mutation]]:
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = type(node.ops[0])
        if op in COMPARISONS:
            flipped = COMPARISONS[op]
            yield f"`{SYMBOLS[op]}` -> `{SYMBOLS[flipped]}`", _set_op(flipped)
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield f"`{SYMBOLS[type(node.op)]}` -> `{SYMBOLS[other]}`", _set_bool(other)
    elif isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        swapped = ARITHMETIC[type(node.op)]
        yield f"`{SYMBOLS[type(node.op)]}` -> `{SYMBOLS[swapped]}`", _set_arith(swapped)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "`not` removed", _replace_with(_operand)
    elif isinstance(node, ast.Constant) and not isinstance(node.value, bytes | type(Ellipsis)):
        new = _other_constant(node.value)
        if new is not _NO_CHANGE:
            yield f"constant {node.value!r} -> {new!r}", _set_constant(new)
    if isinstance(node, ast.Return) and node.value is not None:
        yield "return value dropped (returns None)", _drop_return_value
    if isinstance(node, ast.stmt) and not isinstance(
        node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Pass | ast.Return
    ):
        yield f"statement removed: {_first_line(node)}", _remove_statement


_NO_CHANGE = object()


def _other_constant(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 if value != 1 else 0
    if isinstance(value, float):
        return value + 1.0
    if isinstance(value, str):
        return "" if value else "x"
    return _NO_CHANGE


def _set_op(op: type[ast.cmpop]) -> Mutation:
    def apply(node: ast.AST, tree: ast.Module) -> bool:
        assert isinstance(node, ast.Compare)
        node.ops = [op()]
        return True

    return apply


def _set_bool(op: type[ast.boolop]) -> Mutation:
    def apply(node: ast.AST, tree: ast.Module) -> bool:
        assert isinstance(node, ast.BoolOp)
        node.op = op()
        return True

    return apply


def _set_arith(op: type[ast.operator]) -> Mutation:
    def apply(node: ast.AST, tree: ast.Module) -> bool:
        assert isinstance(node, ast.BinOp)
        node.op = op()
        return True

    return apply


def _set_constant(value: object) -> Mutation:
    def apply(node: ast.AST, tree: ast.Module) -> bool:
        assert isinstance(node, ast.Constant)
        node.value = value  # type: ignore[assignment]  # one of the constant types it held
        return True

    return apply


def _replace_with(make: Callable[[ast.AST], ast.AST]) -> Mutation:
    def apply(node: ast.AST, tree: ast.Module) -> bool:
        return _substitute(tree, node, make(node))

    return apply


def _operand(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.UnaryOp)
    return node.operand


def _drop_return_value(node: ast.AST, tree: ast.Module) -> bool:
    assert isinstance(node, ast.Return)
    node.value = None
    return True


def _remove_statement(node: ast.AST, tree: ast.Module) -> bool:
    return _substitute(tree, node, ast.Pass())


def _substitute(tree: ast.Module, old: ast.AST, new: ast.AST) -> bool:
    """Put `new` where `old` is in the tree; False if `old` was not found."""
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, ast.copy_location(new, old))
                return True
            if isinstance(value, list) and old in value:
                value[value.index(old)] = ast.copy_location(new, old)
                return True
    return False


def _find(tree: ast.Module, target: ast.AST) -> ast.AST | None:
    """The node in a copy of the tree that stands where `target` stands in the original."""
    position = _position(target)
    for node in ast.walk(tree):
        if hasattr(node, "lineno") and _position(node) == position:
            return node
    return None


def _position(node: ast.AST) -> tuple[object, ...]:
    where = ("lineno", "col_offset", "end_lineno", "end_col_offset")
    return (type(node), *(getattr(node, name, None) for name in where))


def _first_line(node: ast.stmt) -> str:
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 60 else text[:57] + "..."
