"""Measure search quality on an evaluation set: top-1 and top-5 hit rates per category."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


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
    result = Evaluation()
    for case in cases:
        codes = run(case.query)
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
