"""Grouping articles into events: TF-IDF vectors, blocking, average-linkage clusters.

Comparing every pair of articles is quadratic, so candidate pairs come from *blocking*:
each article's strongest features (its main names and words) are its block keys, and
articles that share a key are candidates. A key shared by more articles than
``BLOCK_CAP`` (a common name, or thousands of copies of one wire story) does not pair
them all: they are sorted by how strongly they carry it and each is paired with its
``WINDOW`` neighbours (sorted-neighbourhood blocking), so near-duplicates still meet and
the pairs stay linear in the number of articles.

Candidate pairs similar enough to be related at all split the batch into connected
components; inside each, average linkage (scipy) over exact cosine similarities decides
the events: two groups merge while their articles are, on average, at least
``MIN_SIMILARITY`` alike, articles of different main years counting half as alike. A
second cut, lower (``RELATED_SIMILARITY``) and blind to years, gives groups of related
events: the stages of one long conflict, one team's season. Average linkage, unlike
connected components, does not chain
two similar stories (two arrests of two players of one team) through one article that
mentions both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

#: Weight of each kind of feature in the similarity: names say most about which event an
#: article reports, years and months tell apart two similar events of different times.
WEIGHTS = {"names": 3.0, "words": 1.0, "dates": 1.0}
#: Average cosine similarity at which two groups of articles are one event.
MIN_SIMILARITY = 0.20
#: Average similarity at which events are *related* (one long conflict, one team's
#: season): figures that state their own year are compared across related events.
RELATED_SIMILARITY = 0.10
#: Two articles whose main years differ (their own dates, else the year they name most)
#: are this much less alike: two launches of one product line, two arrests of one team.
OTHER_YEAR_FACTOR = 0.5
#: Strongest features per article used as block keys.
TOP_FEATURES = 12
#: A block key shared by more articles than this pairs each only with its neighbours.
BLOCK_CAP = 64
#: Neighbours each article is paired with inside an oversized block.
WINDOW = 8
#: Largest component clustered with a dense similarity matrix; larger ones are first cut
#: at a stricter similarity (only long chains of near-duplicates get that large).
DENSE_LIMIT = 2000
#: Similarity past which a large component is copies of one story: one event. (An article
#: without dates is at most 0.8 alike even to itself, since dates carry a fifth of the weight.)
NEAR_DUPLICATE = 0.7
MAX_DF = 1.0


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def feature_matrix(articles: Iterable[list[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Rows: articles; columns: ``names:``, ``words:`` and ``dates:`` terms.

    ``articles`` yields each article's prefixed features (:func:`.features.tokens`) and
    is read once, so no article's features are kept. Each kind is TF-IDF weighted and
    L2-normalised on its own, then weighted, so the dot product of two rows is the
    weighted mean of three cosine similarities; an article with no dates simply gets
    nothing from that part, rather than more weight on the others.
    """
    counts = CountVectorizer(analyzer=_identity, lowercase=False)
    rows = iter(articles)
    read = 0

    def counted() -> Iterator[list[str]]:
        nonlocal read
        for article in rows:
            read += 1
            yield article

    try:
        matrix = counts.fit_transform(counted())
    except ValueError:  # no article has any feature: still one (empty) row for each
        read += sum(1 for _ in rows)
        return sp.csr_matrix((read, 0)), []
    vocabulary = list(counts.get_feature_names_out())  # sorted: each kind is contiguous
    return weight_counts(matrix, vocabulary), vocabulary


def weight_counts(
    counts: sp.spmatrix,
    vocabulary: list[str],
    frequencies: np.ndarray | None = None,
    documents: int | None = None,
) -> sp.csr_matrix:
    """TF-IDF weights of a count matrix, each kind on its own (see :func:`feature_matrix`).

    The inverse document frequencies are those of ``counts`` itself, unless
    ``frequencies`` (the number of documents of a whole corpus that have each term of
    ``vocabulary``) and ``documents`` (how many the corpus has) are given: then the rows
    of any part of that corpus are weighted exactly as in the matrix of the whole, since
    every other step (sublinear counts, the per-kind L2 norm) works row by row.
    """
    matrix = counts.tocsc()
    total = sum(WEIGHTS.values())
    blocks = []
    for kind, weight in WEIGHTS.items():
        columns = [i for i, term in enumerate(vocabulary) if term.startswith(kind + ":")]
        if not columns:
            continue
        block = matrix[:, columns[0] : columns[-1] + 1]
        transformer = TfidfTransformer(sublinear_tf=True)
        if frequencies is None:
            weighted = transformer.fit_transform(block)
        else:
            assert documents is not None
            transformer.idf_ = inverse_frequencies(
                frequencies[columns[0] : columns[-1] + 1], documents
            )
            weighted = transformer.transform(block)
        blocks.append((columns[0], weighted * np.sqrt(weight / total)))
    blocks.sort(key=lambda item: item[0])
    return sp.hstack([b for _, b in blocks]).tocsr()


def inverse_frequencies(frequencies: np.ndarray, documents: int) -> np.ndarray:
    """Smoothed inverse document frequencies, computed as scikit-learn's
    ``TfidfTransformer`` computes them when fitted on the whole corpus."""
    df = np.asarray(frequencies).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=documents + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def top_features(matrix: sp.csr_matrix) -> sp.csc_matrix:
    """The ``TOP_FEATURES`` strongest entries of each row, as a matrix of the same shape."""
    rows, cols, vals = [], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        if start == end:
            continue
        data = matrix.data[start:end]
        keep = np.argsort(-data, kind="stable")[:TOP_FEATURES]
        rows.append(np.full(len(keep), i))
        cols.append(matrix.indices[start:end][keep])
        vals.append(data[keep])
    if not rows:
        return sp.csc_matrix(matrix.shape)
    return sp.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=matrix.shape
    )


def candidate_pairs(matrix: sp.csr_matrix) -> np.ndarray:
    """Pairs (i < j) of articles that share a block key, as an (n, 2) array."""
    top = top_features(matrix)
    chunks: list[np.ndarray] = []
    for col in range(top.shape[1]):
        start, end = top.indptr[col], top.indptr[col + 1]
        pairs = block_pairs(top.indices[start:end], top.data[start:end])
        if pairs is not None:
            chunks.append(pairs)
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    pairs.sort(axis=1)
    return np.unique(pairs, axis=0)


def block_pairs(members: np.ndarray, strengths: np.ndarray) -> np.ndarray | None:
    """The candidate pairs of one block key: ``members`` are the rows that have it among
    their top features, in ascending order, and ``strengths`` how strongly each does.
    Every pair of a small block; each member with its ``WINDOW`` strongest-first
    neighbours in a block of more than ``BLOCK_CAP``. None when it pairs nobody."""
    if len(members) < 2:
        return None
    if len(members) <= BLOCK_CAP:
        a, b = np.triu_indices(len(members), k=1)
        return np.stack([members[a], members[b]], axis=1)
    order = members[np.argsort(-strengths, kind="stable")]
    return np.concatenate(
        [np.stack([order[:-step], order[step:]], axis=1) for step in range(1, WINDOW + 1)]
    )


def pair_similarity(matrix: sp.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """Cosine similarity of each pair (rows are L2-normalised)."""
    if len(pairs) == 0:
        return np.empty(0)
    out = np.empty(len(pairs))
    step = 10_000  # bounded memory: each chunk copies its rows
    for start in range(0, len(pairs), step):
        chunk = pairs[start : start + step]
        out[start : start + step] = row_dots(matrix[chunk[:, 0]], matrix[chunk[:, 1]])
    return out


def row_dots(left: sp.csr_matrix, right: sp.csr_matrix) -> np.ndarray:
    """The dot product of each row of ``left`` with the same row of ``right``: what
    :func:`pair_similarity` computes, for rows that come from two matrices."""
    return np.asarray(left.multiply(right).sum(axis=1)).ravel()


def _components(n: int, pairs: np.ndarray, sims: np.ndarray, floor: float) -> np.ndarray:
    keep = sims >= floor
    graph = sp.coo_matrix((np.ones(keep.sum()), (pairs[keep, 0], pairs[keep, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _cut(similarity: np.ndarray, threshold: float) -> np.ndarray:
    """Average-linkage clusters (0-based labels) at an average similarity threshold."""
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return fcluster(tree, 1.0 - threshold, criterion="distance") - 1


def average_linkage(
    matrix: sp.csr_matrix, members: np.ndarray, years: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Event and related-group labels (0-based) of ``members``.

    Related groups ignore the articles' years (a 2021 report on a 2020 war is related to
    it); events count articles of different main years as less alike.
    """
    if len(members) == 1:
        return np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
    rows = matrix[members]
    similarity = (rows @ rows.T).toarray()
    related = _cut(similarity, RELATED_SIMILARITY)
    year = years[members]
    known = year > 0
    apart = known[:, None] & known[None, :] & (year[:, None] != year[None, :])
    similarity[apart] *= OTHER_YEAR_FACTOR
    events = _cut(similarity, MIN_SIMILARITY)
    return events, related


def next_floor(floor: float) -> float:
    """The stricter similarity at which a component too large to cluster densely is cut
    again (the last, ``NEAR_DUPLICATE``, makes each remaining large component one event)."""
    return min(NEAR_DUPLICATE, floor + 0.1)


def cluster(matrix: sp.csr_matrix, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An event label and a related-group label for every row of ``matrix``.

    ``years`` holds each article's main year (0 when unknown): two articles whose main
    years differ count ``OTHER_YEAR_FACTOR`` as alike. Articles with no features stand alone.
    """
    n = matrix.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    groups = np.full(n, -1, dtype=np.int64)
    pairs = candidate_pairs(matrix)
    sims = pair_similarity(matrix, pairs)
    next_label = next_group = 0
    pending: list[tuple[np.ndarray, float]] = [(np.arange(n), RELATED_SIMILARITY)]
    while pending:
        members, floor = pending.pop()
        local = np.full(n, -1, dtype=np.int64)
        local[members] = np.arange(len(members))
        mapped = local[pairs] if len(pairs) else pairs
        inside = (mapped >= 0).all(axis=1) if len(pairs) else np.zeros(0, dtype=bool)
        components = _components(len(members), mapped[inside], sims[inside], floor)
        for component in np.unique(components):
            group = members[components == component]
            if len(group) > DENSE_LIMIT:
                if floor < NEAR_DUPLICATE:
                    pending.append((group, next_floor(floor)))
                else:  # thousands of copies of one story
                    labels[group] = next_label
                    groups[group] = next_group
                    next_label += 1
                    next_group += 1
                continue
            events, related = average_linkage(matrix, group, years)
            for sub in np.unique(events):
                labels[group[events == sub]] = next_label
                next_label += 1
            for sub in np.unique(related):
                groups[group[related == sub]] = next_group
                next_group += 1
    return labels, groups
