"""Traditional Chinese characters folded into simplified ones, for the readers of language:
the content check (arrears.compliance.content, its rules and its model) and the reaction
classifier (arrears.scripts.classifier, arrears.scripts.assist).

Collection letters from Taiwan and Hong Kong, messages typed on phones set to traditional
script, and debtors in Taiwan, Hong Kong and Malaysia on a call (還錢, 沒有錢, 過身) say what
the simplified lines say (台端如再不還款，將派員至住家張貼催收公告 is 张贴 as the rules know it;
徵信 is 征信). The rules, the lexicons and both corpora are written in simplified characters,
so a traditional line passed them unread. `simplify` maps one character to one character (the
text keeps its length, so a rule's span can be quoted from the original), and only characters
that simplified text does not use: 著, 乾, 藉, 瞭 and the like, which are also simplified
characters, and those whose simplified form depends on the word, are left alone. Cantonese
words (嘅, 咗, 哋, 唔, 冇) have no other form and stay as they are. The table is the common
characters of collection letters, notices, chat and calls, not a full conversion: a character
missing from it is read as it is written. No package on the registries we reach is needed:
str.translate over this table costs microseconds.
"""

from __future__ import annotations

import re

# Pairs of (traditional, simplified), a line per theme; every traditional character once.
_PAIRS = (
    # Money, debts and payments.
    "錢钱 債债 還还 帳账 賬账 貸贷 額额 費费 價价 貨货 幣币 銀银 資资 財财 購购 買买 賣卖 "
    "賠赔 償偿 繳缴 納纳 付付 款款 負负 擔担 欠欠 稅税 貼贴 獎奖 賺赚 賬账 匯汇 轉转 "
    "結结 餘余 欄栏 單单 據据 條条 號号 碼码 張张 筆笔 項项 數数 計计 算算 億亿 萬万 "
    "兩两 幾几 積积 滯滞 逾逾 遲迟 續续 紀纪 錄录 簽签 訂订 約约 憑凭 證证 "
    # Law, courts, police.
    "訴诉 訟讼 審审 判判 裁裁 決决 執执 強强 罰罚 拘拘 捕捕 獄狱 監监 懲惩 罪罪 犯犯 "
    "詐诈 騙骗 偵侦 查查 調调 解解 辦办 處处 罰罚 權权 責责 義义 務务 規规 範范 則则 "
    "條条 令令 聲声 請请 書书 狀状 傳传 票票 庭庭 院院 檢检 察察 警警 員员 關关 機机 "
    "構构 律律 師师 證证 據据 護护 辯辩 議议 認认 確确 撤撤 銷销 凍冻 扣扣 押押 拍拍 "
    # People, family, work.
    "親亲 屬属 媽妈 爺爷 婦妇 兒儿 孫孙 姊姊 們们 個个 爾尔 鄰邻 裡里 裏里 單单 "
    "體体 門门 鬧闹 闖闯 間间 問问 聞闻 閣阁 開开 關关 閉闭 團团 廠厂 東东 業业 "
    "學学 校校 師师 長长 領领 導导 職职 鬥斗 賴赖 戶户 麼么 嗎吗 嘛嘛 這这 邊边 "
    "過过 進进 還还 運运 達达 遠远 適适 選选 遞递 郵邮 鄉乡 隊队 陽阳 陰阴 險险 "
    "際际 隨随 難难 雞鸡 離离 雜杂 電电 車车 軍军 輛辆 輪轮 轉转 農农 頭头 題题 "
    "顧顾 預预 領领 顯显 願愿 類类 風风 飛飞 飯饭 館馆 養养 馬马 驗验 鳥鸟 點点 黨党 "
    # Verbs and words of notices, threats and calls.
    "說说 話话 語语 讀读 誰谁 談谈 講讲 謝谢 記记 許许 論论 設设 訪访 試试 該该 詳详 "
    "誤误 諒谅 請请 讓让 變变 讚赞 識识 譽誉 警警 觸触 覺觉 視视 親亲 見见 規规 觀观 "
    "發发 會会 來来 時时 後后 從从 為为 對对 將将 專专 尋寻 導导 與与 無无 爭争 "
    "聯联 繫系 係系 絡络 給给 統统 經经 總总 緊紧 終终 織织 網网 線线 練练 組组 細细 "
    "紙纸 級级 約约 紅红 結结 絕绝 續续 維维 綁绑 縣县 繼继 纏缠 罵骂 羅罗 聽听 聲声 "
    "腦脑 臉脸 舊旧 莊庄 處处 號号 蟲虫 術术 衛卫 裝装 製制 複复 褲裤 親亲 "
    "訊讯 託托 記记 詢询 認认 誠诚 課课 調调 論论 諾诺 謀谋 謊谎 證证 警警 護护 "
    "貝贝 負负 貨货 販贩 貧贫 責责 貴贵 貶贬 費费 賀贺 資资 賊贼 賓宾 賢贤 質质 "
    "趕赶 趙赵 跡迹 蹤踪 躍跃 車车 軟软 較较 載载 輕轻 輩辈 辦办 辭辞 農农 邊边 "
    "鄭郑 醫医 釋释 針针 釘钉 鈔钞 鈴铃 鉤钩 銷销 鋪铺 錯错 鍵键 鎖锁 鏈链 鐘钟 鐵铁 "
    "長长 門门 閃闪 閒闲 閱阅 闆板 陣阵 陳陈 陸陆 隱隐 雖虽 雙双 雲云 靜静 響响 頁页 "
    "頂顶 項项 順顺 須须 頓顿 頻频 額额 顏颜 風风 飄飘 餓饿 駛驶 騷骚 驚惊 體体 鬆松 "
    "麥麦 黃黄 齊齐 齒齿 龍龙 龜龟 劃划 劑剂 劍剑 動动 勞劳 勢势 勵励 勸劝 區区 協协 "
    "厲厉 參参 叢丛 吳吴 員员 啟启 喪丧 喚唤 嚇吓 嚴严 囑嘱 國国 圍围 園园 圖图 圓圆 "
    "執执 報报 場场 塊块 塗涂 墊垫 壓压 壞坏 夠够 夢梦 奪夺 奮奋 妝妆 婁娄 嬰婴 寧宁 "
    "實实 審审 寫写 寶宝 將将 屆届 層层 屬属 島岛 峽峡 幣币 幫帮 廣广 廳厅 彈弹 彥彦 "
    "徵征 徹彻 態态 慘惨 慣惯 慮虑 憂忧 憲宪 應应 懷怀 戀恋 戰战 戲戏 擁拥 擇择 擊击 "
    "擔担 據据 擠挤 擬拟 擴扩 擺摆 擾扰 攔拦 攤摊 敗败 敵敌 斂敛 斷断 於于 昇升 曉晓 "
    "曆历 書书 會会 朧胧 東东 條条 棄弃 楊杨 極极 構构 槍枪 樂乐 標标 樣样 樓楼 樹树 "
    "橋桥 檔档 檢检 櫃柜 權权 歡欢 歲岁 歷历 歸归 殘残 殺杀 殼壳 氣气 沒没 況况 "
    "淚泪 淨净 湯汤 溝沟 滅灭 滿满 漢汉 潔洁 潛潜 澤泽 濟济 濫滥 災灾 為为 烏乌 "
    "無无 煙烟 煩烦 熱热 燈灯 營营 爭争 爺爷 牆墙 狀状 猶犹 獨独 獲获 獻献 現现 "
    "環环 產产 畢毕 異异 當当 療疗 癢痒 發发 盜盗 盡尽 監监 盤盘 睜睁 矯矫 確确 "
    "碼码 礙碍 禍祸 禮礼 禦御 種种 稱称 穩稳 窮穷 竊窃 競竞 筆笔 節节 範范 簡简 "
    "糧粮 糾纠 紛纷 索索 紮扎 累累 綜综 綠绿 緒绪 緣缘 編编 緩缓 縮缩 繁繁 繩绳 "
    "罰罚 罷罢 義义 習习 聖圣 聯联 聰聪 職职 肅肃 脅胁 腳脚 膽胆 與与 興兴 舉举 艱艰 "
    "藝艺 藥药 蘇苏 蘭兰 處处 虛虚 虧亏 蝦虾 衝冲 補补 襲袭 覽览 親亲 觀观 訂订 "
    "計计 討讨 訓训 託托 訴诉 診诊 註注 詐诈 評评 詞词 試试 詩诗 話话 該该 誇夸 "
    "認认 誓誓 誘诱 說说 誰谁 課课 請请 諸诸 謂谓 謹谨 證证 譯译 議议 護护 讀读 "
    "變变 豐丰 豬猪 貓猫 貿贸 賭赌 賽赛 贈赠 贏赢 趨趋 跟跟 蹟迹 軌轨 輔辅 輯辑 "
    "輸输 轄辖 辯辩 遊游 運运 過过 達达 違违 遙遥 遞递 遲迟 還还 邁迈 邀邀 鄰邻 "
    "鉅巨 銀银 鋼钢 錄录 錶表 鍋锅 鎮镇 鏡镜 鐵铁 鑰钥 閉闭 問问 間间 閘闸 闊阔 "
    "隊队 階阶 隻只 雇雇 雜杂 雞鸡 離离 難难 電电 霧雾 靈灵 韓韩 頒颁 預预 領领 "
    "頭头 頸颈 頻频 顆颗 題题 顧顾 飢饥 飲饮 飽饱 餅饼 館馆 馬马 駐驻 騎骑 "
    "驅驱 驗验 髮发 鬥斗 魚鱼 鮮鲜 鳳凤 鴨鸭 鹽盐 麗丽 黴霉 齡龄 "
    # Cantonese and Taiwanese usage of the notices (台端, 閣下, 屋苑, 管理處).
    "臺台 噁恶 嘆叹 嗚呜 嘩哗 噸吨 嚐尝 囉啰 堅坚 壘垒 夾夹 婭娅 嬸婶 屍尸 岡冈 "
    "恆恒 恥耻 惡恶 惱恼 愛爱 慶庆 憑凭 懶懒 懸悬 懼惧 戶户 掃扫 掛挂 掙挣 揚扬 換换 "
    "損损 搖摇 搶抢 攜携 敘叙 斬斩 暫暂 暢畅 曬晒 朮术 殯殡 毀毁 氫氢 決决 沖冲 "
    "涼凉 減减 渦涡 測测 滬沪 漲涨 潰溃 澀涩 濃浓 瀏浏 灑洒 灘滩 爛烂 牽牵 犧牺 "
    "瑣琐 甌瓯 畫画 瘋疯 癱瘫 皺皱 盞盏 矚瞩 碩硕 磚砖 禪禅 禿秃 稅税 窩窝 窯窑 "
    "籌筹 簽签 籃篮 粵粤 絲丝 綱纲 網网 緻致 縱纵 總总 繪绘 纖纤 罈坛 罵骂 翹翘 "
    "聳耸 膚肤 艙舱 莖茎 萊莱 葉叶 蔣蒋 薦荐 薩萨 藍蓝 蘋苹 蟻蚁 蠻蛮 衆众 裊袅 "
    "複复 覆覆 訝讶 詭诡 誌志 諮咨 謎谜 譏讥 讒谗 豈岂 貞贞 賄贿 賒赊 贓赃 "
    "躉趸 輾辗 轟轰 辮辫 邏逻 醞酝 釀酿 鈍钝 銳锐 鍛锻 鑑鉴 閩闽 闡阐 陝陕 陞升 "
    "隸隶 靂雳 頑顽 頗颇 頰颊 顫颤 颱台 餵喂 饒饶 騰腾 驕骄 鬱郁 魯鲁 鴻鸿 鵝鹅 "
    "麵面 齣出 擱搁 攏拢 嚨咙 囂嚣 壯壮 奧奥 奬奖 孃娘 寬宽 尋寻 屜屉 嶺岭 巒峦 "
    "廟庙 廢废 彎弯 徑径 復复 懇恳 撥拨 撫抚 撲扑 撿捡 擋挡 攬揽 暈晕 曠旷 棧栈 "
    "櫻樱 欄栏 漁渔 潑泼 澆浇 燒烧 燦灿 爐炉 犢犊 猻狲 璽玺 甦苏 癡痴 盧卢 瞞瞒 "
    "礦矿 穌稣 籠笼 糞粪 紋纹 紡纺 絞绞 綿绵 緝缉 縫缝 繞绕 纜缆 翺翱 聶聂 脹胀 "
    "腎肾 膠胶 艦舰 蕭萧 蘆芦 螢萤 蠟蜡 補补 襯衬 訣诀 詛诅 誣诬 諷讽 謗谤 譴谴 "
    "賂赂 賜赐 賦赋 賬账 贖赎 跤跤 踐践 軀躯 輿舆 轎轿 迴回 週周 遺遗 鄧邓 醜丑 "
    "釣钓 鈕钮 銅铜 銬铐 鋒锋 鍊炼 鎊镑 鏟铲 鐮镰 鑽钻 閥阀 闖闯 陰阴 隕陨 雛雏 "
    "韌韧 響响 頌颂 顛颠 饅馒 駁驳 駕驾 騙骗 驢驴 鬍胡 魂魂 鯨鲸 鴿鸽 鶴鹤 黑黑 "
    # More of the common ones.
    "準准 別别 僅仅 傷伤 備备 儲储 優优 僱雇 傢家 偽伪 倆俩 側侧 儀仪 內内 兌兑 凱凯 刪删 "
    "劉刘 創创 剛刚 剝剥 勁劲 勝胜 華华 卻却 厭厌 喬乔 嘗尝 噴喷 墳坟 壽寿 帶带 庫库 "
    "採采 晉晋 歐欧 毆殴 灣湾 爲为 獸兽 眾众 礎础 籤签 績绩 蓋盖 連连 髒脏 佔占 妳你 "
    "祇只 衹只 纔才 汙污 綫线 並并 兇凶 喫吃 擡抬 麽么 嚮向 牠它 鑒鉴 證证 滾滚 偵侦 "
    # And of debtors' own words on calls.
    "偉伟 憐怜 捨舍 揮挥 撐撑 斃毙 濕湿 瓊琼 癥症 穀谷 紗纱 紹绍 "
    "腫肿 誕诞 説说 貢贡 貪贪 貫贯 賤贱 遷迁 醬酱 錦锦 飼饲 "
)
_TABLE: dict[int, int] = {}
for _pair in _PAIRS.split():
    _t, _s = _pair[0], _pair[1]
    if _t != _s:
        _TABLE[ord(_t)] = ord(_s)
del _pair, _t, _s

_TRADITIONAL = re.compile("[" + "".join(sorted(chr(c) for c in _TABLE)) + "]")


def simplify(text: str) -> str:
    """`text` with the table's traditional characters folded into simplified ones; the same
    length, and the same string when there are none."""
    if not _TRADITIONAL.search(text):
        return text
    return text.translate(_TABLE)


def traditional_pairs() -> dict[str, str]:
    """The table, for the tests."""
    return {chr(t): chr(s) for t, s in _TABLE.items()}
