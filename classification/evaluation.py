"""Measure the search and the coding assistant on evaluation sets.

``evaluate`` gives top-1 / top-3 / top-5 hit rates per kind of query, ``calibrate`` the
share of suggestions right per score band, and ``evaluate_assistant`` runs both systems
over the bundled sets (``tests/classification/search_cases.csv`` and
``suggest_cases_en.csv``, whose expected codes were written before any tuning). The
tests assert the issue's goals on that one run; ``manage.py evaluate_assistant`` and
``bench/classification_suggest.py`` print it.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

CASES_DIR = Path(settings.BASE_DIR) / "tests" / "classification"
SEARCH_CASES = CASES_DIR / "search_cases.csv"
ENGLISH_CASES = CASES_DIR / "suggest_cases_en.csv"
# The kinds of query in the sets, in the order the report lists them.
KINDS = {
    "az": "Azerbaijani",
    "az_ascii": "Azerbaijani typed without ə ğ ı ö ş ü ç",
    "ru": "Russian",
    "en": "English",
    "typo": "misspelt",
    "code": "code",
    "tr": "Turkish",
    "head": "head and modifier",
    "duties": "title with duties",
    "generic": "generic title",
    "en_duties": "English title, duties, industry",
}
# The kinds the search was built and tuned for; the others measure the assistant.
SEARCH_KINDS = frozenset({"az", "az_ascii", "code", "en", "ru", "typo"})


@dataclass(frozen=True)
class Case:
    query: str
    expected: frozenset[str]
    category: str
    duties: str = ""
    industry: str = ""
    activity: str = ""


@dataclass
class Rates:
    total: int = 0
    top1: int = 0
    top3: int = 0
    top5: int = 0

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0

    @property
    def top5_rate(self) -> float:
        return self.top5 / self.total if self.total else 0.0


@dataclass
class Evaluation:
    overall: Rates = field(default_factory=Rates)
    by_category: dict[str, Rates] = field(default_factory=dict)
    misses: list[tuple[Case, list[str]]] = field(default_factory=list)

    def table(self) -> str:
        """Return the rates as a plain-text table."""
        lines = [f"{'category':<16} {'n':>4} {'top-1':>7} {'top-3':>7} {'top-5':>7}"]
        rows = sorted(self.by_category.items()) + [("overall", self.overall)]
        for name, rates in rows:
            lines.append(
                f"{name:<16} {rates.total:>4} {rates.top1_rate:>7.1%} "
                f"{rates.top3_rate:>7.1%} {rates.top5_rate:>7.1%}"
            )
        return "\n".join(lines)


def load_cases(path: Path, category: str = "other") -> list[Case]:
    """Read ``query`` (or ``title``), ``expected`` and optional ``category``, ``duties``,
    ``industry``, ``activity`` columns; expected codes are joined by ``|``."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [
            Case(
                query=(row.get("query") or row.get("title") or "").strip(),
                expected=frozenset(code.strip() for code in row["expected"].split("|") if code),
                category=(row.get("category") or "").strip() or category,
                duties=(row.get("duties") or "").strip(),
                industry=(row.get("industry") or "").strip(),
                activity=(row.get("activity") or "").strip(),
            )
            for row in csv.DictReader(handle)
            if (row.get("query") or row.get("title") or "").strip()
        ]


def evaluate(cases: list[Case], run: Callable[[str], list[str]]) -> Evaluation:
    """Run every case through ``run`` (query → ranked codes) and count the hits."""
    return evaluate_cases(cases, lambda case: run(case.query))


def evaluate_cases(cases: list[Case], run: Callable[[Case], list[str]]) -> Evaluation:
    """Run every case through ``run`` (case → ranked codes) and count the hits."""
    result = Evaluation()
    for case in cases:
        codes = run(case)
        hit1 = bool(codes[:1]) and codes[0] in case.expected
        hit3 = any(code in case.expected for code in codes[:3])
        hit5 = any(code in case.expected for code in codes[:5])
        for rates in (result.overall, result.by_category.setdefault(case.category, Rates())):
            rates.total += 1
            rates.top1 += hit1
            rates.top3 += hit3
            rates.top5 += hit5
        if not hit1:
            result.misses.append((case, codes[:5]))
    return result


BANDS = ((90, 100), (80, 89), (70, 79), (60, 69), (50, 59), (40, 49), (30, 39), (20, 29), (0, 19))


@dataclass
class Calibration:
    """How often suggestions in each score band were right."""

    counts: dict[tuple[int, int], list[int]] = field(
        default_factory=lambda: {band: [0, 0] for band in BANDS}
    )

    def add(self, score: int, right: bool) -> None:
        for band in BANDS:
            if band[0] <= score <= band[1]:
                self.counts[band][0] += 1
                self.counts[band][1] += right
                return

    def share_right(self, at_least: int) -> tuple[int, float]:
        """Return (how many, share right) of suggestions scored ``at_least`` or more."""
        n = sum(c[0] for band, c in self.counts.items() if band[0] >= at_least)
        right = sum(c[1] for band, c in self.counts.items() if band[0] >= at_least)
        return n, (right / n if n else 1.0)

    def table(self) -> str:
        lines = [f"{'score':<8} {'n':>5} {'right':>7}"]
        for band in BANDS:
            n, right = self.counts[band]
            share = f"{right / n:.1%}" if n else "—"
            lines.append(f"{band[0]:>3}-{band[1]:<4} {n:>5} {share:>7}")
        n, share = self.share_right(70)
        lines.append(f"{'>=70':<8} {n:>5} {share:>7.1%}")
        return "\n".join(lines)


def calibrate(cases: list[Case], run: Callable[[Case], list[tuple[str, int]]]) -> Calibration:
    """Score every suggestion ``run`` gives (code, score) against the expected codes."""
    result = Calibration()
    for case in cases:
        for code, score in run(case):
            result.add(score, code in case.expected)
    return result


# ---------------------------------------------------------------------------
# The search and the coding assistant over the bundled sets


def load_assistant_cases(
    search_cases: Path = SEARCH_CASES, english_cases: Path = ENGLISH_CASES
) -> list[Case]:
    """Return the cases of both sets; the English set's kind is ``en_duties``."""
    return load_cases(search_cases) + load_cases(english_cases, category="en_duties")


def has_context(case: Case) -> bool:
    return bool(case.duties or case.industry or case.activity)


@dataclass
class AssistantEvaluation:
    """One run of every case through the search and the assistant."""

    cases: list[Case]
    alone: dict  # case → SuggestResult for the title alone
    full: dict  # case with context → SuggestResult for title, duties, industry, activity
    search_alone: Evaluation
    search_joined: Evaluation  # cases with context: title and duties as one search string
    suggest_alone: Evaluation
    suggest_title: Evaluation  # cases with context, asked with the title alone
    suggest_full: Evaluation  # cases with context, asked with it
    calibration: Calibration  # every suggestion of every case, asked with its context
    calibration_alone: Calibration  # the cases with context, asked with the title alone

    @property
    def generic(self) -> list[Case]:
        return [case for case in self.cases if case.category == "generic"]

    @property
    def generic_not_flagged(self) -> list[str]:
        return [case.query for case in self.generic if not self.alone[case].ambiguous]

    def _generic_line(self) -> str:
        missed = self.generic_not_flagged
        line = f"Generic titles flagged ambiguous: {len(self.generic) - len(missed)} of "
        line += str(len(self.generic))
        return line + (f" (not flagged: {', '.join(missed)})" if missed else "")

    def digest(self) -> str:
        """Return a short hash of every answer (codes and scores), to compare databases."""
        digest = hashlib.sha256()
        for answers in (self.alone, self.full):
            for case in sorted(answers, key=_case_key):
                suggestions = answers[case].suggestions
                digest.update(repr([(s.code, s.score) for s in suggestions]).encode())
        return digest.hexdigest()[:16]

    def table(self, *, misses: bool = False) -> str:
        """Return the report: hit rates per kind, calibration, generic titles, digest."""
        parts = [
            "== Title alone: search and assistant, per kind",
            _side_by_side(
                [("search", self.search_alone), ("suggest", self.suggest_alone)],
                [kind for kind in KINDS if kind in self.search_alone.by_category],
            ),
            "",
            "== Cases with duties (and industry): search with title and duties as one string,"
            " assistant with the title alone and with its context",
            _side_by_side(
                [
                    ("search t+d", self.search_joined),
                    ("suggest t", self.suggest_title),
                    ("suggest t+d", self.suggest_full),
                ],
                [kind for kind in KINDS if kind in self.suggest_full.by_category],
            ),
            "",
            self._generic_line(),
            "",
            "== Calibration: every suggestion (up to 5) of every case, asked with its context",
            self.calibration.table(),
            "",
            "== Calibration: the cases with duties, asked with the title alone",
            self.calibration_alone.table(),
            "",
            f"Results digest (compare across databases): {self.digest()}",
        ]
        if misses:
            parts += ["", "== Assistant misses at 1 (with context where the case has it)"]
            for case in self.cases:
                answer = self.full.get(case) or self.alone[case]
                codes = [s.code for s in answer.suggestions]
                if not codes or codes[0] not in case.expected:
                    parts.append(
                        f"  [{case.category}] {case.query!r} + {case.duties[:50]!r}"
                        f" want {sorted(case.expected)} got {codes}"
                    )
        return "\n".join(parts)


def _case_key(case: Case) -> tuple:
    return (case.category, case.query, case.duties, case.industry, case.activity)


def _side_by_side(columns: list[tuple[str, Evaluation]], kinds: list[str]) -> str:
    width = max(len(KINDS[kind]) for kind in kinds) if kinds else 10
    head = f"{'kind':<{width}} {'n':>4}" + "".join(
        f" {name + ' @1':>14} {'@3':>6} {'@5':>6}" for name, _e in columns
    )
    lines = [head]
    rows = [(KINDS[kind], kind) for kind in kinds] + [("overall", None)]
    for label, kind in rows:
        first = columns[0][1]
        total = (first.by_category.get(kind) if kind else first.overall) or Rates()
        line = f"{label:<{width}} {total.total:>4}"
        for _name, evaluation in columns:
            rates = (evaluation.by_category.get(kind) if kind else evaluation.overall) or Rates()
            line += f" {rates.top1_rate:>14.1%} {rates.top3_rate:>6.1%} {rates.top5_rate:>6.1%}"
        lines.append(line)
    return "\n".join(lines)


def evaluate_assistant(cases: list[Case] | None = None) -> AssistantEvaluation:
    """Run every case through the search and the assistant (in Azerbaijani) and count."""
    from .search import search
    from .suggest import suggest

    cases = load_assistant_cases() if cases is None else cases
    cases = list(dict.fromkeys(cases))  # a repeated row counts once

    def searched(text: str) -> list[str]:
        return [r.code for r in search(text, level=4, limit=5, log_unmatched=False)]

    alone = {case: suggest(case.query, language="az") for case in cases}
    full = {
        case: suggest(
            case.query,
            duties=case.duties,
            industry=case.industry,
            activity=case.activity,
            language="az",
        )
        for case in cases
        if has_context(case)
    }
    with_context = [case for case in cases if has_context(case)]

    def codes(answers: dict) -> Callable[[Case], list[str]]:
        return lambda case: [s.code for s in answers[case].suggestions]

    def scored(answers: dict) -> Callable[[Case], list[tuple[str, int]]]:
        return lambda case: [(s.code, s.score) for s in answers[case].suggestions]

    asked = {case: full.get(case) or alone[case] for case in cases}
    return AssistantEvaluation(
        cases=cases,
        alone=alone,
        full=full,
        search_alone=evaluate(cases, searched),
        search_joined=evaluate_cases(
            with_context, lambda case: searched(f"{case.query} {case.duties}")
        ),
        suggest_alone=evaluate_cases(cases, codes(alone)),
        suggest_title=evaluate_cases(with_context, codes(alone)),
        suggest_full=evaluate_cases(with_context, codes(full)),
        calibration=calibrate(cases, scored(asked)),
        calibration_alone=calibrate(with_context, scored(alone)),
    )
