"""Decoding a document's structure from per-block scores.

Two decisions, each over the whole document rather than block by block:

- **roles** (:func:`viterbi`): chrome, title or body for every block, with learned transition scores,
  so a title comes before its body and chrome lines cluster at the top and the bottom of a page;
- **the plan part** (:func:`plan_start`): where the plan part of the body begins. The document's genre
  (summary, plan, or summary followed by a plan) is decided first; in a mixed document the split is the
  position with the most plan evidence after it (the tense model's log-odds plus a bonus where a plan
  heading or lead-in stands), and it may be past the end of the text (an excerpt that stops before its
  plan part). The plan part is contiguous by construction.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

GENRES = ("summary", "plan", "mixed")


def viterbi(emit: np.ndarray, trans: np.ndarray, start: np.ndarray) -> list[int]:
    """The best state path for log emission scores ``emit`` (n, k), log transitions (k, k) and starts (k,)."""
    n, k = emit.shape
    if n == 0:
        return []
    if k <= 4:
        return _viterbi_small(emit, trans, start)
    score = start + emit[0]
    back = np.zeros((n, k), dtype=np.int64)
    cols = np.arange(k)
    for i in range(1, n):
        cand = score[:, None] + trans
        best = cand.argmax(axis=0)
        back[i] = best
        score = cand[best, cols] + emit[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i][path[-1]]))
    return path[::-1]


def _viterbi_small(emit: np.ndarray, trans: np.ndarray, start: np.ndarray) -> list[int]:
    """:func:`viterbi` in plain Python for a few states (roles), where numpy's per-step calls cost more than
    the arithmetic; the same path (ties go to the lower state, as ``argmax`` does)."""
    e, k = emit.tolist(), emit.shape[1]
    into = trans.T.tolist()  # into[b][a]: the score of a -> b
    states = range(k)
    score = [float(start[j]) + e[0][j] for j in states]
    back = []
    for row in e[1:]:
        prev, score, here = score, [], []
        for b in states:
            col = into[b]
            best_a, best = 0, prev[0] + col[0]
            for a in range(1, k):
                v = prev[a] + col[a]
                if v > best:
                    best_a, best = a, v
            score.append(best + row[b])
            here.append(best_a)
        back.append(here)
    j = max(states, key=lambda s: score[s])
    path = [j]
    for here in reversed(back):
        j = here[j]
        path.append(j)
    return path[::-1]


def plan_start(genre: str, log_odds: Sequence[float], bonus: Sequence[float], no_split: float = 0.0,
               uncued: float = 0.0) -> int:
    """Index (into the body blocks) of the first block of the plan part; ``len(log_odds)`` for none.

    ``genre`` is one of :data:`GENRES`; ``log_odds`` are the tense model's plan-versus-summary log-odds of
    the body blocks, ``bonus`` the cue score of each block as a start (a plan heading or lead-in);
    ``no_split`` is the score of "the plan part is not in this text" for a mixed document, ``uncued`` the
    penalty of a start where no cue stands (a plan part usually opens with a heading or a lead-in)."""
    n = len(log_odds)
    if genre == "plan":
        return 0
    if genre == "summary" or n < 2:
        return n
    suffix = np.cumsum(np.asarray(log_odds, dtype=float)[::-1])[::-1]
    scores = [float(suffix[s] + bonus[s] - (uncued if bonus[s] <= 0 else 0.0)) for s in range(1, n)] + [no_split]
    return 1 + int(np.argmax(scores))


def closing_lines(is_closing: Sequence[bool]) -> int:
    """How many blocks at the end of a document are its closing (signature and date lines)."""
    k = 0
    for flag in reversed(is_closing):
        if not flag:
            break
        k += 1
    return k


def genre_and_start(genre_logp: dict, log_odds: Sequence[float], bonus: Sequence[float], weight: float,
                    uncued: float = 0.0) -> tuple[str, int]:
    """Genre and plan start decided together: each genre's log-probability plus ``weight`` times the
    plan evidence of its plan part (the tense log-odds after the start, and the start's cue bonus)."""
    n = len(log_odds)
    lo = np.asarray(log_odds, dtype=float)
    suffix = np.cumsum(lo[::-1])[::-1] if n else lo
    best = (genre_logp.get("summary", -np.inf), "summary", n)
    if n:
        best = max(best, (genre_logp.get("plan", -np.inf) + weight * float(suffix[0]), "plan", 0))
    for s in range(1, n):
        cue = float(bonus[s]) if bonus[s] > 0 else -uncued
        best = max(best, (genre_logp.get("mixed", -np.inf) + weight * (float(suffix[s]) + cue), "mixed", s))
    return best[1], best[2]
