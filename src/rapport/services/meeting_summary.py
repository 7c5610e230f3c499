"""An analysed meeting told in the user's language: how it was spent, what I promised."""

from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from rapport.domain import conversation as conv
from rapport.domain.conversation import Analysis
from rapport.i18n import babel_locale, translations

DOMAIN = "conversation"


def summary(analysis: Analysis, lang: str) -> list[str]:
    """Lines of text for `rapport analyze` (without ``--json``)."""
    _ = translations(DOMAIN, lang).gettext
    ngettext = translations(DOMAIN, lang).ngettext
    locale = babel_locale(lang)
    m = analysis.metrics

    def pct(value: float) -> str:
        return format_percent(value, locale=locale)

    def amount(value: float) -> str:
        if m.basis == "time":
            return _("{minutes} min").format(
                minutes=format_decimal(value / 60, format="0.0", locale=locale)
            )
        return ngettext("{count} word", "{count} words", round(value)).format(count=round(value))

    def side(name: str) -> str:
        return _("you") if name == conv.ME else _("the other side")

    def who(speaker: str | None) -> str:
        return _("Unknown speaker") if speaker in (None, conv.UNKNOWN_SPEAKER) else str(speaker)

    basis = _("measured by time") if m.basis == "time" else _("measured by words")
    lines: list[str] = []
    if conv.ME not in analysis.roles.values():
        lines.append(
            _("{me} is not among the speakers ({speakers}); name yourself with --me.").format(
                me=analysis.me, speakers=", ".join(analysis.speakers) or "-"
            )
        )
    lines += [
        _("Meeting of {date}: {total}, {basis}").format(
            date=format_date(analysis.meeting_date, format="medium", locale=locale),
            total=amount(m.total),
            basis=basis,
        ),
        _("Business {business}, personal {personal}, other {other}").format(
            business=pct(m.business_share), personal=pct(m.personal_share), other=pct(m.other_share)
        ),
        _(
            "Personal talk at the start: {opening}, at the end: {closing}, in drifts: {drifts}"
        ).format(
            opening=amount(m.opening_personal),
            closing=amount(m.closing_personal),
            drifts=amount(sum(d.amount for d in m.drifts)),
        ),
    ]
    for d in m.drifts:
        lines.append(
            _("Drift into personal talk at {start}: {amount}, started by {speaker}").format(
                start=amount(d.start), amount=amount(d.amount), speaker=who(d.started_by)
            )
        )
    lines.append(
        _("Talk share: you {me}, the other side {them}").format(
            me=pct(m.side_share.get(conv.ME, 0.0)), them=pct(m.side_share.get(conv.THEM, 0.0))
        )
    )
    for speaker, share in m.talk_share.items():
        lines.append(
            ngettext(
                "{speaker}: {share} of the talk, {questions} question asked",
                "{speaker}: {share} of the talk, {questions} questions asked",
                m.questions.get(speaker, 0),
            ).format(speaker=who(speaker), share=pct(share), questions=m.questions.get(speaker, 0))
        )
    for name, mono in sorted(m.longest_monologue_by_side.items()):
        lines.append(
            _("Longest monologue ({side}): {speaker}, {amount}").format(
                side=side(name), speaker=who(mono.speaker), amount=amount(mono.amount)
            )
        )
    for speaker, rate in m.self_reference.items():
        lines.append(
            _("Self-reference of {speaker} (I/me/my against you/your): {rate}").format(
                speaker=who(speaker), rate=pct(rate)
            )
        )
    for q in m.quiet_stretches:
        lines.append(
            _("{side} did not speak for {amount} from {start}").format(
                side=side(q.side), amount=amount(q.amount), start=amount(q.start)
            )
        )
    if analysis.promises:
        lines.append(_("Promises you made:"))
        for p in analysis.promises:
            if p.due is None:
                lines.append("  " + _("{text} (no due date said)").format(text=p.text))
            else:
                due = format_date(p.due, format="medium", locale=locale)
                lines.append("  " + _("{text} (due {due})").format(text=p.text, due=due))
    else:
        lines.append(_("No promises by you were found."))
    return lines


def saved_lines(
    lang: str, interaction_id: int, analysis_id: int, commitments: int, undated: int
) -> list[str]:
    _ = translations(DOMAIN, lang).gettext
    ngettext = translations(DOMAIN, lang).ngettext
    lines = [
        _("Saved as interaction {interaction} (analysis {analysis}).").format(
            interaction=interaction_id, analysis=analysis_id
        )
    ]
    if commitments:
        lines.append(
            ngettext(
                "Added {count} promise to your commitments.",
                "Added {count} promises to your commitments.",
                commitments,
            ).format(count=commitments)
        )
    if undated:
        lines.append(
            ngettext(
                "{count} promise had no due date and was not added.",
                "{count} promises had no due date and were not added.",
                undated,
            ).format(count=undated)
        )
    return lines
