"""TF-IDF text model on numpy/scipy.sparse (no scikit-learn).

* tokens: lower-cased runs of letters/digits (``PD-L1`` -> ``pd``, ``l1``), minus a small
  English stop-word list, plus bigrams of neighbouring kept tokens (``kras g12c``);
* weight = (1 + log tf) * idf with idf = ln((1 + n) / (1 + df)) + 1, rows L2-normalised;
* the vocabulary and the document frequencies come from *public* documents only, so a
  confidential asset's text can never change anyone else's weights; an asset's text is
  projected on that vocabulary when it is visible to a viewer;
* terms found in more than ``max_df`` of the documents (default 50 %) are dropped: they carry
  almost no weight and make the similarity product dense.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = """a about after all also an and any are as at be been being both but by can could do does
    for from had has have having he her here his how i if in into is it its just like more most
    my no not of on or our ours out over own same she so some such than that the their them then
    there these they this those through to too under up us very was we were what when where which
    while who whom why will with would you your yours looking seeking seek offer offers offering
    interested interest partner partners partnering new work working company team"""
STOP_WORDS = frozenset(_STOP.split())


def tokenize(text: str) -> list[str]:
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]
    bigrams = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    return words + bigrams


@dataclass
class TfidfModel:
    vocabulary: dict[str, int]
    idf: np.ndarray
    terms: list[str]

    def __post_init__(self) -> None:
        self._idf_list: list[float] = self.idf.tolist()

    @classmethod
    def fit(cls, documents: Sequence[str], max_df: float = 0.5) -> TfidfModel:
        return cls.fit_counts([Counter(tokenize(d)) for d in documents], max_df)[0]

    @classmethod
    def fit_counts(
        cls, counts: Sequence[Counter[str]], max_df: float = 0.5
    ) -> tuple[TfidfModel, sp.csr_matrix]:
        """Fit on token counts of public documents; also return their TF-IDF matrix."""
        n = len(counts)
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        limit = max(2, int(max_df * n)) if n >= 4 else n + 1
        terms = sorted(t for t, c in df.items() if c <= limit)
        vocabulary = {t: k for k, t in enumerate(terms)}
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
        model = cls(vocabulary=vocabulary, idf=idf, terms=terms)
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        get = vocabulary.get
        for r, c in enumerate(counts):
            for t, v in c.items():
                k = get(t)
                if k is not None:
                    rows.append(r)
                    cols.append(k)
                    tfs.append(v)
        col = np.asarray(cols, dtype=np.int64)
        data = (1.0 + np.log(np.asarray(tfs, dtype=np.float64))) * idf[col]
        matrix = sp.csr_matrix(
            (data, (np.asarray(rows, dtype=np.int64), col)), shape=(n, len(terms))
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        matrix = sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
        matrix.sort_indices()
        return model, matrix.astype(np.float32)

    def _weights(self, counts: dict[int, int]) -> dict[int, float]:
        idf = self._idf_list
        vec = {k: (1.0 + math.log(c)) * idf[k] for k, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        if norm == 0.0:
            return {}
        return {k: v / norm for k, v in vec.items()}

    def vector(self, texts: Iterable[str]) -> dict[int, float]:
        """L2-normalised TF-IDF vector of the concatenation of ``texts`` (sparse dict)."""
        counts: Counter[int] = Counter()
        for text in texts:
            for tok in tokenize(text):
                k = self.vocabulary.get(tok)
                if k is not None:
                    counts[k] += 1
        return self._weights(counts)


def cosine(u: dict[int, float], v: dict[int, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return float(sum(w * v[k] for k, w in u.items() if k in v))
