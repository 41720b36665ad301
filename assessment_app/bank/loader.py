"""Load a question bank directory, collecting every problem rather than stopping at one.

Layout: ``competencies.yaml``; ``items/**/*.yaml`` (any depth, ``.yaml`` or ``.yml``); and
``tests/*.yaml``. Files are read in sorted order of their relative paths; names starting with
a dot (editor lock and swap files) are skipped. A bank without test files is valid.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from assessment_app.bank.crosscheck import Drafts, cross_check
from assessment_app.bank.model import Bank
from assessment_app.bank.parse_competencies import CompetencyDraft, parse_competency_file
from assessment_app.bank.parse_items import ItemDraft, parse_item_file
from assessment_app.bank.parse_tests import parse_test_file
from assessment_app.bank.problems import Problem, Reporter, sort_problems
from assessment_app.bank.yamlnodes import compose_file

COMPETENCIES_FILE = "competencies.yaml"
ITEMS_DIR = "items"
TESTS_DIR = "tests"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadResult:
    """The bank (None if there is any problem) and every problem, sorted by path and line."""

    bank: Bank | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the bank loaded without problems."""
        return not self.problems


def load_bank(directory: str | os.PathLike[str]) -> LoadResult:
    """Read and check the bank in ``directory``.

    Problem paths are ``os.path.join(directory, relative_path)`` with the directory exactly
    as given, so ``question_bank/`` yields ``question_bank/items/int.yaml``.
    """
    directory = os.fspath(directory)
    problems: list[Problem] = []
    if not os.path.isdir(directory):
        return LoadResult(None, [Problem(directory, 1, "the bank directory does not exist")])
    drafts = _read_drafts(directory, problems)
    cross_check(drafts, problems)
    if problems:
        return LoadResult(None, sort_problems(problems))
    bank = Bank(
        tuple(draft.build() for draft in drafts.competencies),
        tuple(draft.build() for draft in drafts.items),
        tuple(draft.build() for draft in drafts.tests),
    )
    return LoadResult(bank, [])


def _read_drafts(directory: str, problems: list[Problem]) -> Drafts:
    """Parse every file of the bank into drafts, reporting per-file problems."""
    competencies = _read_competencies(directory, problems)
    items, unsure_pools = _read_items(directory, problems)
    tests = []
    for path in _yaml_files(directory, TESTS_DIR, recursive=False):
        report = Reporter(path, problems)
        root = compose_file(path, report)
        test = parse_test_file(path, root, report) if root is not None else None
        if test is not None:
            tests.append(test)
    return Drafts(
        competencies or [],
        items,
        tests,
        competencies_ok=competencies is not None,
        unsure_pools=unsure_pools,
    )


def _read_items(
    directory: str, problems: list[Problem]
) -> tuple[list[ItemDraft], frozenset[str] | None]:
    """Parse every item file; return the drafts and the competencies with unread items.

    An item file that does not parse (or holds an unreadable item) leaves its competency's
    pool size unknown; the competency is taken from the file's own `competency:` line when
    the YAML cannot be read, and when even that fails, every pool is unknown (None).
    """
    paths = _yaml_files(directory, ITEMS_DIR, recursive=True)
    if not paths:
        message = f"no item files ({ITEMS_DIR}/**/*.yaml)"
        problems.append(Problem(os.path.join(directory, ITEMS_DIR), 1, message))
        return [], None
    drafts: list[ItemDraft] = []
    unsure: set[str] | None = set()
    for path in paths:
        report = Reporter(path, problems)
        root = compose_file(path, report)
        found, file_complete = (
            parse_item_file(path, root, report) if root is not None else ([], False)
        )
        drafts.extend(found)
        if not file_complete and unsure is not None:
            code = declared_competency(path)
            unsure = None if code is None else unsure | {code}
    return drafts, None if unsure is None else frozenset(unsure)


def _read_competencies(directory: str, problems: list[Problem]) -> list[CompetencyDraft] | None:
    """Parse ``competencies.yaml``; return None when it is missing or unusable."""
    path = os.path.join(directory, COMPETENCIES_FILE)
    report = Reporter(path, problems)
    if not os.path.isfile(path):
        report(1, f"{COMPETENCIES_FILE} is missing")
        return None
    root = compose_file(path, report)
    return parse_competency_file(path, root, report) if root is not None else None


_COMPETENCY_LINE = re.compile(
    r"""^competency:[ \t]*["']?([A-Za-z0-9_-]+)["']?[ \t]*(?:#.*)?$""", re.MULTILINE
)


def declared_competency(path: str) -> str | None:
    """Return the code on an item file's top-level `competency:` line, read as plain text
    (for a file whose YAML does not parse); None when there is not exactly one."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            codes = set(_COMPETENCY_LINE.findall(handle.read()))
    except (OSError, UnicodeDecodeError):
        return None
    return codes.pop() if len(codes) == 1 else None


def _yaml_files(directory: str, subdir: str, *, recursive: bool) -> list[str]:
    """Return the YAML files under ``directory/subdir`` as display paths, sorted."""
    base = os.path.join(directory, subdir)
    found: list[str] = []
    for root, dirnames, filenames in os.walk(base):
        dirnames[:] = [name for name in dirnames if recursive and not name.startswith(".")]
        for name in filenames:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                found.append(os.path.relpath(os.path.join(root, name), directory))
    # Sorted as strings, the order problems are printed in, so "first" means printed first.
    return [os.path.join(directory, relative) for relative in sorted(found)]
