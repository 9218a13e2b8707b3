"""Traditional Chinese folded into simplified for the reaction classifier.

Debtors in Taiwan, Hong Kong and Malaysia write (and speech recognition transcribes) 還錢,
沒有錢, 過身; the corpus is simplified, so a traditional turn met almost none of its character
n-grams or concept words. The table holds the traditional characters of everyday and
collection-call language with one simplified form each (a character whose simplified form
depends on the word, such as 著 or 覆, is left out). No package on the registries we reach is
needed: str.translate over this table costs microseconds.
"""

from __future__ import annotations

# Pairs: a traditional character, then its simplified form.
_PAIRS = (
    "們们這这個个還还錢钱沒没會会過过來来說说話话電电時时間间點点為为麼么麽么樣样對对裡里裏里後后發发幫帮給给錯错認认識识號号碼码請请問问讓让應应該该經经與与關关係系"
    "務务債债貸贷帳账賬账單单據据證证戶户銀银轉转匯汇額额費费違违約约罰罚減减開开辦办機机買买賣卖實实現现錄录報报訴诉舉举檢检騷骚擾扰煩烦嚇吓脅胁師师聯联絡络繫系書书"
    "寫写郵邮傳传簡简訊讯聽听見见講讲讀读學学媽妈爺爷兒儿婦妇親亲鄰邻闆板總总門门員员裝装醫医療疗癥症藥药術术車车禍祸傷伤喪丧癡痴腦脑風风歲岁頭头東东遠远邊边歡欢難难"
    "無无業业資资當当貨货種种處处週周禮礼鐘钟兩两萬万塊块圓圆億亿幾几數数樂乐愛爱爾尔妳你衛卫導导領领長长張张陳陈劉刘楊杨趙赵黃黄吳吴鄭郑謝谢離离職职辭辞廠厂閉闭虧亏"
    "損损賠赔負负擔担險险產产檔档網网頁页憑凭騙骗詐诈壞坏罵骂滾滚瘋疯髒脏別别斷断絕绝續续繼继紀纪結结計计專专聲声準准備备補补齊齐鬧闹聞闻麗丽歷历曆历嗎吗囉啰雞鸡魚鱼"
    "飯饭餓饿飽饱館馆鐵铁場场廳厅層层樓楼圖图園园區区縣县鄉乡鎮镇莊庄華华國国臺台灣湾馬马語语寶宝貝贝價价賺赚貴贵濟济營营標标舊旧屬属於于陣阵雖虽從从眾众衆众體体條条"
    "題题須须頻频顧顾顯显內内兇凶狀状況况決决議议論论設设許许評评課课試试詳详誤误誰谁調调談谈諒谅護护變变貼贴賴赖趕赶跡迹軟软較较輕轻載载輛辆輸输農农遲迟適适選选遺遗"
    "醜丑釋释針针鎖锁閱阅陽阳隊队際际隨随隱隐雙双雜杂靈灵響响頂顶順顺預预願愿類类飛飞養养餘余驗验驚惊髮发鬆松鬥斗鳥鸟麥麦黨党齡龄擁拥擇择擊击撥拨搶抢換换揮挥掃扫掛挂"
    "捨舍採采殺杀殘残氣气漲涨滿满濕湿災灾燒烧燈灯爭争獨独獎奖環环畫画異异盡尽監监盤盘確确稅税穩稳窮穷竊窃筆笔範范節节簽签糧粮糾纠紅红紙纸級级細细終终組组統统綁绑維维"
    "緊紧線线練练縮缩績绩繳缴罷罢習习聖圣聰聪肅肃膽胆臉脸興兴艱艰葉叶蘇苏虛虚衝冲製制複复規规視视覺觉觀观訂订記记訪访詢询誠诚説说謊谎謹谨貧贫責责賀贺賓宾質质軍军輪轮"
    "迴回進进運运達达遞递遷迁銷销鋪铺鍵键閃闪閒闲閣阁陸陆陰阴階阶隻只靜静項项頓顿顏颜駛驶騎骑驅驱麵面龍龙鳳凤齒齿壓压歸归屆届啟启鬱郁憂忧夢梦倆俩偉伟側侧傢家僅仅優优"
    "償偿儲储兌兑劃划勞劳勢势勵励勸劝協协卻却厲厉參参喚唤嗚呜團团圍围執执堅坚壯壮夠够奪夺奮奋婁娄孫孙寧宁審审寬宽尋寻屍尸峽峡島岛幣币庫库廢废廣广彈弹徑径復复徵征態态"
    "慣惯慮虑憐怜懷怀懶懒戰战戲戏撐撑擬拟擴扩斃毙晉晋暈晕曉晓朧胧構构槍枪權权歐欧毀毁漢汉潔洁烏乌煙烟熱热牆墙獲获瓊琼盜盗睜睁礙碍稱称穀谷窩窝競竞糞粪紗纱紹绍綜综綠绿"
    "緒绪緣缘編编縫缝繩绳腎肾腫肿膚肤艙舱蓋盖藝艺蟲虫蠻蛮襲袭診诊詞词誇夸誕诞誌志諸诸謀谋謂谓謎谜譯译讚赞豐丰貓猫貢贡貫贯販贩貪贪賜赐賤贱賦赋賭赌賽赛贈赠趨趋躍跃輔辅"
    "輩辈轄辖辯辩遙遥醬酱釣钓鈔钞鈴铃鉅巨銅铜銳锐鋼钢錦锦鍋锅鎊镑鏡镜鑰钥闊阔闖闯隸隶雲云霧雾韌韧頑顽頒颁頸颈顆颗颱台飄飘飼饲餅饼饒饶驕骄鬍胡鮮鲜鴨鸭鵝鹅鹽盐黴霉齣出"
)
_TABLE = str.maketrans(_PAIRS[0::2], _PAIRS[1::2])


def to_simplified(text: str) -> str:
    """The text with every traditional character in the table replaced by its simplified form."""
    return text.translate(_TABLE)
