//! The extractor's lexicons, in one place: every list of cue words the
//! rules of [`super::measures`], [`super::series`], [`super::numbers`],
//! [`super::dates`], [`super::page`] and [`super::places`] read, grouped by
//! the module that reads it. Words are general to Chinese local reporting,
//! never phrases of one page; a list changes here, not in a rule.
//!
//! A list searched at every figure is a [`CueTable`]: it owns its search
//! ([`CharWords`]), built once on first use, so no caller builds or tells
//! searches apart. The tests hold every table's search to an automaton's.

use std::sync::OnceLock;

/// A deterministic automaton for a short word list: the tests' oracle for
/// [`CharWords`], whose overlapping search it stands for.
#[cfg(test)]
pub(crate) fn small_automaton(words: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasickBuilder::new()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(words)
        .expect("cue words build an automaton")
}

/// A word list searched in chars: every occurrence, overlapping ones too,
/// as an automaton's overlapping search finds them in the string, with char
/// offsets and without the string. Most chars of a page start no word; a
/// table over the BMP gives, in one load, the few words that start with a
/// char, and only those are compared. Over a paragraph's chars this is
/// several times faster than the automaton over its UTF-8 (which walks
/// three bytes a char and then has to turn byte offsets into chars).
pub(crate) struct CharWords {
    /// Each word's length in chars.
    lens: Vec<usize>,
    /// For each char below U+10000, 1 + its group in `groups`, or 0 when
    /// no word starts with it.
    first: Vec<u16>,
    /// Each first char's words: a range of `entries`.
    groups: Vec<std::ops::Range<usize>>,
    /// The words of every group, a group's in list order, side by side:
    /// a hit is found by reading on through one array, not by following a
    /// vector per group and a vector per word.
    entries: Vec<Entry>,
    /// The chars after the second of every word, side by side.
    rests: Vec<char>,
}

/// One word of a group, as its search compares it.
struct Entry {
    word: usize,
    /// Its second char, if it has one: most words are turned away here.
    second: Option<char>,
    /// Its chars after the second, in `rests`.
    rest: std::ops::Range<usize>,
}

impl CharWords {
    /// Cue words are Chinese or ASCII: each starts in the BMP (checked
    /// here, on first use of a list, and for every list by a test).
    pub(crate) fn new<'w>(list: impl IntoIterator<Item = &'w str>) -> CharWords {
        let words: Vec<Vec<char>> = list.into_iter().map(|w| w.chars().collect()).collect();
        let mut first = vec![0u16; 0x10000];
        let mut by_group: Vec<Vec<usize>> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let c = *w.first().expect("cue words are not empty") as usize;
            assert!(c < first.len(), "cue words start in the BMP");
            if first[c] == 0 {
                by_group.push(Vec::new());
                first[c] = u16::try_from(by_group.len()).expect("fewer first chars than the BMP");
            }
            by_group[usize::from(first[c]) - 1].push(k);
        }
        let mut groups = Vec::with_capacity(by_group.len());
        let mut entries = Vec::with_capacity(words.len());
        let mut rests = Vec::new();
        for group in by_group {
            let start = entries.len();
            for k in group {
                let w = &words[k];
                let from = rests.len();
                rests.extend(w.iter().skip(2));
                entries.push(Entry {
                    word: k,
                    second: w.get(1).copied(),
                    rest: from..rests.len(),
                });
            }
            groups.push(start..entries.len());
        }
        CharWords {
            lens: words.iter().map(Vec::len).collect(),
            first,
            groups,
            entries,
            rests,
        }
    }

    /// The words that start with `c`, in list order.
    #[inline]
    fn starting_with(&self, c: char) -> &[Entry] {
        match self.first.get(c as usize).copied().unwrap_or(0) {
            0 => &[],
            g => &self.entries[self.groups[usize::from(g) - 1].clone()],
        }
    }

    /// Does `e`'s word, whose first char matched, go on with `after` (the
    /// chars after that first char)?
    #[inline]
    fn goes_on(&self, e: &Entry, after: &[char]) -> bool {
        let Some(second) = e.second else {
            return true;
        };
        if after.first() != Some(&second) {
            return false;
        }
        let rest = &self.rests[e.rest.clone()];
        after.len() > rest.len() && rest.iter().zip(&after[1..]).all(|(a, b)| a == b)
    }

    /// The first word, in list order, that stands in `chars` at `i`: a
    /// scan of the list with `starts_with_at`, one table load instead of a
    /// compare per word.
    pub(crate) fn first_at(&self, chars: &[char], i: usize) -> Option<usize> {
        let &c = chars.get(i)?;
        let after = &chars[i + 1..];
        self.starting_with(c)
            .iter()
            .find(|e| self.goes_on(e, after))
            .map(|e| e.word)
    }

    /// The word's length in chars.
    pub(crate) fn len_of(&self, word: usize) -> usize {
        self.lens[word]
    }

    /// Calls `hit(start, word)` for every occurrence, in order of their
    /// starts (the words of one start in list order).
    pub(crate) fn each_hit(&self, chars: &[char], mut hit: impl FnMut(usize, usize)) {
        for (i, &c) in chars.iter().enumerate() {
            let words = self.starting_with(c);
            if words.is_empty() {
                continue;
            }
            let after = &chars[i + 1..];
            for e in words {
                if self.goes_on(e, after) {
                    hit(i, e.word);
                }
            }
        }
    }
}

/// Byte offsets of a text → char offsets: automata report bytes, the
/// extractor counts chars. The extractor searches chars with [`CharWords`];
/// the tests turn the automaton's hits, their oracle, into chars with this.
/// A cursor: matches come in order of their ends, so each is reached by
/// counting the chars since the last one.
#[cfg(test)]
pub(crate) struct CharCursor<'t> {
    text: &'t str,
    byte: usize,
    chr: usize,
}

#[cfg(test)]
impl<'t> CharCursor<'t> {
    pub(crate) fn new(text: &'t str) -> CharCursor<'t> {
        CharCursor {
            text,
            byte: 0,
            chr: 0,
        }
    }

    /// The char span of the byte span `[start, end)`, both on char
    /// boundaries. Fastest when `end` does not go back.
    pub(crate) fn span(&mut self, start: usize, end: usize) -> (usize, usize) {
        let at_end = if end >= self.byte {
            self.chr + self.text[self.byte..end].chars().count()
        } else {
            self.chr - self.text[end..self.byte].chars().count()
        };
        self.byte = end;
        self.chr = at_end;
        (at_end - self.text[start..end].chars().count(), at_end)
    }
}

/// Where a table's words come from: word and value pairs, or whole word
/// lists that share a value.
enum Entries<V: 'static> {
    Pairs(&'static [(&'static str, V)]),
    Lists(&'static [(&'static [&'static str], V)]),
}

/// A cue table: words, each with what it means (a measure, a topic, a
/// tally), and the search that finds them all in one pass. Declare it as
/// a `static` (a `const` would build its search at every use).
pub struct CueTable<V: 'static> {
    /// What the table is for, as rules' explanations name it.
    pub name: &'static str,
    entries: Entries<V>,
    built: OnceLock<Built<V>>,
}

struct Built<V: 'static> {
    chars: CharWords,
    /// The word, value and entry index of each word of `chars`.
    words: Vec<(&'static str, V, usize)>,
}

/// One occurrence of a cue: where (in chars or bytes, as asked), the word,
/// and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CueHit<V> {
    pub start: usize,
    pub len: usize,
    pub word: &'static str,
    pub value: V,
    /// The word's place in the table (its first entry), for counts kept
    /// per entry.
    pub entry: usize,
}

impl<V: Copy + Send + Sync + 'static> CueTable<V> {
    pub const fn new(name: &'static str, pairs: &'static [(&'static str, V)]) -> Self {
        CueTable {
            name,
            entries: Entries::Pairs(pairs),
            built: OnceLock::new(),
        }
    }

    pub const fn of_lists(
        name: &'static str,
        lists: &'static [(&'static [&'static str], V)],
    ) -> Self {
        CueTable {
            name,
            entries: Entries::Lists(lists),
            built: OnceLock::new(),
        }
    }

    /// Every (word, value), in the table's order.
    pub fn entries(&self) -> Vec<(&'static str, V)> {
        match self.entries {
            Entries::Pairs(p) => p.to_vec(),
            Entries::Lists(l) => l
                .iter()
                .flat_map(|&(words, v)| words.iter().map(move |&w| (w, v)))
                .collect(),
        }
    }

    fn built(&self) -> &Built<V> {
        self.built.get_or_init(|| {
            // The first entry of a word wins, as in a scan of the table in order.
            let mut seen = std::collections::HashSet::new();
            let words: Vec<(&'static str, V, usize)> = self
                .entries()
                .into_iter()
                .enumerate()
                .filter(|(_, (w, _))| seen.insert(*w))
                .map(|(k, (w, v))| (w, v, k))
                .collect();
            Built {
                chars: CharWords::new(words.iter().map(|(w, _, _)| *w)),
                words,
            }
        })
    }

    /// Every occurrence of the table's words in `text`, overlapping ones
    /// included, with byte offsets, as an automaton of them finds them: the
    /// tests' oracle (it builds the automaton at every call).
    #[cfg(test)]
    pub fn find_in_str(&self, text: &str) -> Vec<CueHit<V>> {
        let b = self.built();
        let list: Vec<&str> = b.words.iter().map(|(w, _, _)| *w).collect();
        small_automaton(&list)
            .find_overlapping_iter(text)
            .map(|m| {
                let (word, value, entry) = b.words[m.pattern().as_usize()];
                CueHit {
                    start: m.start(),
                    len: m.end() - m.start(),
                    word,
                    value,
                    entry,
                }
            })
            .collect()
    }

    /// Every occurrence of the table's words in `chars`, overlapping ones
    /// included, with char offsets and lengths, in order of their starts
    /// (not of their ends, as an automaton gives them).
    pub fn each_in_chars(&self, chars: &[char], mut hit: impl FnMut(CueHit<V>)) {
        let b = self.built();
        b.chars.each_hit(chars, |start, p| {
            let (word, value, entry) = b.words[p];
            hit(CueHit {
                start,
                len: b.chars.len_of(p),
                word,
                value,
                entry,
            });
        });
    }

    /// Every occurrence of the table's words in `window`, as a list: what
    /// the tests compare.
    #[cfg(test)]
    pub fn find_in_chars(&self, window: &[char]) -> Vec<CueHit<V>> {
        let mut hits = Vec::new();
        self.each_in_window(window, |h| hits.push(h));
        hits
    }

    /// Hands `hit` every occurrence of the table's words in `window`, with
    /// char offsets and lengths, by end (see [`super::window`]): one search
    /// per sentence serves all its windows, and no list is built per window.
    pub fn each_in_window(&self, window: &[char], mut hit: impl FnMut(CueHit<V>)) {
        let b = self.built();
        super::window::each_overlapping(&b.chars, window, |(start, end, p)| {
            let (word, value, entry) = b.words[p];
            hit(CueHit {
                start,
                len: end - start,
                word,
                value,
                entry,
            });
        });
    }
}

/// Words that say a sentence speaks of the day of the report (`目前`,
/// `截至目前`): it takes the article's date, not a day an earlier sentence
/// of its paragraph carried.
pub(crate) const NOW: [[char; 2]; 4] = [['目', '前'], ['至', '今'], ['现', '已'], ['如', '今']];

/// Words right before a number that make it approximate (`近百人`,
/// `超过3000人`, `突破万人`), longest first so that `将近` wins over `近`.
pub(crate) const APPROXIMATORS: [&str; 8] = ["将近", "大约", "超过", "逾", "近", "约", "超", "破"];

/// `上` approximates only a bare round number (`上百人`, `上万人`): before
/// digits it ends a word (`线上`, `晚上`, `以上`).
pub(crate) const ROUND_APPROXIMATORS: [&str; 1] = ["上"];

pub(crate) mod measure {
    use super::CueTable;
    use crate::records::Measure::{self, *};

    /// Words that mark a passage as about the epidemic whatever else it says.
    pub(crate) const EPIDEMIC: [&str; 38] = [
        "疫",
        "新冠",
        "冠状",
        "肺炎",
        "核酸",
        "口罩",
        "隔离",
        "疫苗",
        "接种",
        "确诊",
        "病例",
        "密接",
        "密切接触",
        "健康码",
        "行程码",
        "行程卡",
        "场所码",
        "三码",
        "双码",
        "消杀",
        "涉鄂",
        "武汉",
        "湖北",
        "发热",
        "流调",
        "卡口",
        "封控",
        "病毒",
        "感染",
        "阴性",
        "阳性",
        "采样",
        "方舱",
        "加强针",
        "复工复产",
        "留观",
        "医学观察",
        "无接触",
    ];

    /// Words common in epidemic reporting but also in safety, flood or fire
    /// campaigns (`隐患排查`, `安全检查`): they support a topic, never set it.
    pub(crate) const EPIDEMIC_WEAK: [&str; 16] = [
        "体温",
        "测温",
        "消毒",
        "卡点",
        "管控",
        "居家",
        "复工",
        "复产",
        "返乡",
        "返岗",
        "摸排",
        "排查",
        "联防联控",
        "网格化",
        "扫码",
        "防护",
    ];

    /// Words of other topics that local pages mix in: drowning, floods, fires,
    /// trains, parking, projects, anti-corruption campaigns.
    pub(crate) const OTHER_TOPIC: [&str; 46] = [
        "溺水",
        "游泳",
        "防汛",
        "汛期",
        "洪水",
        "水库",
        "山塘",
        "森林防火",
        "防火",
        "火灾",
        "山火",
        "列车",
        "车次",
        "运行图",
        "停车",
        "车位",
        "交通违法",
        "红绿灯",
        "驾校",
        "闯红灯",
        "项目建设",
        "重点项目",
        "签约",
        "投资",
        "党史",
        "清廉",
        "廉政",
        "环卫",
        "垃圾",
        "气象",
        "雨情",
        "旱灾",
        "经济运行",
        "招商",
        "生猪",
        "扶贫",
        "贫困户",
        "脱贫",
        "文明城市",
        "游客",
        "古城",
        "烈士",
        "信访",
        "征拆",
        "安全饮用水",
        "病虫害",
    ];

    /// The three topic lists, told apart by their index: 0 strong epidemic
    /// cues, 1 weak ones, 2 other topics.
    pub(crate) static TOPIC_CUES: CueTable<usize> = CueTable::of_lists(
        "topic",
        &[(&EPIDEMIC, 0), (&EPIDEMIC_WEAK, 1), (&OTHER_TOPIC, 2)],
    );

    /// Verbs and cue words that say what was done, nearest before the figure.
    pub(crate) static VERB_CUES: CueTable<Measure> = CueTable::new(
        "verb",
        &[
            ("排查", Screening),
            ("摸排", Screening),
            ("排摸", Screening),
            ("筛查", Screening),
            ("走访", Screening),
            ("入户", Screening),
            ("上门", Screening),
            ("敲门", Screening),
            ("摸底", Screening),
            ("比对", Screening),
            ("核查", Screening),
            ("登记", Screening),
            ("卡口", Checkpoint),
            ("卡点", Checkpoint),
            ("劝返", Checkpoint),
            ("查验", Checkpoint),
            ("检查站", Checkpoint),
            ("检测点", Checkpoint),
            ("核酸", Testing),
            ("采样", Testing),
            ("检测", Testing),
            ("送检", Testing),
            ("接种", Vaccination),
            ("疫苗", Vaccination),
            ("第一针", Vaccination),
            ("加强针", Vaccination),
            ("隔离", Quarantine),
            ("医学观察", Quarantine),
            ("健康监测", Quarantine),
            ("追踪", Quarantine),
            ("密切接触", Quarantine),
            ("密接", Quarantine),
            ("流调", Quarantine),
            ("管控", Quarantine),
            ("封控", Quarantine),
            ("封闭管理", Quarantine),
            ("救治", Medical),
            ("治愈", Medical),
            ("出院", Medical),
            ("就诊", Medical),
            ("留观", Medical),
            ("留院观察", Medical),
            ("医治", Medical),
            ("治疗", Medical),
            ("康复", Medical),
            ("发热门诊", Medical),
            ("确诊", Cases),
            ("疑似", Cases),
            ("病例", Cases),
            ("无新增", Cases),
            ("组建", Personnel),
            ("下沉", Personnel),
            ("派出", Personnel),
            ("抽调", Personnel),
            ("出动", Personnel),
            ("投入", Personnel),
            ("增派", Personnel),
            ("动员", Personnel),
            ("招募", Personnel),
            // People who signed up (报名参加志愿服务) are people mobilised.
            ("报名", Personnel),
            ("成立", Personnel),
            ("加入", Personnel),
            ("参与", Personnel),
            ("坚守", Personnel),
            ("值守", Personnel),
            ("购买", Supplies),
            ("采购", Supplies),
            ("储备", Supplies),
            ("捐赠", Supplies),
            ("受赠", Supplies),
            ("捐出", Supplies),
            ("筹集", Supplies),
            ("投放", Supplies),
            ("分发", Supplies),
            ("发放", Supplies),
            ("运送", Supplies),
            ("调拨", Supplies),
            ("配发", Supplies),
            ("宣传", Publicity),
            ("张贴", Publicity),
            ("悬挂", Publicity),
            ("推送", Publicity),
            ("播放", Publicity),
            ("印制", Publicity),
            ("印发", Publicity),
            ("点击量", Publicity),
            ("阅读量", Publicity),
            ("播放量", Publicity),
            ("倡议", Publicity),
            ("督查", Inspection),
            ("检查", Inspection),
            ("查看", Inspection),
            ("巡查", Inspection),
            ("暗访", Inspection),
            ("督导", Inspection),
            ("抽查", Inspection),
            ("明察", Inspection),
            ("整改", Inspection),
            ("交办", Inspection),
            ("通报", Inspection),
            ("发现问题", Inspection),
            ("问责", Accountability),
            ("处分", Accountability),
            ("查处", Accountability),
            ("线索", Accountability),
            ("追责", Accountability),
            ("诫勉", Accountability),
            ("约谈", Accountability),
            ("立案", Accountability),
            ("组织处理", Accountability),
            ("消毒", Disinfection),
            ("消杀", Disinfection),
            ("喷洒", Disinfection),
            ("缓办", Gatherings),
            ("简办", Gatherings),
            ("红事", Gatherings),
            ("白事", Gatherings),
            ("取消", Gatherings),
            ("劝散", Gatherings),
            ("聚集", Gatherings),
            ("关闭", Gatherings),
            // Venues shut: parks and scenic areas close their gates (闭园),
            // museums and libraries their doors, shops stop trading.
            ("闭园", Gatherings),
            ("闭馆", Gatherings),
            ("停业", Gatherings),
            ("歇业", Gatherings),
            ("暂停营业", Gatherings),
            ("心理", Services),
            ("咨询", Services),
            ("热线", Services),
            ("代购", Services),
            ("跑腿", Services),
            ("送菜", Services),
            ("送餐", Services),
            ("配送", Services),
            ("接待", Services),
            ("培训", Services),
            ("帮扶", Services),
            ("提供服务", Services),
            ("复工", Economy),
            ("复产", Economy),
            ("复业", Economy),
            ("复市", Economy),
            ("营业", Economy),
            ("销售", Economy),
            ("卖出", Economy),
            ("订单", Economy),
            ("开业", Economy),
            ("恢复", Economy),
        ],
    );

    /// Words of public money allotted, and of what goods were worth.
    pub(crate) const FUNDING: [&str; 9] = [
        "拨款",
        "拨付",
        "资金",
        "经费",
        "价值",
        "下拨",
        "划拨",
        "专项资金",
        "财政",
    ];

    /// Verbs that say only that something was set up or sent: the noun they
    /// govern says what for (`派出9个督查组` is inspection, `组建28人的志愿服务队` personnel).
    pub(crate) const GENERIC_VERBS: [&str; 13] = [
        "组建", "派出", "成立", "投入", "抽调", "出动", "动员", "发放", "分发", "投放", "参与",
        "加入", "运送",
    ];

    /// Nouns a figure counts, right after its unit (or right before its number).
    pub(crate) static NOUN_CUES: CueTable<Measure> = CueTable::new(
        "noun",
        &[
            ("督查组", Inspection),
            ("暗访组", Inspection),
            ("检查组", Inspection),
            ("督导组", Inspection),
            ("巡查组", Inspection),
            ("督查通报", Inspection),
            ("通报", Inspection),
            ("隐患", Inspection),
            ("问题线索", Accountability),
            ("线索", Accountability),
            ("问题", Inspection),
            ("流调组", Quarantine),
            ("密切接触者", Quarantine),
            ("密接", Quarantine),
            ("隔离", Quarantine),
            ("重点人员", Quarantine),
            ("确诊", Cases),
            ("病例", Cases),
            ("疑似", Cases),
            ("床位", Medical),
            ("医院", Medical),
            ("医疗队", Medical),
            ("患者", Medical),
            ("医务人员", Personnel),
            ("医护人员", Personnel),
            ("志愿者", Personnel),
            ("志愿队", Personnel),
            ("志愿服务", Personnel),
            ("服务队", Personnel),
            ("先锋队", Personnel),
            ("突击队", Personnel),
            ("党员", Personnel),
            ("干部", Personnel),
            ("网格员", Personnel),
            ("信息员", Personnel),
            ("联络员", Personnel),
            ("监督员", Personnel),
            ("工作人员", Personnel),
            ("民警", Personnel),
            ("社工", Personnel),
            ("干警", Personnel),
            ("专班", Personnel),
            ("工作组", Personnel),
            ("工作队", Personnel),
            ("小组", Personnel),
            ("队伍", Personnel),
            ("口罩", Supplies),
            ("消毒液", Supplies),
            ("消毒水", Supplies),
            ("酒精", Supplies),
            ("防护服", Supplies),
            ("手套", Supplies),
            ("护目镜", Supplies),
            ("测温枪", Supplies),
            ("体温计", Supplies),
            ("物资", Supplies),
            ("中药", Supplies),
            ("汤剂", Supplies),
            ("宣传单", Publicity),
            ("宣传资料", Publicity),
            ("宣传册", Publicity),
            ("横幅", Publicity),
            ("标语", Publicity),
            ("海报", Publicity),
            ("挂图", Publicity),
            ("告知书", Publicity),
            ("倡议书", Publicity),
            ("一封信", Publicity),
            ("公开信", Publicity),
            ("短信", Publicity),
            ("短讯", Publicity),
            ("展板", Publicity),
            ("宣传", Publicity),
            ("登记表", Screening),
            ("信息登记", Screening),
            ("卡口", Checkpoint),
            ("卡点", Checkpoint),
            ("检测点", Checkpoint),
            ("检查点", Checkpoint),
            ("检查站", Checkpoint),
            ("劝导点", Checkpoint),
            ("劝导站", Checkpoint),
            ("值守点", Checkpoint),
            ("防控点", Checkpoint),
            ("高速出口", Checkpoint),
            ("收费站", Checkpoint),
            ("疫苗", Vaccination),
            ("核酸", Testing),
            ("样本", Testing),
            ("宴", Gatherings),
            ("酒席", Gatherings),
            ("升学酒", Gatherings),
            ("聚餐", Gatherings),
            ("心理咨询", Services),
            ("学员", Services),
            ("场所码", Other),
            ("企业", Economy),
            ("商户", Economy),
            ("门店", Economy),
            ("超市", Economy),
            ("农贸市场", Economy),
            ("工地", Economy),
        ],
    );

    /// Places where people and vehicles are checked: they turn `检查8427人` into a checkpoint figure.
    pub(crate) const CHECKPOINT_PLACES: [&str; 8] = [
        "收费站",
        "卡口",
        "卡点",
        "检查站",
        "高速出口",
        "高速路口",
        "道口",
        "入口",
    ];

    /// What names a station where travellers are checked: 站 after these
    /// (汽车站, 客运站, 火车站), or after 汽车 and a direction (汽车北站).
    pub(crate) const STATION_KINDS: [&str; 4] = ["汽车", "客运", "火车", "高铁"];

    /// Words before a 服务站 that make it a post at a road or a checkpoint
    /// (高速路口服务站, 防疫检查服务站), not a volunteers' or residents'
    /// service point (志愿服务站, 便民服务站).
    pub(crate) const POST_STATION_WORDS: [&str; 9] = [
        "高速",
        "出口",
        "路口",
        "道口",
        "收费站",
        "卡",
        "防控",
        "防疫",
        "检疫",
    ];

    /// Nouns that make a figure background, not a response: administrative
    /// units counted (`19个村`), population (`113万人口`).
    pub(crate) const BACKGROUND_NOUNS: [&str; 19] = [
        "村",
        "行政村",
        "自然村",
        "社区",
        "乡镇",
        "镇",
        "街道",
        "网格",
        "片区",
        "人口",
        "城区人口",
        "常住人口",
        "个村",
        "口",
        // Counties and districts a figure is spread over (`分布在…等9个县（市、区）`).
        "县（",
        "县(",
        "县市",
        "县区",
        // The member units of a command or leading group: its make-up.
        "成员单位",
    ];

    /// Words that say places were locked down or put under closed control
    /// (`12个村实行集中隔离`, `4个乡镇实行全域管控`): villages or towns
    /// counted with one are work done, not background.
    pub(crate) const LOCKDOWN: [&str; 7] = [
        "封闭",
        "封控",
        "封锁",
        "集中隔离",
        "全域管控",
        "静默管理",
        "全员隔离",
    ];

    /// Areas that are locked down: a count of them is the areas' count
    /// (`5个…的村实行封闭管理`), whatever a case word between says.
    pub(crate) const LOCKED_AREAS: [&str; 10] = [
        "村", "乡镇", "镇", "乡", "社区", "街道", "小区", "楼栋", "单元", "区域",
    ];

    /// Units a count of people or teams can have: `认领619件` is not personnel.
    pub(crate) const PEOPLE_UNITS: [&str; 14] = [
        "人", "名", "位", "人次", "支", "个", "组", "队", "批", "批次", "班", "户", "家", "%",
    ];

    /// Nouns after an incident count (`3起…违纪问题`) that make it discipline, not inspection.
    pub(crate) const DISCIPLINE_NOUNS: [&str; 6] =
        ["违纪", "违规", "案件", "典型案例", "问责", "处分"];

    /// Verbs that organise people for a task (组织核酸采样人员150名).
    pub(crate) const ORGANISING: [&str; 8] = [
        "组织", "派出", "抽调", "安排", "调集", "动员", "出动", "选派",
    ];

    /// Verbs that send people and teams out (派出流调、消毒602批次2921人次).
    pub(crate) const SENDING: [&str; 6] = ["派出", "出动", "抽调", "增派", "下沉", "投入"];

    /// Verbs of inspecting whose object may be a list of places.
    pub(crate) const INSPECTING: [&str; 8] = [
        "查看",
        "检查",
        "督查",
        "巡查",
        "暗访",
        "抽查",
        "督导",
        "检查了",
    ];
}

pub(crate) mod series {
    use super::CueTable;
    use crate::records::Tally;

    pub(crate) const PEOPLE: &[&str] = &["人", "名", "位"];

    pub(crate) const PEOPLE_TIMES: &[&str] = &["人", "名", "位", "人次"];

    pub(crate) const PLACES: &[&str] = &["家", "个", "处", "所"];

    pub(crate) const POSTS: &[&str] = &["个", "处"];

    pub(crate) const VEHICLES: &[&str] = &["辆", "台", "车次", "台次"];

    /// Shops are counted by 户 as often as by 家.
#[rustfmt::skip]
pub(crate) const SHOPS: &[&str] = &["门店", "商户", "店铺", "商铺", "经营户", "个体户", "个体工商户"];

    #[rustfmt::skip]
pub(crate) const PLACE_NOUNS: &[&str] = &[
    "企业", "单位", "场所", "门店", "商户", "店铺", "商铺", "超市", "市场", "工地", "项目",
    "学校", "酒店", "宾馆", "旅馆", "网吧", "机关", "公司", "工厂", "诊所", "药店", "售楼部",
    "加油站", "景区", "养老院", "福利院", "物流", "快递", "小区",
];

    /// Checkpoint words: where one is named, people on duty are checkpoint staff.
    pub(crate) const CHECKPOINT_PLACES: [&str; 10] = [
        "卡点",
        "卡口",
        "检查站",
        "收费站",
        "高速出口",
        "高速路口",
        "劝导点",
        "值守点",
        "检疫站",
        "道口",
    ];

    /// Checking verbs: vehicles counted after one of them were checked at an entry.
    pub(crate) const CHECKING: [&str; 10] = [
        "检查", "查验", "登记", "排查", "核查", "检测", "盘查", "测温", "劝返", "劝离",
    ];

    /// Posts whose name, nearest the count, makes it checkpoints whatever
/// verb set them up (`设置交通管制卡点12个`). Not 检测点: by 2022 that is
/// a sampling site.
#[rustfmt::skip]
pub(crate) const POST_NOUNS: [&str; 17] = [
    "卡点", "卡口", "检查站", "劝导点", "劝导站", "值守点", "检疫站", "查验点", "执勤点", "检查点",
    "管控点", "查控点", "防控点", "管制点",
    // Road entries staffed in an epidemic are posts of their own.
    "高速路口", "高速出口", "收费站",
];

    /// Vehicles on the road, not a trade's own (`冷链运输车辆` are inspected
/// as a business).
#[rustfmt::skip]
pub(crate) const PASSING: [&str; 10] = ["过往", "进出", "来往", "往来", "出入", "进城", "入城", "外地", "入境", "外省"];

    /// Where vehicles are stopped: the sentence names one before the figure.
#[rustfmt::skip]
pub(crate) const ENTRIES: [&str; 17] = [
    "卡点", "卡口", "检查站", "收费站", "高速", "路口", "道口", "出口", "入口", "村口", "桥头", "劝导点",
    "检疫站", "检测点", "查验点", "服务区", "防控点",
];

    /// People on their way through an entry.
#[rustfmt::skip]
pub(crate) const PASSING_PEOPLE: [&str; 11] = [
    "过往", "司乘", "驾乘", "乘客", "旅客", "进出", "来往", "往来", "出入", "进城", "入城",
];

    pub(crate) const DUTY: [&str; 6] = ["值守", "执勤", "值班", "驻守", "把守", "守卡"];

    /// Test kits, by the word that ends their name.
    pub(crate) const KITS: [&str; 4] = ["试剂", "试剂盒", "检测盒", "检测卡"];

    /// Verbs that form or send a team.
    pub(crate) const FORMING: [&str; 6] = ["组建", "成立", "组成", "派出", "抽调", "分成"];

    /// The last word of a team's name.
#[rustfmt::skip]
pub(crate) const TEAM_HEADS: [&str; 12] = [
    "专班", "工作组", "小组", "工作队", "突击队", "服务队", "分队", "队伍", "先锋队", "志愿队",
    "攻坚队", "巡逻队",
];

    pub(crate) const TEAM_NOUNS: [&str; 5] = ["工作组", "小组", "工作队", "专班", "组"];

    pub(crate) const INSPECTING: [&str; 7] =
        ["督查", "检查", "督导", "巡查", "暗访", "抽查", "查看"];

    /// Words of sampling work, simplified and traditional.
    pub(crate) const SAMPLING: [&str; 5] = ["采样", "採樣", "核酸", "检测队", "檢測隊"];

    /// Where people came back from or to (`从武汉返回`, `来荆返荆人员`,
    /// `外省来返`): the figure counts arrivals.
    pub(crate) const ARRIVING: [&str; 8] = [
        "返回",
        "返乡",
        "来返",
        "回乡",
        "返程",
        "从武汉",
        "外地来",
        "归国",
    ];

    /// What is done to people once they are in quarantine.
    pub(crate) const HELD: [&str; 6] = ["隔离", "观察", "监测", "解除", "居家", "集中"];

    pub(crate) const POSITIVE: [&str; 2] = ["阳性", "陽性"];

    /// Words of what stands now: the cases or people there are, not those
    /// added or released.
    pub(crate) const STANDING: [&str; 4] = ["现有", "尚有", "仍有", "現有"];

    /// Words that say the figure is a running total.
    pub(crate) const CUMULATIVE: [&str; 10] = [
        "累计", "共计", "总计", "合计", "累积", "先后", "一共", "总共", "以来", "至今",
    ];

    /// Words that say the figure is one day's, one round's or one period's.
    pub(crate) const PERIOD: [&str; 15] = [
        "当日", "当天", "新增", "本轮", "今日", "今天", "单日", "每日", "每天", "日均", "一天",
        "昨日", "昨天", "当晚", "本周",
    ];

    /// Words of what stands now (`现有留观病人8人`): neither a total of what
    /// was done nor one day's work, whatever an earlier clause said.
    pub(crate) const STOCK: [&str; 5] = ["现有", "尚有", "仍有", "目前有", "在院"];

    /// The words that say a figure is a running total, a period's count, or
    /// a standing stock (which has no tally).
    pub(crate) static TALLY_WORDS: CueTable<Option<Tally>> = CueTable::of_lists(
        "tally",
        &[
            (&CUMULATIVE, Some(Tally::Cumulative)),
            (&PERIOD, Some(Tally::Period)),
            (&STOCK, None),
        ],
    );

    /// After 共 these make an ordinary word (共同, 共青团…), not a total; so
    /// do 公 and 中 before it (公共, 中共).
    pub(crate) const NOT_TOTAL_AFTER_GONG: [char; 14] = [
        '同', '产', '享', '建', '筑', '克', '抗', '治', '担', '识', '青', '度', '赢', '济',
    ];

    /// Words after which a figure is a part of the one before (`走访4692人，
    /// 其中常住人口4660人`).
    pub(crate) const PART_CUES: [&str; 3] = ["其中", "包括", "包含"];
}

pub(crate) mod numbers {
    /// Counting words, longest first so that `人次` wins over `人`.
    pub(crate) const UNITS: [&str; 84] = [
        "个百分点",
        "平方米",
        "立方米",
        "人次",
        "户次",
        "台次",
        "车次",
        "架次",
        "班次",
        "批次",
        "剂次",
        "场次",
        "条次",
        "件次",
        "频次",
        "人份",
        "公斤",
        "千克",
        "公里",
        "毫升",
        "余人",
        "多人",
        "人",
        "户",
        "名",
        "位",
        "个",
        "家",
        "只",
        "剂",
        "针",
        "支",
        "条",
        "份",
        "张",
        "块",
        "幅",
        "处",
        "次",
        "台",
        "辆",
        "间",
        "场",
        "所",
        "座",
        "吨",
        "斤",
        "瓶",
        "箱",
        "套",
        "件",
        "袋",
        "盒",
        "元",
        "亩",
        "米",
        "组",
        "队",
        "班",
        "期",
        "起",
        "例",
        "天",
        "单",
        "本",
        "册",
        "桶",
        "顶",
        "床",
        "栋",
        "轮",
        "遍",
        "篇",
        "把",
        "副",
        "双",
        "项",
        "批",
        "枚",
        "包",
        "罐",
        "升",
        "部",
        "趟",
    ];

    /// Words that right after a number make it a date, a time, an age, a rank or
    /// an address: never a figure.
    pub(crate) const NOT_AFTER: [&str; 22] = [
        "年",
        "月",
        "日",
        "号",
        "时",
        "点",
        "分钟",
        "分",
        "秒",
        "岁",
        "周岁",
        "周年",
        "届",
        "楼",
        "层",
        "路",
        "小时",
        "个月",
        "个小时",
        "周",
        "世纪",
        "后",
    ];

    /// Idioms that contain numerals and a counting word.
    pub(crate) const IDIOMS: [&str; 10] = [
        "千家万户",
        "千方百计",
        "万众一心",
        "万无一失",
        "百姓",
        "十分",
        "千万",
        "万家",
        "百家",
        "十足",
    ];
}

pub(crate) mod dates {
    #[cfg(test)]
    use super::CueTable;

    /// Words before a day that make it a plan or an order, not a report.
    pub(crate) const FUTURE_BEFORE: &[&str] = &[
        "将于", "将在", "将", "计划", "预计", "拟于", "拟", "力争", "确保", "务必", "必须", "须于",
        "请于", "要求", "最迟",
    ];

    /// Words after a day, within its clause, that make it a due date.
    pub(crate) const DUE_AFTER: &[&str] = &[
        "上报", "报送", "报至", "报给", "报县", "报市", "报区", "反馈",
        // An expiry or the notice that will settle a matter lies ahead of the report.
        "到期", "期满", "为准",
    ];

    /// Words tied to phases of the epidemic, with the weight they give to 2020,
    /// 2021 and 2022.
    pub(crate) const YEAR_CUES: &[(&str, [f32; 3])] = &[
        ("新型冠状病毒感染的肺炎", [4.0, 0.0, 0.0]),
        ("新型冠状病毒肺炎", [2.0, 0.5, 0.0]),
        ("不明原因", [1.0, 0.0, 0.0]),
        ("涉鄂", [4.0, 0.0, 0.0]),
        ("武汉", [1.5, 0.0, 0.0]),
        ("湖北", [1.0, 0.0, 0.0]),
        ("复工复产", [2.0, 0.3, 0.3]),
        ("返岗", [0.5, 0.0, 0.0]),
        ("口罩", [0.3, 0.0, 0.0]),
        ("新冠肺炎", [0.5, 0.5, 0.5]),
        ("德尔塔", [0.0, 3.0, 0.0]),
        ("奥密克戎", [0.0, 0.0, 3.0]),
        ("第一针", [0.0, 2.0, 0.0]),
        ("第二针", [0.0, 2.0, 0.0]),
        ("应接尽接", [0.0, 1.5, 1.0]),
        ("疫苗", [0.0, 1.0, 0.5]),
        ("加强针", [0.0, 0.5, 2.0]),
        ("场所码", [0.0, 0.5, 2.0]),
        ("三码", [0.0, 0.0, 1.0]),
        ("双码", [0.0, 0.5, 0.5]),
        ("48小时", [0.0, 0.5, 1.0]),
        // Mass testing was as common in 2021 as in 2022: no lean between them.
        ("核酸检测", [0.2, 0.6, 0.6]),
        ("常态化", [0.3, 0.5, 0.5]),
        ("行程卡", [0.2, 0.5, 0.5]),
        ("行程码", [0.0, 0.5, 0.5]),
        ("健康码", [0.3, 0.3, 0.3]),
        ("冷链", [0.3, 1.0, 0.5]),
        ("方舱", [0.3, 0.0, 1.0]),
        ("红黄码", [0.0, 0.3, 1.0]),
    ];

    /// The year cues as an automaton: what `dates` counts them by first
    /// chars is checked against it.
    #[cfg(test)]
    pub(crate) static YEAR_CUE_TABLE: CueTable<[f32; 3]> = CueTable::new("year", YEAR_CUES);

    /// Weekday words, 0 for Sunday. Longer forms first where one is a prefix
    /// of another's reading.
    pub(crate) const WEEKDAYS: &[(&str, u8)] = &[
        ("星期一", 1),
        ("星期二", 2),
        ("星期三", 3),
        ("星期四", 4),
        ("星期五", 5),
        ("星期六", 6),
        ("星期日", 0),
        ("星期天", 0),
        ("礼拜一", 1),
        ("礼拜二", 2),
        ("礼拜三", 3),
        ("礼拜四", 4),
        ("礼拜五", 5),
        ("礼拜六", 6),
        ("礼拜日", 0),
        ("礼拜天", 0),
        ("周一", 1),
        ("周二", 2),
        ("周三", 3),
        ("周四", 4),
        ("周五", 5),
        ("周六", 6),
        ("周日", 0),
        ("周天", 0),
    ];
}

pub(crate) mod page {
    /// Lines that start the clutter at the end of web pages.
    pub(crate) const CLUTTER: [&str; 16] = [
        "相关内容",
        "相关阅读",
        "相关新闻",
        "相关文章",
        "相关链接",
        "热门资讯",
        "热门推荐",
        "热点推荐",
        "推荐阅读",
        "猜你喜欢",
        "延伸阅读",
        "更多新闻",
        "上一篇",
        "下一篇",
        "分享到",
        "网友评论",
    ];

    /// Metadata lines of web pages: kept for dates, never read as content.
    pub(crate) const META: [&str; 20] = [
        "来源:",
        "来源：",
        "发布时间",
        "发布日期",
        "发表时间",
        "更新时间",
        "时间:",
        "时间：",
        "日期:",
        "日期：",
        "作者:",
        "作者：",
        "编辑:",
        "编辑：",
        "责任编辑",
        "本文链接",
        "本文为",
        "原文链接",
        "版权",
        "http",
    ];
}

pub(crate) mod places {
    /// Latin words of addresses and file names that read as a place's pinyin
    /// but name a site or a thing: `weixin` is not 威信县, `sina` not 思南县.
    pub(crate) const NOT_PLACES: [&str; 14] = [
        "www", "news", "weixin", "sina", "sohu", "baidu", "toutiao", "xinhua", "renmin", "people",
        "ifeng", "zhongguo", "china", "xinwen",
    ];

    /// Offices and bodies whose place is the level word before them:
    /// 县住建局, 区委, 市直机关, 镇指挥部.
    pub(crate) const OFFICE_HEADS: [&str; 40] = [
        "委",
        "政府",
        "直",
        "级",
        "人民",
        "卫健",
        "卫生",
        "疾控",
        "住建",
        "商粮",
        "商务",
        "教育",
        "民政",
        "公安",
        "纪委",
        "监委",
        "应急",
        "市场",
        "城管",
        "文旅",
        "融媒",
        "交通",
        "人社",
        "财政",
        "自然",
        "农业",
        "林业",
        "水利",
        "交警",
        "指挥部",
        "防控",
        "领导",
        "两办",
        "党",
        "医",
        "中医",
        "妇幼",
        "总工会",
        "团",
        "红十字",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Topic and tally counts add up every word of every list: a word in two
    /// lists would be counted once (the first entry wins in a table).
    #[test]
    fn list_tables_hold_each_word_once() {
        fn once<V: Copy + Send + Sync>(t: &CueTable<V>) {
            let mut seen = std::collections::HashSet::new();
            for (w, _) in t.entries() {
                assert!(seen.insert(w), "{} twice in the {} table", w, t.name);
            }
        }
        once(&measure::TOPIC_CUES);
        once(&series::TALLY_WORDS);
        once(&dates::YEAR_CUE_TABLE);
    }

    /// Every table's words found in chars are the automaton's overlapping
    /// hits in the string, in chars: the same (start, word) pairs, however
    /// the words overlap or run into each other and into other text.
    #[test]
    fn words_found_in_chars_are_the_automaton_s_hits() {
        fn same<V: Copy + Send + Sync + PartialEq + std::fmt::Debug>(t: &CueTable<V>) {
            let words: Vec<&str> = t.entries().iter().map(|(w, _)| *w).collect();
            let fillers = ["的", "县", "3", "。", "人", "，", "\u{20000}"];
            let mut seed = 0x2545_F491_4F6C_DD1Du64;
            let mut text = String::new();
            for _ in 0..4000 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let k = (seed % 1000) as usize;
                if k.is_multiple_of(3) {
                    text.push_str(fillers[k % fillers.len()]);
                } else {
                    text.push_str(words[k % words.len()]);
                }
            }
            let chars: Vec<char> = text.chars().collect();
            let mut at = CharCursor::new(&text);
            let mut by_automaton: Vec<(usize, usize, &str, usize)> = t
                .find_in_str(&text)
                .into_iter()
                .map(|h| {
                    let (s, e) = at.span(h.start, h.start + h.len);
                    (s, e - s, h.word, h.entry)
                })
                .collect();
            let mut in_chars = Vec::new();
            t.each_in_chars(&chars, |h| in_chars.push((h.start, h.len, h.word, h.entry)));
            assert!(in_chars.windows(2).all(|w| w[0].0 <= w[1].0), "by start");
            by_automaton.sort();
            in_chars.sort();
            assert_eq!(by_automaton, in_chars, "the {} table", t.name);
        }
        same(&measure::TOPIC_CUES);
        same(&measure::VERB_CUES);
        same(&measure::NOUN_CUES);
        same(&series::TALLY_WORDS);
        same(&dates::YEAR_CUE_TABLE);
    }

    #[test]
    fn the_char_cursor_turns_byte_spans_into_char_spans_either_way() {
        let text = "截至3月5日,排查1200人";
        let chars: Vec<char> = text.chars().collect();
        let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        let mut at = CharCursor::new(text);
        // Forward, then back, then forward again past the end.
        for (s, e) in [(0, 2), (2, 6), (7, 9), (3, 5), (0, 1), (9, chars.len())] {
            assert_eq!(at.span(byte(s), byte(e)), (s, e), "chars {s}..{e}");
        }
    }

    #[test]
    fn hits_are_in_chars_with_their_values() {
        let window: Vec<char> = "已排查返乡人员".chars().collect();
        let hits = measure::VERB_CUES.find_in_chars(&window);
        let h = hits.iter().find(|h| h.word == "排查").expect("排查 found");
        assert_eq!((h.start, h.len), (1, 2));
        assert_eq!(h.value, crate::records::Measure::Screening);
    }
}
