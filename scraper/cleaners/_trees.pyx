# cython: language_level=3, boundscheck=False, wraparound=False
"""`BlockModel`'s tree walk, compiled (block_model.py walks the same trees with numpy, which is
the reference and the fallback; tests/cleaners/test_compiled_trees.py holds them equal).

numpy walks every tree for every row at once, one level a step: each step makes four arrays
the size of rows × trees (the nodes, their features, the values tested, the next nodes), and
on a page of a hundred blocks that allocation, not the comparisons, is most of the cost. Here
each row walks each tree in a loop of C, and only the sum of its leaves is kept. The sum is
taken tree by tree in the model's order, as numpy's sum over the trees axis takes it, so the
two give the same doubles. Bounds are not checked here, per step: a model file is data, so
`BlockModel` checks every node and column index once, when the model is made, and the caller
passes rows at least as wide as the model's names.
"""

from libc.stdint cimport int64_t

ctypedef fused Real:
    float
    double


def leaf_sums(
    const Real[:, ::1] rows,
    const int64_t[::1] feature,
    const double[::1] threshold,
    const int64_t[::1] child,
    const double[::1] value,
    const int64_t[::1] roots,
    Py_ssize_t depth,
    double[::1] sums,
):
    """`sums[r]`: the sum over the trees of the leaf row `r` reaches, walking `depth` steps
    from each root (a leaf is its own child, with an infinite threshold). The caller has
    checked the indexes (`BlockModel.__post_init__`, the rows' width)."""
    cdef Py_ssize_t r, t, step, n_rows = rows.shape[0], n_trees = roots.shape[0]
    cdef int64_t a, b, c, d
    if sums.shape[0] != n_rows:
        raise ValueError("sums must hold one value a row")
    with nogil:
        for t in range(n_trees):
            r = 0
            while r + 4 <= n_rows:  # four walks at once: each step waits on the one before
                a = b = c = d = roots[t]
                for step in range(depth):
                    a = child[a] + (<double>rows[r, feature[a]] > threshold[a])
                    b = child[b] + (<double>rows[r + 1, feature[b]] > threshold[b])
                    c = child[c] + (<double>rows[r + 2, feature[c]] > threshold[c])
                    d = child[d] + (<double>rows[r + 3, feature[d]] > threshold[d])
                _add(sums, r, t, value[a])
                _add(sums, r + 1, t, value[b])
                _add(sums, r + 2, t, value[c])
                _add(sums, r + 3, t, value[d])
                r += 4
            while r < n_rows:
                a = roots[t]
                for step in range(depth):
                    a = child[a] + (<double>rows[r, feature[a]] > threshold[a])
                _add(sums, r, t, value[a])
                r += 1


cdef inline void _add(double[::1] sums, Py_ssize_t r, Py_ssize_t t, double leaf) noexcept nogil:
    if t == 0:
        sums[r] = leaf
    else:
        sums[r] += leaf
