"""The package structure holds: no import cycles between packages, and no domain service
writes another domain's table."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import tracker

ROOT = Path(tracker.__file__).parent


def _package(module: str) -> str:
    """`tracker.requests.service` → `requests`; `tracker.config` → `config`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Ids of import nodes under `if TYPE_CHECKING:` (never executed)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def _imports(path: Path) -> set[str]:
    """Every tracker module this file imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    skipped = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("tracker")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = here.split(".")
                if path.name != "__init__.py":
                    base.pop()
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module.startswith("tracker"):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    return found


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py")}


def _existing(name: str) -> str | None:
    """The module an imported name lives in (`tracker.a.b.Name` → `tracker.a.b`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def module_graph() -> dict[str, set[str]]:
    """Module → the modules it imports; importing `tracker.a.b` also runs `tracker.a`
    (`tracker/a/__init__.py`), unless `tracker.a` encloses the importing module."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets: set[str] = set()
        for name in _imports(path):
            found = _existing(name)
            while found and found != "tracker":
                targets.add(found)
                found = found.rpartition(".")[0]
        # A module's own enclosing packages run before it whatever it imports: no loop.
        ancestors = {module.rsplit(".", n)[0] for n in range(1, module.count(".") + 1)}
        graph[module] = targets - {module} - ancestors
    return graph


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, targets in module_graph().items():
        for target in targets:
            if _package(target) != _package(module):
                graph[_package(module)].add(_package(target))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(set(graph) | {n for targets in graph.values() for n in targets}):
        if node not in index:
            visit(node)
    return groups


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    """Counting imports inside functions (a function-level import hides a loop, it does not
    remove it)."""
    found = cycles(module_graph())
    assert found == [], f"modules that import each other in a loop: {found}"


# The foundations the domains build on, and what each may import from tracker.
DOMAINS = {
    "allocations",
    "audit",
    "dashboard",
    "map",
    "matching",
    "notifications",
    "orgs",
    "pledges",
    "receipts",
    "reports",
    "requests",
    "shipments",
}
FOUNDATION_MAY_IMPORT = {
    # Settings import no domain code (nor anything that does).
    "config": set(),
    # Authentication knows nothing of pages.
    "auth": {"audit", "orgs"},
    # The page toolkit: who is signed in (auth) and the audit trail it shows, never a
    # domain's tables or rules.
    "web": {"auth", "audit"},
}


def test_settings_auth_and_the_page_toolkit_import_no_domain():
    graph = package_graph()
    for package, allowed in FOUNDATION_MAY_IMPORT.items():
        wrong = {p for p in graph.get(package, set()) if p in DOMAINS | {"auth", "web"}} - allowed
        wrong.discard(package)
        assert not wrong, f"{package} imports {sorted(wrong)}"


# No domain writes another domain's table ------------------------------------------------------
#
# The rule, checked on the syntax of every module of a domain package (its models aside): a
# table model imported from another package's `models` may be read, never written. Written
# means: an attribute of a variable holding such a row is assigned (`x.col = …`, `x.col += …`),
# the model is constructed (a new row), or its table is passed to insert/update/delete. A
# variable holds a row of model M when it is a parameter annotated `M`, or was bound from
# `M(…)`, `session.get(M, …)`, or an item of `lock_rows(session, M, …)` (directly, or through
# the dict it returned: `d[…]`, `d.get(…)`, `for x in d.values()`). A domain changes another
# domain's rows by calling that domain's service (e.g. `requests.service.ship`).

WRITES = {"insert", "update", "delete", "insert_many"}


def _foreign_tables(tree: ast.AST, package: str) -> set[str]:
    """Names bound in this module to table models of another package."""
    import importlib

    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".models"):
            owner = _package(node.module or "")
            if owner == package or not (node.module or "").startswith("tracker."):
                continue
            models = importlib.import_module(node.module or "")
            for alias in node.names:
                if hasattr(getattr(models, alias.name, None), "__table__"):
                    names.add(alias.asname or alias.name)
    return names


def _model_of(node: ast.AST | None, tables: set[str], dicts: dict[str, str]) -> str | None:
    """The foreign model whose row this expression yields, if we can tell."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in tables:
            return func.id
        if isinstance(func, ast.Attribute) and func.attr == "get":
            inner = func.value
            if isinstance(inner, ast.Name) and inner.id in dicts:
                return dicts[inner.id]
            if isinstance(inner, ast.Name) and node.args:  # session.get(M, id)
                first = node.args[0]
                if isinstance(first, ast.Name) and first.id in tables:
                    return first.id
            return _lock_rows_model(inner, tables)
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Name) and node.value.id in dicts:
            return dicts[node.value.id]
        return _lock_rows_model(node.value, tables)
    return None


def _lock_rows_model(node: ast.AST, tables: set[str]) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "lock_rows"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Name)
        and node.args[1].id in tables
    ):
        return node.args[1].id
    return None


def _where(path: Path, node: ast.AST, func: ast.FunctionDef) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')} {func.name}"


def cross_domain_writes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _package(_module_name(path))
    tables = _foreign_tables(tree, package)
    found: list[str] = []
    if not tables:
        return found
    for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        rows: dict[str, str] = {}
        dicts: dict[str, str] = {}
        for arg in func.args.args + func.args.kwonlyargs:
            annotation = ast.unparse(arg.annotation) if arg.annotation else ""
            if annotation.strip("'\"") in tables:
                rows[arg.arg] = annotation.strip("'\"")
        for node in ast.walk(func):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    if (model := _lock_rows_model(node.value, tables)) is not None:
                        dicts[target.id] = model
                    elif (model := _model_of(node.value, tables, dicts)) is not None:
                        rows[target.id] = model
            elif isinstance(node, ast.For) and isinstance(node.target, ast.Name):
                it = node.iter
                if (
                    isinstance(it, ast.Call)
                    and isinstance(it.func, ast.Attribute)
                    and it.func.attr == "values"
                    and isinstance(it.func.value, ast.Name)
                    and it.func.value.id in dicts
                ):
                    rows[node.target.id] = dicts[it.func.value.id]
        for node in ast.walk(func):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AugAssign | ast.AnnAssign)
                else []
            )
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in rows
                ):
                    model = rows[target.value.id]
                    found.append(f"{_where(path, node, func)} writes {model}.{target.attr}")
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else ""
                if name in tables:
                    found.append(f"{_where(path, node, func)} creates a {name}")
                if name in WRITES:
                    for arg in node.args:
                        used = {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)} & tables
                        if used:
                            found.append(f"{_where(path, node, func)} {name}s {used}")
    return found


def test_the_write_checker_sees_a_write_through_each_kind_of_binding(tmp_path):
    probe = ROOT / "shipments" / "_probe_write.py"
    probe.write_text(
        "from tracker.requests.models import AidRequest\n"
        "def a(request: AidRequest):\n    request.quantity_shipped += 1\n"
        "def b(session, ids):\n    rs = lock_rows(session, AidRequest, ids)\n"
        "    r = rs[1]\n    r.status = 'x'\n"
        "def c(session):\n    r = session.get(AidRequest, 1)\n    r.item = 'x'\n"
        "def d(session):\n    session.execute(update(AidRequest).values(item='x'))\n"
        "def e(session):\n    session.add(AidRequest(item='x'))\n"
        "def f(request: AidRequest):\n    return request.quantity_shipped\n",
        encoding="utf-8",
    )
    try:
        found = cross_domain_writes(probe)
    finally:
        probe.unlink()
    assert [f.split()[1] for f in found] == ["a", "b", "c", "d", "e"], found


def test_no_domain_writes_another_domains_table():
    found = [
        finding
        for path in sorted(ROOT.rglob("*.py"))
        if _package(_module_name(path)) in DOMAINS - {"dashboard", "map"}
        and path.name != "models.py"
        for finding in cross_domain_writes(path)
    ]
    assert found == [], "\n".join(found)
