"""The content check's categories (compliance.md §6.4) and the reasons a finding gives, in
Chinese and English. Moved from content.py (issue 18, thirteenth round) with no change of
behaviour; content.py imports them under the same names.
"""

from __future__ import annotations

CATEGORIES = {
    "DEF-CONTENT-01": "impersonation",
    "DEF-CONTENT-02": "threat",
    "DEF-CONTENT-03": "insult",
    "DEF-CONTENT-04": "false_legal",
    "DEF-CONTENT-05": "disclosure",
    "DEF-CONTENT-06": "pressure",
    "DEF-CONTENT-07": "missing_disclosure",
}

_REASONS = {
    "DEF-CONTENT-01": (
        "话术冒用他人身份或借口（快递、公检法、律师、单位人事、调查、亲友等），属于冒用身份/虚假陈述",
        "the script uses a false identity or pretext (courier, police, court, lawyer, employer, "
        "survey, relative), which is impersonation and a false representation",
    ),
    "DEF-CONTENT-02": (
        "话术含有抓捕、坐牢、暴力或危及人身、财产、名誉的威胁",
        "the script threatens arrest, prison or violence, or a person's safety, property or "
        "reputation",
    ),
    "DEF-CONTENT-03": (
        "话术含有侮辱、辱骂或贬损性称呼",
        "the script contains insults, profanity or degrading labels",
    ),
    "DEF-CONTENT-04": (
        "话术对法律后果作了虚假或误导性陈述（如已立案、已判决、黑名单、家人须还款）",
        "the script states a false or misleading legal consequence (a suit filed, a ruling, a "
        "blacklist, family liability, garnishment without a judgment)",
    ),
    "DEF-CONTENT-05": (
        "话术向第三人披露债务或公开羞辱债务人",
        "the script discloses the debt to a third party or shames the debtor in public",
    ),
    "DEF-CONTENT-06": (
        "话术施加不当压力或引导通过不当渠道还款（借新还旧、变卖财产、私人账户、额外费用）",
        "the script applies undue pressure or an improper payment channel (borrowing, selling "
        "property, a personal account, extra fees)",
    ),
}
_CATEGORY_NAMES = {
    "DEF-CONTENT-01": ("冒用身份或借口", "impersonation or a pretext"),
    "DEF-CONTENT-02": ("威胁", "a threat"),
    "DEF-CONTENT-03": ("侮辱", "an insult"),
    "DEF-CONTENT-04": ("虚假法律后果", "a false legal consequence"),
    "DEF-CONTENT-05": ("向第三人披露或公开羞辱", "disclosure to others or public shaming"),
    "DEF-CONTENT-06": ("不当施压或不当收款渠道", "undue pressure or an improper payment channel"),
}
_TIME_BARRED_REASON = (
    "该债务已过诉讼时效，话术不得出现任何诉讼或法院相关表述",
    "the debt is time-barred, so the script must not mention suing, courts or legal action",
)
