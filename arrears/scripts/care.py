"""Self-harm signals: explicit rules that run before, and regardless of, the classifier.

A statistical model can miss a phrasing it has never seen; these patterns cannot be argued
out of a match by a confident prediction for another label. False positives are accepted on
purpose: a collector pausing a call with someone who was only venting costs little.
"""

from __future__ import annotations

import re

from arrears.scripts.labels import Language

_ZH_PATTERNS = [
    r"不想活", r"活着没意思", r"活着没有意思", r"活着(?:还)?有什么意思", r"活不下去",
    r"没法活", r"不活了", r"活够了", r"想死", r"寻死", r"自杀", r"轻生", r"跳楼", r"跳河",
    r"跳江", r"割腕", r"上吊", r"喝农药", r"吃安眠药", r"烧炭", r"一了百了", r"了结自己",
    r"结束(?:自己的?)?生命", r"死了算了", r"死了就不用还", r"不如死了", r"还不如去死",
    r"死给你(?:们)?看", r"我去死", r"(?:我|人)死了(?:你们)?(?:就)?(?:别|不用)", r"以死",
    r"不想再活", r"没有活路", r"走投无路.*死",
]  # fmt: skip
_EN_PATTERNS = [
    r"\bkill+\s*my\s*self\b", r"\bkms\b", r"\bend(?:ing)?\s+it\s+all\b", r"\bsuicid",
    r"\bend(?:ing)?\s+my\s+(?:own\s+)?life\b", r"\btake\s+my\s+(?:own\s+)?life\b",
    r"\b(?:don'?t|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|be\s+here\s+anymore)\b",
    r"\bwant(?:s)?\s+to\s+die\b", r"\bwanna\s+die\b", r"\bbetter\s+off\s+dead\b",
    r"\bno\s+(?:reason|point)\s+(?:to|in)\s+living\b", r"\bnot\s+worth\s+living\b",
    r"\bhurt(?:ing)?\s+my\s*self\b", r"\bharm(?:ing)?\s+my\s*self\b", r"\bcan'?t\s+go\s+on\b",
    r"\bjump\s+off\s+(?:a|the)\s+(?:bridge|roof|building)\b", r"\boverdose\b",
    r"\bi'?ll\s+be\s+dead\b", r"\bend\s+my\s*self\b", r"\bunalive\b",
]  # fmt: skip

_ZH_RE = re.compile("|".join(_ZH_PATTERNS))
_EN_RE = re.compile("|".join(_EN_PATTERNS), re.IGNORECASE)


def self_harm_signal(text: str) -> str | None:
    """The matched phrase if the text signals a risk of self-harm, else None."""
    compact = re.sub(r"\s+", "", text)  # 不 想 活 了 typed with spaces still matches
    match = _ZH_RE.search(compact) or _EN_RE.search(text)
    return match.group(0) if match else None


CARE_PROTOCOL: dict[str, str] = {
    Language.ZH: (
        "【关怀流程，请立即执行】对方表达了轻生或自我伤害的念头。"
        "1. 立即停止一切催收内容，不再提及欠款、金额或还款时间。"
        "2. 保持冷静和关心：“听到您这么说我很担心您。您现在安全吗？身边有人陪着您吗？”"
        "3. 告诉对方可以随时拨打当地的心理援助热线或急救电话，如有紧急危险请拨打急救电话。"
        "4. 结束通话后，查看页面提示：显示“已暂停本案所有联系，已提交组长复核”即已暂停并上报；"
        "未显示时，请在案件页手动标记关怀暂停，并立即报告组长。组长复核前不得再联系。"
        "5. 如实记录对方原话和时间。"
    ),
    Language.EN: (
        "[Care protocol: act now] The person has said something that suggests a risk of "
        "self-harm. 1. Stop all collection content at once: no mention of the debt, amounts or "
        "dates. 2. Stay calm and caring: \"I'm concerned by what you just said. Are you safe "
        "right now? Is there someone with you?\" 3. Tell them they can contact a local crisis "
        "support line at any time, and the emergency services if they are in immediate danger. "
        "4. After the call, check the case page: when it says all contact is paused and the case "
        "is sent to your team lead, that is done; otherwise mark a care hold on the case page and "
        "tell your team lead at once. No further contact until the lead has reviewed it. "
        "5. Record their exact words and the time."
    ),
}
