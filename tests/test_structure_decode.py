"""The small-state Viterbi gives the same paths as the numpy recursion, ties included."""

import numpy as np

from zongjie.structure.decode import viterbi


def _reference(emit, trans, start):
    n, _ = emit.shape
    score = start + emit[0]
    back = np.zeros(emit.shape, dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + emit[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i][path[-1]]))
    return path[::-1]


def test_viterbi_matches_the_numpy_recursion_on_random_and_tied_scores():
    rng = np.random.default_rng(7)
    for _ in range(500):
        n, k = int(rng.integers(1, 25)), int(rng.integers(1, 9))
        # rounding to one decimal makes ties common, so tie-breaking is checked too
        emit = np.round(np.log(rng.random((n, k))), 1)
        trans = np.round(np.log(rng.random((k, k))), 1)
        start = np.round(np.log(rng.random(k)), 1)
        assert viterbi(emit, trans, start) == _reference(emit, trans, start)


def test_viterbi_follows_strong_transitions():
    emit = np.log(np.array([[0.9, 0.1], [0.4, 0.6], [0.9, 0.1]]))
    stay = np.log(np.array([[0.99, 0.01], [0.01, 0.99]]))
    assert viterbi(emit, stay, np.zeros(2)) == [0, 0, 0]
    assert viterbi(emit, np.zeros((2, 2)), np.zeros(2)) == [0, 1, 0]
