/**
 * Traditional → Simplified Chinese, character by character, for the characters that occur in
 * commerce and service messages (the lexicon vocabulary and its neighbours). One-to-one, so
 * offsets are preserved. Pairs are listed as "traditional simplified" strings of equal length.
 */
const TRADITIONAL = '優惠購買車時價贈費郵銷搶單訂貨發專領碼驗證們為薦歡級會員禮積點現開結還猶僅錯過後場滿減門診預約達額戶賬帳號線熱務請準應際讓勵獎數錢賣庫存劃億萬與動務場經紀優質庫衝議紅換種雙選節團貴頁網連關機實無費產語廣團報種類紹護邊離總並從觀務寶貼餘樣麼麗戲館隊陸記計設許說誤調談論證識護讀變讓豐貨質購贈趕輕這進運遞適達遠還邊鄉鐘長門間閉開隨難電預領頭顧風飛餐驗體齊龍擊擇損據總與處產嗎嘗團圍執幣幫廳彈徵應戰撥擁擴攜敗數斷於會朗條來東傳價儲兒內兩冊劃動勁務勞區協參雙發變號吳員問啟單嚴圖團壓夠奪寢對將專尋導屆層屬歲師帶庫廢張彎後徑從復態懷戶揀揚換據損搖撲擋擔擬擴擾攤敵斂數時書會榮樂標樣樓櫃檢歐歸歷殘殺氣決沒況涼減測湯溝滅滯滿漢潔潛濃濕濟灣為無煙熱燈爐爭獨獲現環產畫當療癥發盜盡盤監碼確種稅稱穩窮筆築簡簽類糧紀約級紙細終組結絕絡給統絲經綠維網線練縣總繩繼續纜罰羅義習聯聲職肅膚臉臨興舉艙藝範葉號蟲術衛補製複見規視覽親觸言訊訓託記訪設許訴診註詞詢試話該詳認誌語誠說誰課調談請諮諾謝證識譯議讀變豬貝負財貨販貧責貸費貼資賞賠賬質賴購賽贊趨跡踐車軌軟較載輔輛輪輸轉辦農這連週進運過達違遙適選遺郵鄰醫釋鑰銀鋪錄鍵鎖鏡門閃閉問閒間閱隊階際隱隻雜雞離難電霧靜頁項順預頒領頻題額風飄飛飯飲館體麼點齡繳裝倉別賺鮮幾圓華麵聖誕慶廠錦';
const SIMPLIFIED =  '优惠购买车时价赠费邮销抢单订货发专领码验证们为荐欢级会员礼积点现开结还犹仅错过后场满减门诊预约达额户账账号线热务请准应际让励奖数钱卖库存划亿万与动务场经纪优质库冲议红换种双选节团贵页网连关机实无费产语广团报种类绍护边离总并从观务宝贴余样么丽戏馆队陆记计设许说误调谈论证识护读变让丰货质购赠赶轻这进运递适达远还边乡钟长门间闭开随难电预领头顾风飞餐验体齐龙击择损据总与处产吗尝团围执币帮厅弹征应战拨拥扩携败数断于会朗条来东传价储儿内两册划动劲务劳区协参双发变号吴员问启单严图团压够夺寝对将专寻导届层属岁师带库废张弯后径从复态怀户拣扬换据损摇扑挡担拟扩扰摊敌敛数时书会荣乐标样楼柜检欧归历残杀气决没况凉减测汤沟灭滞满汉洁潜浓湿济湾为无烟热灯炉争独获现环产画当疗症发盗尽盘监码确种税称稳穷笔筑简签类粮纪约级纸细终组结绝络给统丝经绿维网线练县总绳继续缆罚罗义习联声职肃肤脸临兴举舱艺范叶号虫术卫补制复见规视览亲触言讯训托记访设许诉诊注词询试话该详认志语诚说谁课调谈请咨诺谢证识译议读变猪贝负财货贩贫责贷费贴资赏赔账质赖购赛赞趋迹践车轨软较载辅辆轮输转办农这连周进运过达违遥适选遗邮邻医释钥银铺录键锁镜门闪闭问闲间阅队阶际隐只杂鸡离难电雾静页项顺预颁领频题额风飘飞饭饮馆体么点龄缴装仓别赚鲜几圆华面圣诞庆厂锦';

let table: Map<number, number> | undefined;

function buildTable(): Map<number, number> {
  const map = new Map<number, number>();
  const from = Array.from(TRADITIONAL);
  const to = Array.from(SIMPLIFIED);
  for (let i = 0; i < from.length; i += 1) {
    const t = from[i];
    const s = to[i];
    if (t !== undefined && s !== undefined && t !== s) map.set(t.codePointAt(0) ?? 0, s.codePointAt(0) ?? 0);
  }
  return map;
}

/** The simplified form of one Han code point (itself when it has none in the table). */
export function foldHan(codePoint: number): number {
  table ??= buildTable();
  return table.get(codePoint) ?? codePoint;
}

/** Exposed for tests: the two strings must pair up one to one. */
export const HAN_FOLD_PAIRS = { traditional: TRADITIONAL, simplified: SIMPLIFIED } as const;
