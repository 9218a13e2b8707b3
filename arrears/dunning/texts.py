"""The dunning's own placeholders, formatted for the reader (zh-hans or en): the invoice
list, the open credits and the amounts (arrears.scripts.placeholders: invoice_list,
open_credits, dunning_fee, dunning_interest, dunning_total)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from arrears.dunning.core import Credit, Line, Paused
from arrears.scripts.render import format_date, format_money

ZH = "zh-hans"


def invoice_lines(lines: Sequence[Line], paused: Sequence[Paused], language: str, currency: str) -> str:
    zh = language == ZH
    out = []
    for line in lines:
        amount = format_money(line.open_amount, language, currency)
        due = format_date(line.due_on, language)
        partly = line.amount is not None and line.amount != line.open_amount
        # The invoice's own amount comes before the open one: the content check reads a
        # letter sentence by sentence, and a sentence must not begin at a decimal point.
        whole = format_money(line.amount, language, currency) if partly and line.amount is not None else ""
        if zh:
            invoiced = f"，发票金额{whole}" if partly else ""
            text = f"发票{line.number}（到期日{due}，逾期{line.days_overdue}天{invoiced}）：未付{amount}"
            if line.interest > 0:
                text += f"，利息{format_money(line.interest, language, currency)}"
        else:
            invoiced = f", invoiced {whole}" if partly else ""
            overdue = f"{line.days_overdue} days overdue"
            text = f"Invoice {line.number} (due {due}, {overdue}{invoiced}): open {amount}"
            if line.interest > 0:
                text += f", interest {format_money(line.interest, language, currency)}"
        out.append(text)
    if paused:
        out.append("以下发票暂不在本次催款范围内：" if zh else "Not included in this reminder:")
        for p in paused:
            amount = format_money(p.open_amount, language, currency)
            if p.reason == "disputed":
                why = "异议核实中" if zh else "under review of your query"
            elif p.expected_on is not None:
                day = format_date(p.expected_on, language)
                why = f"贵公司告知将于{day}付款" if zh else f"payment announced for {day}"
            else:
                why = "等待付款" if zh else "payment announced"
            out.append(
                f"发票{p.number}：{amount}（{why}）" if zh else f"Invoice {p.number}: {amount} ({why})"
            )
    return "\n".join(out)


def credit_lines(credits: Sequence[Credit], language: str, currency: str) -> str:
    zh = language == ZH
    if not credits:
        return (
            "贵公司目前没有可抵扣的贷项或未核销款项。"
            if zh
            else "You have no open credit notes or unapplied payments."
        )
    out = ["可抵扣款项：" if zh else "Credits in your favour:"]
    for c in credits:
        amount = format_money(c.open_amount, language, currency)
        if c.kind == "credit_note":
            out.append(f"贷项通知单{c.number}：{amount}" if zh else f"Credit note {c.number}: {amount}")
        else:
            out.append(f"未核销收款{c.number}：{amount}" if zh else f"Unapplied payment {c.number}: {amount}")
    return "\n".join(out)


def money(amount: Decimal, language: str, currency: str) -> str:
    return format_money(amount, language, currency)
