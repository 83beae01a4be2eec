"""Exact row-block products ``A[r0:r1] @ B.T`` for sparse A, B sharing their columns.

Columns (tokens, terms) that are frequent in both matrices would make a sparse-times-sparse
product nearly dense and slow, so they go through a dense BLAS product; the remaining, rare
columns go through a sparse product whose result is scattered into the dense block.
The sum is exactly the full product (up to float32 rounding).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


class SplitProduct:
    def __init__(
        self,
        a: sp.csr_matrix,
        b: sp.csr_matrix,
        dense_density: float = 0.002,
        max_dense_columns: int = 1024,
    ) -> None:
        assert a.shape[1] == b.shape[1]
        n_a, n_b = a.shape[0], b.shape[0]
        m = a.shape[1]
        self.n_b = n_b
        dfa = np.bincount(a.indices, minlength=m).astype(np.float64)
        dfb = np.bincount(b.indices, minlength=m).astype(np.float64)
        # A column is worth a dense BLAS pass when it would touch more than ``dense_density``
        # of all pairs in a sparse product.
        density = dfa * dfb / max(1.0, float(n_a) * float(n_b))
        dense = np.flatnonzero(density > dense_density)
        if dense.size > max_dense_columns:
            dense = dense[np.argsort(-density[dense], kind="stable")[:max_dense_columns]]
            dense.sort()
        is_dense = np.zeros(m, dtype=bool)
        is_dense[dense] = True
        rare = np.flatnonzero(~is_dense & (dfa > 0) & (dfb > 0))
        a = a.tocsc()
        b = b.tocsc()
        self.a_dense = np.ascontiguousarray(a[:, dense].toarray(), dtype=np.float32)
        self.bt_dense = np.ascontiguousarray(b[:, dense].toarray().T, dtype=np.float32)
        self.a_sparse = a[:, rare].tocsr().astype(np.float32)
        self.bt_sparse = b[:, rare].T.tocsr().astype(np.float32)
        self.has_dense = dense.size > 0
        self.has_sparse = rare.size > 0

    def rows(self, r0: int, r1: int) -> np.ndarray:
        if self.has_dense:
            out = self.a_dense[r0:r1] @ self.bt_dense
        else:
            out = np.zeros((r1 - r0, self.n_b), dtype=np.float32)
        if self.has_sparse:
            prod = (self.a_sparse[r0:r1] @ self.bt_sparse).tocsr()
            if prod.nnz:
                rows = np.repeat(np.arange(r1 - r0), np.diff(prod.indptr))
                out[rows, prod.indices] += prod.data
        return out
