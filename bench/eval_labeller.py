"""Measure the utterance labeller on everything held apart from its training.

    .venv/bin/python bench/eval_labeller.py [--model PATH] [--json OUT]

Sets (splits in ``scripts/labeller_data.py``; none of them is trained on):
- corpus test: 1 in 5 dialogues of each corpus in ``../shared/data/chitchat`` (en, ja, zh);
- QMSum test: 25 real meetings (AMI, ICSI, committees) held apart by meeting;
- team test: every fourth team-written training example (by a hash of its text);
- held-out: ``bench/labeller_eval/<lang>.tsv`` (written before the first model);
- work talk: ``bench/labeller_eval/worktalk/<lang>.tsv`` (first-person casual work talk,
  small talk and backchannels, written for this measurement);
- team meetings: ``bench/labeller_eval/meetings/<lang>/*.tsv`` (whole meetings).
Dialogues and meetings are labelled in order with context (``label_sequence``) and also
one utterance at a time; sentence sets one at a time. Prints accuracy (3 classes),
personal F1, personal-share error per meeting (by words) and the calibration error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

try:
    from sklearn.metrics import accuracy_score, f1_score
except ModuleNotFoundError as missing:  # a plain install: training is an extra
    sys.exit(f"error: this needs `pip install rapport[train]` ({missing.name} is missing)")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
if "--src" in sys.argv:  # measure another checkout's labeller code (e.g. the previous model)
    sys.path.insert(0, sys.argv[sys.argv.index("--src") + 1])

from labeller_data import (  # noqa: E402
    EVAL_DIR,
    LABELS,
    Example,
    groups,
    load_corpus,
    load_meetings,
    load_sentences,
    load_team,
)

from rapport.domain.conversation import word_count  # noqa: E402
from rapport.language.labeller import MODEL_PATH, Labeller  # noqa: E402
from rapport.language.sequence import Switching, smooth  # noqa: E402


def ece(probs: np.ndarray, gold: list[str], bins: int = 10) -> float:
    conf = probs.max(axis=1)
    right = np.array([LABELS[i] == g for i, g in zip(probs.argmax(axis=1), gold, strict=True)])
    edges = np.linspace(1 / 3, 1, bins + 1)
    which = np.clip(np.digitize(conf, edges) - 1, 0, bins - 1)
    total = 0.0
    for b in range(bins):
        sel = which == b
        if sel.any():
            total += sel.sum() * abs(conf[sel].mean() - right[sel].mean())
    return float(total / len(gold))


def share(examples: list[Example], labels: list[str]) -> float:
    words = [word_count(e.text) for e in examples]
    total = sum(words)
    return sum(w for w, label in zip(words, labels, strict=True) if label == "personal") / max(
        total, 1
    )


def figures(gold: list[str], pred: list[str]) -> dict[str, float]:
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 3),
        "personal_f1": round(
            float(f1_score(gold, pred, labels=["personal"], average="macro", zero_division=0)), 3
        ),
    }


def measure(labeller: Labeller, data: Path) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    corpus = [e for e in load_corpus(data) if e.split == "test"]
    sets: dict[str, list[Example]] = defaultdict(list)
    for e in corpus:
        kind = "QMSum test" if e.source.startswith("en_qmsum") else "corpus test"
        sets[f"{kind}/{e.lang}"].append(e)
    for e in load_meetings():
        sets[f"team meetings/{e.lang}"].append(e)
    for name, rows in sorted(sets.items()):
        runs = list(groups(rows).values())
        alone: list[str] = []
        context: list[str] = []
        gold: list[str] = []
        probs_alone, probs_context = [], []
        errors_alone, errors_context = [], []
        for run in runs:
            p = np.asarray(labeller.probabilities([e.text for e in run]))
            s = np.asarray(smooth(p, labeller.switching)[0])
            a = [LABELS[i] for i in p.argmax(axis=1)]
            c = [LABELS[i] for i in s.argmax(axis=1)]
            g = [e.label for e in run]
            alone += a
            context += c
            gold += g
            probs_alone.append(p)
            probs_context.append(s)
            truth = share(run, g)
            errors_alone.append(abs(share(run, a) - truth))
            errors_context.append(abs(share(run, c) - truth))
        entry: dict[str, object] = {
            "runs": len(runs),
            "alone": figures(gold, alone),
            "context": figures(gold, context),
            "ece_alone": round(ece(np.vstack(probs_alone), gold), 3),
            "ece_context": round(ece(np.vstack(probs_context), gold), 3),
        }
        if not name.startswith("corpus"):
            entry["share_mae_alone"] = round(float(np.mean(errors_alone)), 3)
            entry["share_mae_context"] = round(float(np.mean(errors_context)), 3)
        out[name] = entry
    sentence_sets = {
        "team test": [e for e in load_team() if e.split == "test"],
        "held-out": load_sentences(EVAL_DIR, "held-out"),
        "work talk": load_sentences(EVAL_DIR / "worktalk", "work talk"),
    }
    for kind, rows in sentence_sets.items():
        by_lang: dict[str, list[Example]] = defaultdict(list)
        for e in rows:
            by_lang[e.lang].append(e)
        for lang, items in sorted(by_lang.items()):
            p = np.asarray(labeller.probabilities([e.text for e in items]))
            pred = [LABELS[i] for i in p.argmax(axis=1)]
            gold = [e.label for e in items]
            out[f"{kind}/{lang}"] = {
                "alone": figures(gold, pred),
                "ece_alone": round(ece(p, gold), 3),
            }
    return out


def table(results: dict[str, dict[str, object]]) -> str:
    lines = [
        "| set | n | accuracy alone / context | personal F1 alone / context "
        "| share MAE alone / context | ECE |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        alone = r["alone"]
        context = r.get("context")
        assert isinstance(alone, dict)
        acc = f"{alone['accuracy']:.3f}"
        f1 = f"{alone['personal_f1']:.3f}"
        mae = ""
        ece_text = f"{r['ece_alone']:.3f}"
        if isinstance(context, dict):
            acc += f" / **{context['accuracy']:.3f}**"
            f1 += f" / **{context['personal_f1']:.3f}**"
            ece_text += f" / {r['ece_context']:.3f}"
        if "share_mae_alone" in r:
            mae = (
                f"{r['share_mae_alone']:.3f} / **{r['share_mae_context']:.3f}** "
                f"({r['runs']} meetings)"
            )
        lines.append(f"| {name} | {alone['n']} | {acc} | {f1} | {mae} | {ece_text} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--src", type=Path, help="import rapport from this src folder")
    args = parser.parse_args()
    load = getattr(Labeller, "load", None)
    labeller = load(args.model) if load is not None else Labeller(args.model)  # older models
    if not hasattr(labeller, "switching"):
        labeller.switching = Switching()
    results = measure(labeller, args.data)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
