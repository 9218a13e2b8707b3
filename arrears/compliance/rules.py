"""The rule ids the gate can cite, with the source (document and article) of each.

Ids and sources are those of compliance.md. Three ids are the engine's own, because
compliance.md §6.2 lists bankruptcy and death as stop triggers without giving them an id:
DEF-STATE-01 (bankruptcy) and DEF-STATE-02 (deceased); and because no rule there names the
pause after a self-harm or crisis signal, which the product applies in every profile:
CARE-HOLD (the UK rules on vulnerable customers and forbearance are its closest source; in
China, pressing a person in crisis is the harassment CN-CONTENT-02 forbids).
"""

from __future__ import annotations

# id -> (source in English, source in Chinese)
SOURCES: dict[str, tuple[str, str]] = {
    "CN-TIME-01": (
        "China Banking Association collection guideline (2026) ch. 3; GB/T 45251-2025 §5.3",
        "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》第三章；GB/T 45251-2025 第5.3条",
    ),
    "CN-FREQ-01": ("China Banking Association collection guideline (2026)", "银协指引"),
    "CN-FREQ-02": (
        "GB/T 45251-2025; NIFA post-loan collection guideline (2023)",
        "GB/T 45251-2025；互金协会《互联网金融贷后催收业务指引》",
    ),
    "CN-PARTY-01": (
        "Credit card measures art 68; consumer finance measures (2024); CBA guideline",
        "《商业银行信用卡业务监督管理办法》第六十八条；《消费金融公司管理办法》；银协指引",
    ),
    "CN-PARTY-02": ("China Banking Association collection guideline (2026)", "银协指引（失联认定）"),
    "CN-PARTY-03": (
        "CBA guideline; PIPL art 25; Civil Code art 1033",
        "银协指引；《个人信息保护法》第二十五条；《民法典》第一千零三十三条",
    ),
    "CN-CONTENT-05": (
        "CBA guideline; PIPL art 25; Civil Code art 1024",
        "银协指引；《个人信息保护法》第二十五条；《民法典》第一千零二十四条",
    ),
    "CN-DISPUTE-01": ("Credit card measures art 69", "《商业银行信用卡业务监督管理办法》第六十九条"),
    "CN-VISIT-01": ("CBA guideline art 22", "银协指引第二十二条"),
    "CN-LIMIT-01": ("Civil Code arts 188, 192", "《民法典》第一百八十八条、第一百九十二条"),
    "CN-ID-01": ("China Banking Association collection guideline (2026)", "银协指引（表明身份）"),
    "US-TIME-01": ("12 CFR 1006.6(b)(1)(i); FDCPA 1692c(a)(1)", "12 CFR 1006.6(b)(1)(i)；FDCPA 1692c(a)(1)"),
    "US-TIME-02": (
        "CFPB official interpretation of 12 CFR 1006.6(b)(1)(i)",
        "CFPB 对 12 CFR 1006.6(b)(1)(i) 的官方解释",
    ),
    "US-TIME-03": ("12 CFR 1006.6(b)(1)", "12 CFR 1006.6(b)(1)"),
    "US-WORK-01": (
        "12 CFR 1006.6(b)(3), 1006.22(f)(3); FDCPA 1692c(a)(3)",
        "12 CFR 1006.6(b)(3)、1006.22(f)(3)；FDCPA 1692c(a)(3)",
    ),
    "US-ATTY-01": ("12 CFR 1006.6(b)(2)", "12 CFR 1006.6(b)(2)"),
    "US-FREQ-01": ("12 CFR 1006.14(b)(2)(i)(A)", "12 CFR 1006.14(b)(2)(i)(A)"),
    "US-FREQ-02": ("12 CFR 1006.14(b)(2)(i)(B)", "12 CFR 1006.14(b)(2)(i)(B)"),
    "US-FREQ-03": ("12 CFR 1006.14(b)(3)", "12 CFR 1006.14(b)(3)"),
    "US-CEASE-01": ("12 CFR 1006.6(c)", "12 CFR 1006.6(c)"),
    "US-MEDIUM-01": ("12 CFR 1006.14(h)", "12 CFR 1006.14(h)"),
    "US-3P-01": ("12 CFR 1006.6(d)", "12 CFR 1006.6(d)"),
    "US-LOC-01": ("12 CFR 1006.10; FDCPA 1692b", "12 CFR 1006.10；FDCPA 1692b"),
    "US-LCM-01": ("12 CFR 1006.2(j)", "12 CFR 1006.2(j)"),
    "US-SOCIAL-01": ("12 CFR 1006.22(f)", "12 CFR 1006.22(f)"),
    "US-DISP-01": ("12 CFR 1006.38", "12 CFR 1006.38"),
    "US-TB-01": ("12 CFR 1006.26(b)", "12 CFR 1006.26(b)"),
    "US-ID-01": ("12 CFR 1006.14(g), 1006.18(e)", "12 CFR 1006.14(g)、1006.18(e)"),
    "US-SCOPE-01": ("FDCPA 1692a(5) (definition of debt)", "FDCPA 1692a(5)（债务定义）"),
    "UK-TIME-01": (
        "FCA CONC 7.9.4R; MCOB 13.5.3R-13.5.4G by analogy",
        "FCA CONC 7.9.4R；参照 MCOB 13.5.3R–13.5.4G",
    ),
    "UK-3P-01": ("FCA CONC 7.9 (third parties), 7.9.7R", "FCA CONC 7.9（第三方）、7.9.7R"),
    "UK-ID-01": ("FCA CONC 7.9.10R", "FCA CONC 7.9.10R"),
    "UK-DISP-01": ("FCA CONC 7.14.1R", "FCA CONC 7.14.1R"),
    "UK-MCL-01": ("FCA CONC 7.10.1R", "FCA CONC 7.10.1R"),
    "UK-ADVICE-01": ("FCA CONC 7.3.11R/7.3.12G", "FCA CONC 7.3.11R/7.3.12G"),
    "UK-BS-01": (
        "Debt Respite Scheme (Breathing Space) Regulations 2020",
        "《债务喘息计划（喘息期）条例》2020",
    ),
    "UK-VISIT-01": ("FCA CONC 7.9.12R", "FCA CONC 7.9.12R"),
    "UK-SB-01": ("FCA CONC 7.15.7-7.15.8", "FCA CONC 7.15.7–7.15.8"),
    "DEF-PROFILE-01": (
        "compliance.md §6.1 GLOBAL-STRICT column (IE-01, AU-02 as templates)",
        "compliance.md 第6.1节 GLOBAL-STRICT 列（参照 IE-01、AU-02）",
    ),
    "DEF-STATE-01": (
        "compliance.md §6.2 step 1 (bankruptcy stop) [M]",
        "compliance.md 第6.2节第1步（破产即停止）[M]",
    ),
    "DEF-STATE-02": (
        "compliance.md §6.2 step 1 (deceased) [M]",
        "compliance.md 第6.2节第1步（债务人已故）[M]",
    ),
    "CARE-HOLD": (
        "Care protocol: FCA CONC 7.2.1R (vulnerable customers), 7.3.4R (forbearance), "
        "7.10.1R; FCA FG21/1; CBA guideline (no harassment, CN-CONTENT-02)",
        "关怀流程：银协指引（禁止骚扰、施压）；《消费金融公司管理办法》（催收行为规范）；"
        "参照 FCA CONC 7.2.1R（弱势客户）、7.3.4R（宽容对待）、FG21/1",
    ),
    "DEF-CONTENT-01": (
        "compliance.md §6.4; CN-CONTENT-01; 1692e(10),(14); CONC 7.9.3G",
        "compliance.md 第6.4节；银协指引（禁止冒用名义）；《个人信息保护法》第五条",
    ),
    "DEF-CONTENT-02": (
        "compliance.md §6.4; 1692e(4); 1006.14; CN-CONTENT-02",
        "compliance.md 第6.4节；《刑法》第二百九十三条之一；银协指引",
    ),
    "DEF-CONTENT-03": (
        "compliance.md §6.4; 1006.14(d); CN-CONTENT-02",
        "compliance.md 第6.4节；银协指引（禁止辱骂）；《刑法》第二百四十六条",
    ),
    "DEF-CONTENT-04": (
        "compliance.md §6.4; 1692e; CONC 7.11; CN-CONTENT-03/06",
        "compliance.md 第6.4节；银协指引（禁止欺诈）；《民法典》第一千零六十四条",
    ),
    "DEF-CONTENT-05": (
        "compliance.md §6.4; 1006.6(d); CONC 7.9; PIPL art 25",
        "compliance.md 第6.4节；《个人信息保护法》第二十五条；《民法典》第一千零三十三条",
    ),
    "DEF-CONTENT-06": (
        "compliance.md §6.4; CONC 7.3.10R; CN-CONTENT-04",
        "compliance.md 第6.4节；银协指引（禁止诱导借贷、私人账户收款）",
    ),
    "DEF-CONTENT-07": (
        "compliance.md §6.4; 1006.18(e); CN-ID-01",
        "compliance.md 第6.4节；银协指引（首次联系表明机构身份）",
    ),
    # The B2B profile's own ids (arrears.compliance.profiles.business_profile): the consumer
    # statutes do not reach business debts, so these are the product's business rules.
    "B2B-SCOPE-01": (
        "FDCPA 1692a(5); CONC 7.1.1R; CBA guideline scope (personal consumer loans): business "
        "debts are outside the consumer rules",
        "银协指引适用范围（个人消费类贷款）；FDCPA 1692a(5)；FCA CONC 7.1.1R：企业债务不适用消费者规则",
    ),
    "B2B-TIME-01": (
        "Product rule for business customers: business hours on business days, debtor's local time",
        "企业客户产品规则：债务人当地工作日的工作时间",
    ),
    "B2B-3P-01": (
        "Product rule for business customers; Civil Code art 1024; PIPL art 25 by analogy",
        "企业客户产品规则；《民法典》第一千零二十四条；参照《个人信息保护法》第二十五条",
    ),
    "IND-REC-01": ("PCI DSS v4.0 Req 3.3.1", "PCI DSS v4.0 要求 3.3.1"),
    "IND-REC-03": (
        "compliance.md §5 (announce recording); PIPL art 17",
        "compliance.md 第5节（告知录音）；《个人信息保护法》第十七条",
    ),
}


def source(rule_id: str, lang: str) -> str:
    en, zh = SOURCES[rule_id]
    return zh if lang.startswith("zh") else en


# id -> (what the rule is about in English, in Chinese): shown beside a rule id wherever a
# person reads one (the policy page, the decision log), so that no id appears without words.
NAMES: dict[str, tuple[str, str]] = {
    "CN-TIME-01": ("Contact window", "联系时段"),
    "CN-FREQ-01": ("Dial attempts per contact method", "同一联系方式每日拨打次数"),
    "CN-FREQ-02": ("Connected calls per debtor", "每名债务人每日接通次数"),
    "CN-PARTY-01": ("Only the debtor and those liable may be pressed", "只能向债务人及担保人等责任人催收"),
    "CN-PARTY-02": ("Third parties only when the debtor is unreachable", "仅在债务人失联时联系第三人"),
    "CN-PARTY-03": ("What may be said to a third party", "对第三人可说的内容"),
    "CN-CONTENT-05": ("No public shaming", "禁止公开羞辱"),
    "CN-DISPUTE-01": ("Disputes suspend demands", "异议期间暂停催收"),
    "CN-VISIT-01": ("Field visits", "上门催收"),
    "CN-LIMIT-01": ("Limitation period", "诉讼时效"),
    "CN-ID-01": ("Identify the institution", "表明机构身份"),
    "US-TIME-01": ("Inconvenient times", "不便联系的时间"),
    "US-TIME-02": ("Several possible locations", "多个可能所在地"),
    "US-TIME-03": ("Times and places the consumer ruled out", "消费者拒绝的时间和地点"),
    "US-WORK-01": ("Workplace", "工作场所"),
    "US-ATTY-01": ("Consumer with an attorney", "已委托律师的消费者"),
    "US-FREQ-01": ("Seven calls in seven days", "七天内七次电话"),
    "US-FREQ-02": ("Seven-day wait after a conversation", "通话后等待七天"),
    "US-FREQ-03": ("Calls that are not counted", "不计入次数的电话"),
    "US-CEASE-01": ("Written cease or refusal", "书面停止联系或拒付"),
    "US-MEDIUM-01": ("Opt-out of a medium", "拒绝某种联系方式"),
    "US-3P-01": ("No disclosure to third parties", "不得向第三人披露"),
    "US-LOC-01": ("Location information only", "仅限询问下落"),
    "US-LCM-01": ("Limited-content voicemail", "有限内容的语音留言"),
    "US-SOCIAL-01": ("Postcards and public social media", "明信片与公开社交媒体"),
    "US-DISP-01": ("Written disputes in the validation period", "核实期内的书面异议"),
    "US-TB-01": ("Time-barred debts", "已过诉讼时效的债务"),
    "US-ID-01": ("Debt-collector disclosure", "表明债务催收身份"),
    "US-SCOPE-01": ("Business debts are out of scope", "企业债务不适用"),
    "UK-TIME-01": ("Unreasonable times and frequency", "不合理的时间与频率"),
    "UK-3P-01": ("No disclosure to third parties", "不得向第三人披露"),
    "UK-ID-01": ("Verify identity first", "先核实身份"),
    "UK-DISP-01": ("Disputes on valid grounds", "有合理依据的异议"),
    "UK-MCL-01": ("Mental capacity", "精神行为能力"),
    "UK-ADVICE-01": ("Debt adviser preparing a plan", "债务顾问正在制定方案"),
    "UK-BS-01": ("Breathing Space", "债务喘息期"),
    "UK-VISIT-01": ("Visits", "上门拜访"),
    "UK-SB-01": ("Statute-barred debts", "已过时效的债务"),
    "DEF-PROFILE-01": ("Strictest defaults for an unknown jurisdiction", "辖区不明时适用最严格默认值"),
    "DEF-STATE-01": ("Bankruptcy stops contact", "破产即停止联系"),
    "DEF-STATE-02": ("Deceased debtor", "债务人已故"),
    "CARE-HOLD": ("Care hold after a crisis signal", "危机信号后的关怀暂停"),
    "DEF-CONTENT-01": ("No impersonation or pretext", "禁止冒用身份或借口"),
    "DEF-CONTENT-02": ("No threats", "禁止威胁"),
    "DEF-CONTENT-03": ("No insults", "禁止辱骂"),
    "DEF-CONTENT-04": ("No false legal consequences", "禁止虚假法律后果"),
    "DEF-CONTENT-05": ("No disclosure or public shaming", "禁止向他人披露或公开羞辱"),
    "DEF-CONTENT-06": ("No improper pressure or payment channels", "禁止不当施压或不当还款渠道"),
    "DEF-CONTENT-07": ("Required disclosures", "必须的身份告知"),
    "B2B-SCOPE-01": ("Business customer: consumer rules do not apply", "企业客户：不适用消费者规则"),
    "B2B-TIME-01": ("Business hours on business days", "工作日的工作时间"),
    "B2B-3P-01": ("Only the customer's paying contacts discuss invoices", "仅与客户负责付款的人员谈论发票"),
    "IND-REC-01": ("No card security codes in recordings", "录音中不得保留卡片安全码"),
    "IND-REC-03": ("Announce recording", "告知录音"),
}


def name(rule_id: str, lang: str) -> str:
    """What a rule is about, in words; the id itself only for an id we do not know."""
    en, zh = NAMES.get(rule_id, (rule_id, rule_id))
    return zh if lang.startswith("zh") else en
