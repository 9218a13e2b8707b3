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
    "IND-REC-01": ("PCI DSS v4.0 Req 3.3.1", "PCI DSS v4.0 要求 3.3.1"),
    "IND-REC-03": (
        "compliance.md §5 (announce recording); PIPL art 17",
        "compliance.md 第5节（告知录音）；《个人信息保护法》第十七条",
    ),
}


def source(rule_id: str, lang: str) -> str:
    en, zh = SOURCES[rule_id]
    return zh if lang.startswith("zh") else en
