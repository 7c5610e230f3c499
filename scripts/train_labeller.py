"""Rebuild Rapport's utterance labeller (business / personal / other) reproducibly.

    .venv/bin/python scripts/train_labeller.py            # data from ../shared/data

Reads the public corpora in ``<data>/chitchat/*.jsonl.gz`` and the team's examples
(``src/rapport/language/seed_examples/*.tsv``); splits, caps and label fixes are in
``scripts/labeller_data.py``. Features are taken from the style-neutral text (pronouns,
fillers and punctuation masked) plus topic concepts, so the model decides on what is
talked about, not on how. Fits logistic regression on the training rows; fits a softmax
temperature and the context model's two switch rates on the "tune" dialogues and
meetings; writes ``src/rapport/language/model/labeller.json`` (with
``labeller.weights.gz``) and prints figures on the tune rows. The held-apart test sets
are measured by ``bench/eval_labeller.py``.
Fixed seeds throughout: the same inputs give the same model.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import numpy.typing as npt

try:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
except ModuleNotFoundError as missing:  # a plain install: training is an extra
    sys.exit(f"error: training needs `pip install rapport[train]` ({missing.name} is missing)")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from labeller_data import (  # noqa: E402
    DOMAIN_TERMS,
    DOMAIN_WEIGHT,
    LABELS,
    SEED,
    Example,
    cap_training,
    groups,
    load_corpus,
    load_team,
)

from rapport.language.features import columns, hashed_batch  # noqa: E402
from rapport.language.labeller import MODEL_PATH, Labeller  # noqa: E402
from rapport.language.sequence import Switching, smooth  # noqa: E402

TEAM_WEIGHT = 25.0
"""Sample weight of a team-written example relative to a corpus utterance."""
C = 2.0
CONCEPT_ONLY_WEIGHT = 0.3
"""Each training row is also given once with only its topic concepts (no n-grams), at
this weight: the concept weights must carry a decision on their own, which is what
transfers to languages without a corpus."""


SWITCH_TO_PERSONAL = (0.05, 0.1, 0.2, 0.35)
SWITCH_TO_BUSINESS = (0.1, 0.2, 0.35, 0.5)
"""The switch rates tried. The tune dialogues are mostly on one topic throughout, which
would pick ever stickier rates; in client meetings small talk comes in short asides, so
the rates stay where a personal aside of a few utterances can still be found."""


def matrix(texts: list[str], concepts: bool = True, ngrams: bool = True) -> sparse.csr_matrix:
    parts = []
    width = columns(concepts)
    for start in range(0, len(texts), 4000):
        chunk = texts[start : start + 4000]
        rows, cols, values = (np.asarray(a) for a in hashed_batch(chunk, concepts=concepts))
        if not ngrams:
            keep = cols >= columns(False)
            rows, cols, values = rows[keep], cols[keep], values[keep]
        parts.append(sparse.csr_matrix((values, (rows, cols)), shape=(len(chunk), width)))
    return sparse.vstack(parts).tocsr()


def weights(examples: list[Example], team_weight: float) -> npt.NDArray[np.float64]:
    """Team examples count ``team_weight`` times a corpus row, corpus business rows naming
    the task corpora's travel domains count less; then every (language, label) group gets
    the same total weight, so no language implies a label."""
    raw = np.array(
        [
            team_weight
            if e.source == "team"
            else (DOMAIN_WEIGHT if e.label == "business" and DOMAIN_TERMS.search(e.text) else 1.0)
            for e in examples
        ]
    )
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for e, w in zip(examples, raw, strict=True):
        totals[(e.lang, e.label)] += w
    scale = len(examples) / len(totals)
    return np.array(
        [w * scale / totals[(e.lang, e.label)] for e, w in zip(examples, raw, strict=True)]
    )


def fit(train: list[Example], c: float, team_weight: float, concept_only: float) -> Labeller:
    texts = [e.text for e in train]
    x = matrix(texts)
    w = weights(train, team_weight)
    y = [e.label for e in train]
    if concept_only > 0:
        x_c = matrix(texts, ngrams=False)
        named = np.asarray(x_c.getnnz(axis=1) > 0)
        x = sparse.vstack([x, x_c[named]]).tocsr()
        w = np.concatenate([w, w[named] * concept_only])
        y = y + [label for label, keep in zip(y, named, strict=True) if keep]
    model = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    started = time.perf_counter()
    model.fit(x, y, sample_weight=w)
    print(f"fit {x.shape[0]} rows x {x.shape[1]} columns in {time.perf_counter() - started:.0f}s")
    order = [list(model.classes_).index(label) for label in LABELS]
    return Labeller(
        model.coef_[order].astype(np.float32).tolist(),
        model.intercept_[order].astype(np.float32).tolist(),
        {"concepts": True, "words": False, "temperature": 1.0},
    )


def calibrate(labeller: Labeller, tune: list[Example]) -> float:
    """The temperature minimising the log loss on the tune rows (each source weighing the
    same); argmax labels do not change."""
    labeller._temperature = 1.0
    probs = np.asarray(labeller.probabilities([e.text for e in tune]))
    gold = np.array([LABELS.index(e.label) for e in tune])
    sources = Counter(e.source for e in tune)
    w = np.array([1.0 / sources[e.source] for e in tune])
    logits = np.log(probs + 1e-12)

    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return float(-(w * np.log(p[np.arange(len(gold)), gold] + 1e-12)).sum())

    grid = [round(0.3 + 0.05 * i, 2) for i in range(55)]
    return min(grid, key=nll)


def fit_switching(labeller: Labeller, tune: list[Example]) -> Switching:
    """The switch rates that give the best macro-F1 on the tune dialogues and meetings,
    each smoothed in order (every source weighing the same)."""
    runs = [g for g in groups(tune).values() if g]
    probs = [np.asarray(labeller.probabilities([e.text for e in g])) for g in runs]
    gold = [e.label for g in runs for e in g]
    sources = Counter(e.source for g in runs for e in g)
    w = [1.0 / sources[e.source] for g in runs for e in g]
    best: tuple[float, Switching] = (-1.0, Switching())
    for to_personal in SWITCH_TO_PERSONAL:
        for to_business in SWITCH_TO_BUSINESS:
            s = Switching(to_personal, to_business)
            pred = [LABELS[i] for p in probs for i in np.asarray(smooth(p, s)[0]).argmax(axis=1)]
            score = f1_score(gold, pred, average="macro", sample_weight=w)
            if score > best[0]:
                best = (score, s)
    no_context = [LABELS[i] for p in probs for i in p.argmax(axis=1)]
    alone = f1_score(gold, no_context, average="macro", sample_weight=w)
    print(f"context: tune macro-F1 {alone:.3f} alone -> {best[0]:.3f} with {best[1]}")
    return best[1]


def save(labeller: Labeller, path: Path, meta: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Labeller(labeller.weights, labeller._bias, meta).save(path)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--team-weight", type=float, default=TEAM_WEIGHT)
    parser.add_argument("--concept-only", type=float, default=CONCEPT_ONLY_WEIGHT)
    parser.add_argument("-C", type=float, default=C, help="inverse regularisation strength")
    args = parser.parse_args()

    examples = load_corpus(args.data) + load_team()
    train = cap_training([e for e in examples if e.split == "train"])
    tune = [e for e in examples if e.split == "tune"]
    print(f"train {len(train)} {dict(Counter(e.label for e in train))}, tune {len(tune)}")
    labeller = fit(train, args.C, args.team_weight, args.concept_only)
    temperature = calibrate(labeller, tune)
    labeller._temperature = temperature
    switching = fit_switching(labeller, tune)
    meta: dict[str, object] = {
        "method": "logistic regression on hashed character 1-4-grams of the style-neutral "
        "text and topic concepts; two-state topic HMM for context",
        "concepts": True,
        "words": False,
        "C": args.C,
        "team_weight": args.team_weight,
        "concept_only_weight": args.concept_only,
        "temperature": temperature,
        "switching": {"to_personal": switching.to_personal, "to_business": switching.to_business},
        "seed": SEED,
        "train_rows": len(train),
    }
    save(labeller, args.out, meta)
    print(f"temperature {temperature}; wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
