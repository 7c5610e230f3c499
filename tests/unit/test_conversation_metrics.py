"""Meeting metrics: worked examples for every figure, and shares that always stay in 0..1."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.domain import conversation as conv
from rapport.domain.conversation import Utterance, compute, roles_of, word_count


def side_of(speaker: str) -> str:
    return conv.ME if speaker == "Me" else conv.THEM


def no_questions(u: Utterance) -> int:
    return u.text.count("?")


def no_pronouns(u: Utterance) -> tuple[int, int]:
    return (0, 0)


def run(utterances: list[Utterance], video: bool = False) -> conv.Metrics:
    return compute(utterances, side_of, video=video, is_question=no_questions, pronouns=no_pronouns)


def timed(speaker: str, start: float, end: float, label: str, text: str = "x") -> Utterance:
    return Utterance(speaker, text, start, end, label=label)


# A 10-minute meeting: 1 min personal opening, business, a 2-utterance drift started by
# the client, business again, 30 s personal closing.
MEETING = [
    timed("Me", 0, 30, "personal"),
    timed("Client", 30, 60, "personal"),
    timed("Me", 60, 240, "business"),
    timed("Client", 240, 300, "business", "Can we cut scope?"),
    timed("Client", 300, 330, "personal"),
    timed("Me", 330, 360, "personal"),
    timed("Me", 360, 540, "business"),
    timed("Client", 540, 570, "other"),
    timed("Client", 570, 600, "personal"),
]


def test_basis_is_time_when_every_utterance_is_timed() -> None:
    m = run(MEETING)
    assert m.basis == "time"
    assert m.total == 600


def test_personal_share_and_position() -> None:
    m = run(MEETING)
    assert m.personal_share == 150 / 600
    assert m.business_share == 420 / 600
    assert m.other_share == 30 / 600
    assert m.opening_personal == 60
    assert m.closing_personal == 30
    assert [(d.start, d.amount, d.started_by, d.utterances) for d in m.drifts] == [
        (300, 60, "Client", 2)
    ]


def test_a_lone_short_personal_remark_is_not_a_drift() -> None:
    m = run(
        [
            timed("Me", 0, 100, "business"),
            timed("Client", 100, 110, "personal"),
            timed("Me", 110, 200, "business"),
        ]
    )
    assert m.drifts == ()
    assert m.personal_share == 10 / 200


def test_talk_share_per_speaker_and_side() -> None:
    m = run(MEETING)
    assert m.talk_share == {"Me": 420 / 600, "Client": 180 / 600}
    assert m.side_share == {"me": 420 / 600, "them": 180 / 600}


def test_longest_monologue_per_side_spans_consecutive_utterances() -> None:
    m = run(MEETING)
    # Me speaks 330..540 without interruption (personal then business): 210 s.
    assert m.longest_monologue == conv.Monologue("Me", 330, 210)
    assert m.longest_monologue_by_side["them"] == conv.Monologue("Client", 240, 90)


def test_questions_per_speaker_and_side() -> None:
    m = run(MEETING)
    assert m.questions == {"Me": 0, "Client": 1}
    assert m.questions_by_side == {"me": 0, "them": 1}


def test_quiet_stretches_only_in_video_meetings() -> None:
    long_talk = [
        timed("Client", 0, 10, "other"),
        timed("Me", 10, 400, "business"),
        timed("Client", 400, 420, "business"),
    ]
    assert run(long_talk, video=False).quiet_stretches == ()
    (q,) = run(long_talk, video=True).quiet_stretches
    assert (q.start, q.amount, q.side) == (10, 390, "them")


def test_words_basis_counts_cjk_characters() -> None:
    assert word_count("I will send it") == 4
    assert word_count("明日までにお送りします") == 11
    assert word_count("OK，明天见") == 4
    m = run(
        [
            Utterance("Me", "I will send the draft", label="business"),
            Utterance("Client", "週末は山へ", label="personal"),
        ]
    )
    assert m.basis == "words"
    assert m.total == 10
    assert m.personal_share == 0.5


def test_self_reference_rate_per_speaker() -> None:
    m = compute(
        [Utterance("Me", "a"), Utterance("Me", "b"), Utterance("Client", "c")],
        side_of,
        is_question=no_questions,
        pronouns=lambda u: {"a": (3, 1), "b": (1, 3), "c": (0, 0)}[u.text],
    )
    assert m.self_reference == {"Me": 0.5}
    assert m.pronouns == {"Me": (4, 4), "Client": (0, 0)}


def test_speakers_map_to_me_contacts_and_others() -> None:
    roles = roles_of(["Anna", "kari nordmann", "Ola"], "Anna Berg", ["Kari Nordmann"])
    assert roles == {"Anna": "me", "kari nordmann": "contact", "Ola": "other"}


def test_empty_meeting_has_zero_shares() -> None:
    m = run([])
    assert (m.total, m.personal_share, m.talk_share, m.longest_monologue) == (0, 0.0, {}, None)


labels = st.sampled_from(["business", "personal", "other"])
speakers = st.sampled_from(["Me", "Client", "Other", None])


texts = st.text(alphabet="ab 明日?", max_size=12)
timed_utterances = st.builds(
    lambda speaker, text, start, length, label: Utterance(
        speaker, text, start, start + length, label=label
    ),
    speakers,
    texts,
    st.floats(0, 5000, allow_nan=False),
    st.floats(0, 600, allow_nan=False),
    labels,
)
untimed_utterances = st.builds(
    lambda speaker, text, label: Utterance(speaker, text, label=label), speakers, texts, labels
)
utterance_lists = st.lists(timed_utterances, max_size=25) | st.lists(
    untimed_utterances, max_size=25
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(utterance_lists, st.booleans())
def test_shares_stay_in_range_and_sum_to_one(utterances: list[Utterance], video: bool) -> None:
    m = run(utterances, video=video)
    for share in [m.personal_share, m.business_share, m.other_share, *m.talk_share.values()]:
        assert 0.0 <= share <= 1.0
    if m.total > 0:
        assert abs(m.personal_share + m.business_share + m.other_share - 1) < 1e-9
        assert abs(sum(m.talk_share.values()) - 1) < 1e-9
        assert abs(sum(m.side_share.values()) - 1) < 1e-9
    assert all(0.0 <= r <= 1.0 for r in m.self_reference.values())
    assert sum(d.amount for d in m.drifts) <= m.total * m.personal_share + 1e-6
    assert all(q.amount > conv.QUIET_STRETCH_S for q in m.quiet_stretches)
