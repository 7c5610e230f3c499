"""The labeller's data: corpora from ``../shared/data``, the team's examples, the splits.

Shared by ``scripts/train_labeller.py`` (which trains on the training part) and
``bench/eval_labeller.py`` (which measures the shipped model on the held-apart parts), so
both always agree on what was held apart. Every split is fixed by a hash of the dialogue
or meeting id (corpora) or of the text (team examples): never by utterance, so no
dialogue or meeting has utterances on both sides.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "src" / "rapport" / "language" / "seed_examples"
EVAL_DIR = ROOT / "bench" / "labeller_eval"
LABELS = ("business", "personal", "other")
CORPUS_LABELS = {"task": "business", "chitchat": "personal", "other": "other"}
CORPUS_LANGS = {"en": "en", "ja": "ja", "zh": "zh-Hans"}
SEED = 20261204
CAP_PER_SOURCE = 4000
"""At most this many training utterances per (corpus file, label)."""
CAP_MEETINGS = 12000
"""QMSum, the only real meeting speech, may give more business rows than the others."""

BACKCHANNEL = re.compile(
    r"^(?:\W*(?:yeah|yes|yep|yup|no|nope|okay|ok|right|alright|sure|mm+|mhm+|hmm+|um+|uh+|"
    r"uh-huh|mm-hmm|oh|ah|huh|so|well|and|but|cool|great|good|fine|exactly|true|really|"
    r"wow|fair enough|i see|i know|thank you|thanks|sorry|okay then|yeah yeah|right right)"
    r"\W*)+$",
    re.IGNORECASE,
)
"""A QMSum turn made only of these is a backchannel: 'other', whatever its topic says."""
QMSUM_MISLABELLED = "Decision discussion about parental control, the games, and voice recognition"
"""A product-design topic that the keyword rule called chit-chat (it names 'games')."""
DOMAIN_TERMS = re.compile(
    r"hotel|restaurant|guesthouse|guest house|train|taxi|attraction|museum|college|"
    r"hospital|police|\bbook|reserv|table for|ticket|postcode|cuisine|parking|"
    r"酒店|宾馆|饭店|餐厅|餐馆|景点|地铁|出租|门票|预订|预定|评分|地址|电话|价位|菜|房间|打车|"
    r"ホテル|旅館|宿|レストラン|料理|観光|タクシー|予約|駅|電車|店|飲食|食事|部屋|泊",
    re.IGNORECASE,
)
"""Words of the task corpora's domains (MultiWOZ, CrossWOZ, JMultiWOZ: hotels,
restaurants, trains, taxis, sights). Business talk in a client meeting rarely names them,
personal talk often does ("we booked a hotel"), so a corpus business row naming one is
down-weighted (``DOMAIN_WEIGHT``)."""
DOMAIN_WEIGHT = 0.1
TRAVEL_WEATHER = re.compile(r"天気|気温|晴れ|雨|雪|傘|降水|weather|天气|下雨")
"""The travel-desk corpora ask about the weather as a task; in a meeting it is small talk,
so such task rows are left out."""
JA_COURTESY = re.compile(
    r"^(?:こんにちは|こんばんは|ありがとうございま|よろしくお願い|お願いします|はい|かしこまりました|"
    r"承知しました|どういたしまして|失礼します|さようなら|では|またのご利用)"
)


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    lang: str
    source: str
    """Corpus file stem, 'team' (training examples the team wrote), or an eval set name."""
    split: str
    """train, tune (fits the context model) or test (reported only)."""
    group: str = ""
    """Dialogue or meeting id; utterances of one group are in order."""


def bucket(key: str, parts: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % parts


def qmsum_split(meeting: str, has_small_talk: bool) -> str:
    """QMSum meetings: 1 in 5 test, 1 in 10 tune, the rest train — stratified so that the
    few meetings with real small talk fall on every side."""
    b = bucket(("talk:" if has_small_talk else "") + meeting, 10)
    return "test" if b in (0, 1) else "tune" if b == 2 else "train"


def _dialogue_split(key: str) -> str:
    b = bucket(key, 10)
    return "test" if b in (0, 1) else "tune" if b == 2 else "train"


def _qmsum_label(row: dict[str, object], label: str) -> str | None:
    topic = row.get("source_label", {})
    if isinstance(topic, dict) and topic.get("topic") == QMSUM_MISLABELLED:
        label = "business"
    if BACKCHANNEL.match(str(row["text"])):
        return "other"
    return label


def load_corpus(data: Path) -> list[Example]:
    """Every usable corpus utterance with its split, in dialogue order (not capped)."""
    out: list[Example] = []
    files = sorted((data / "chitchat").glob("*.jsonl.gz"))
    if not files:
        raise SystemExit(f"no corpus files in {data / 'chitchat'}")
    for path in files:
        stem = path.name.split(".")[0]
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        small_talk: set[str] = set()
        if stem.startswith("en_qmsum"):
            small_talk = {
                r["dialogue_id"]
                for r in rows
                if r["label_strict"] == "chitchat"
                and r["source_label"].get("topic") != QMSUM_MISLABELLED
            }
        for row in rows:
            label = CORPUS_LABELS.get(row["label_strict"])
            text = row["text"].strip()
            if label is None or not text:
                continue
            group = f"{row['dataset']}:{row['dialogue_id']}"
            if stem.startswith("en_qmsum"):
                split = qmsum_split(row["dialogue_id"], row["dialogue_id"] in small_talk)
                label = _qmsum_label(row, label)
            else:
                split = _dialogue_split(group)
            if stem.startswith("ja_jmultiwoz"):
                if TRAVEL_WEATHER.search(text):
                    continue
                if len(text) <= 25 and JA_COURTESY.match(text):
                    label = "other"
            elif label == "business" and TRAVEL_WEATHER.search(text):
                continue
            if label is None:
                continue
            out.append(Example(text, label, CORPUS_LANGS[row["lang"]], stem, split, group))
    return out


def cap_training(examples: list[Example]) -> list[Example]:
    """Training rows capped per (source, label), with a fixed seed."""
    rng = np.random.default_rng(SEED)
    grouped: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for e in examples:
        grouped[(e.source, e.label)].append(e)
    out: list[Example] = []
    for key in sorted(grouped):
        rows = grouped[key]
        cap = CAP_MEETINGS if key[0].startswith("en_qmsum") else CAP_PER_SOURCE
        if key[0] != "team" and len(rows) > cap:
            keep = rng.choice(len(rows), cap, replace=False)
            rows = [rows[i] for i in sorted(keep)]
        out.extend(rows)
    return out


def _tsv(path: Path) -> list[tuple[str, ...]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = tuple(line.split("\t"))
        if parts[-2 if len(parts) > 2 else 0] not in LABELS:
            raise SystemExit(f"{path}:{number}: unknown label in {line!r}")
        rows.append(parts)
    return rows


def lang_of(path: Path) -> str:
    return path.stem.split("_")[0]


def load_team(seed_dir: Path = SEED_DIR) -> list[Example]:
    """The team's training examples; every fourth (by a hash of the text) is held apart."""
    out: list[Example] = []
    for path in sorted(seed_dir.glob("*.tsv")):
        for label, text in _tsv(path):
            split = "test" if bucket(text, 4) == 0 else "train"
            out.append(Example(text, label, lang_of(path), "team", split))
    return out


def load_sentences(folder: Path, source: str) -> list[Example]:
    """Held-out sentence sets (never trained on): ``label<TAB>text`` per line."""
    out: list[Example] = []
    for path in sorted(folder.glob("*.tsv")):
        for label, text in _tsv(path):
            out.append(Example(text, label, lang_of(path), source, "test"))
    return out


def load_meetings(folder: Path = EVAL_DIR / "meetings") -> list[Example]:
    """The team's whole meetings (never trained on): ``speaker<TAB>label<TAB>text``."""
    out: list[Example] = []
    for lang_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []:
        for path in sorted(lang_dir.glob("*.tsv")):
            for _speaker, label, text in _tsv(path):
                out.append(Example(text, label, lang_dir.name, "team-meeting", "test", str(path)))
    return out


def groups(examples: list[Example]) -> dict[str, list[Example]]:
    """Examples by dialogue/meeting, each in its original order."""
    by: dict[str, list[Example]] = defaultdict(list)
    for e in examples:
        by[e.group].append(e)
    return dict(by)
