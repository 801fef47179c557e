//! What exactly a figure counts (its series of the codebook), whether it is
//! a running total or one day's work (tally), and whether it is a part of
//! an earlier figure of its sentence (part_of).
//!
//! The series comes from rules kept as data: (series, verbs, nouns, units).
//! Within a figure's measure, the rule whose cue stands nearest the figure
//! and whose units fit wins; a verb (what was done: 整改, 劝返, 发现)
//! outranks a noun (what was counted: 口罩, 志愿者), because the same noun
//! is counted by several series (问题 found or fixed). A rule without cues
//! fits by its units alone and is taken only when no cue spoke. A few
//! checks may move a figure to another measure when the word nearest the
//! counted noun says so (`检查过往车辆…辆` is checkpoint work whatever verb
//! the classifier saw; `交通管制卡点…个` are checkpoints).

use super::cues::series::{
    ARRIVING, CHECKING, CHECKPOINT_PLACES, DUTY, ENTRIES, FORMING, HELD, INSPECTING, KITS,
    NOT_TOTAL_AFTER_GONG, PART_CUES, PASSING, PASSING_PEOPLE, PEOPLE, PEOPLE_TIMES, PLACE_NOUNS,
    PLACES, POSITIVE, POST_NOUNS, POSTS, SAMPLING, SHOPS, STANDING, TALLY_WORDS, TEAM_HEADS,
    TEAM_NOUNS, VEHICLES,
};
use super::dates::{self, DateKind};
use crate::records::series::{self, Series, canonical_unit};
use crate::records::{Measure, Tally};
use Measure::*;

/// One rule: a figure of `series`'s measure counted in one of `units`
/// (the codebook's when empty) whose nearest cue is one of `verbs` or
/// `nouns` (any figure of those units, when both are empty).
struct Rule {
    series: &'static str,
    verbs: &'static [&'static str],
    nouns: &'static [&'static str],
    units: &'static [&'static str],
}

const fn r(
    series: &'static str,
    verbs: &'static [&'static str],
    nouns: &'static [&'static str],
    units: &'static [&'static str],
) -> Rule {
    Rule {
        series,
        verbs,
        nouns,
        units,
    }
}

/// The rules, grouped by measure. Within a measure, order breaks ties
/// between cues equally near and picks among unit-only rules. Compound
/// nouns stand beside their parts (`党员志愿者`, `疑似病例`): at the same
/// place the longer word wins, and the head of a compound is its last noun.
#[rustfmt::skip]
const RULES: &[Rule] = &[
    // Screening
    r("screening.key_people", &[], &[
        "重点人员", "重点人群", "涉鄂", "涉疫", "风险人员", "高风险", "中风险", "中高风险",
        "密接", "密切接触", "次密接", "可疑", "发热", "红码", "黄码", "时空伴随", "异常",
        // People pushed by big-data matching or a request to check them.
        "大数据", "比对", "推送", "协查",
        // People who had been where the virus was (`到过某县的驾驶员`).
        "到过", "去过",
    ], PEOPLE),
    r("screening.arrivals", &[], &[
        "返乡", "返回", "返程", "返家", "返岗", "回乡", "返湘", "返汉", "外地", "外来", "外省",
        "省外", "市外", "县外", "境外", "入境", "来自", "从武汉", "武汉返", "来返", "流入",
        "归国", "回国", "外出返",
    ], PEOPLE),
    r("screening.places", &[], SHOPS, &["家", "个", "处", "户"]),
    r("screening.places", &[], PLACE_NOUNS, PLACES),
    r("screening.households", &[], &[], &["户"]),
    r("screening.places", &[], &[], &["家"]),
    r("screening.people", &[], &[], PEOPLE_TIMES),
    // Checkpoint
    r("checkpoint.turned_back", &["劝返", "劝离", "劝回", "劝退", "劝导返回", "拦截"], &[],
        &["人", "名", "位", "人次", "辆", "台", "台次", "车次"]),
    r("checkpoint.posts", &["设立", "设置", "设卡"], &[
        "卡点", "卡口", "检查站", "劝导点", "劝导站", "值守点", "检疫站", "查验点", "检查点",
        "检测点", "防控点", "执勤点", "服务点", "高速出口", "收费站", "路口", "道口",
        "管控点", "查控点", "管制点",
        "出入口", "入口",
    ], POSTS),
    r("checkpoint.staff", &["值守", "执勤", "值班", "驻守", "坚守", "轮守", "把守"],
        &["工作人员", "干部", "党员", "民警", "志愿者", "医务人员", "执勤人员", "值守人员"],
        PEOPLE),
    r("checkpoint.people", &[
        "检查", "查验", "测温", "测量体温", "检测", "登记", "扫码", "核查", "核验", "盘查",
        "排查", "劝导",
    ], &["过往", "司乘", "旅客", "乘客", "行人"], PEOPLE_TIMES),
    r("checkpoint.vehicles", &[], &[], VEHICLES),
    r("checkpoint.posts", &[], &[], POSTS),
    r("checkpoint.people", &[], &[], PEOPLE_TIMES),
    // Testing
    r("testing.staff", &[], &[
        "采样人员", "检测人员", "采样员", "检验人员", "医务人员", "医护人员", "工作人员",
        "采样队员", "医护",
    ], PEOPLE),
    r("testing.sites", &[], &[
        "采样点", "检测点", "采样站", "检测站", "采样亭", "采样屋", "检测机构", "实验室",
        "点位", "采样台",
    ], POSTS),
    r("testing.goods", &[], &[
        "冷链", "物品", "环境", "外包装", "货物", "食品", "快递", "进口", "物体表面", "样品",
    ], &["份", "批次", "件", "个"]),
    // Results out are not people tested: part of them, counted apart.
    r("testing.other", &[], &["出结果", "出結果"], &["人", "名", "人份", "份"]),
    r("testing.people", &[], &["受检", "参检", "应检", "人数"], PEOPLE),
    r("testing.rounds", &[], &[], &["轮"]),
    // A count in persons is of people sampled (`已采样93万人`); samples
    // are counted per test (人次, 份, 人份).
    r("testing.samples", &[], &[], &["人次", "份", "管", "人份"]),
    r("testing.people", &[], &[], PEOPLE),
    // Vaccination
    r("vaccination.sites", &[], &[
        "接种点", "接种站", "接种门诊", "临时接种", "流动接种", "接种单位", "门诊",
    ], POSTS),
    r("vaccination.coverage", &[], &[], &["%"]),
    r("vaccination.doses", &[], &[], &["剂次", "剂", "针", "人次"]),
    r("vaccination.people", &[], &[], PEOPLE),
    // Quarantine
    r("quarantine.contacts", &["追踪", "追查"], &["密接", "密切接触", "次密接", "次密切"], PEOPLE),
    r("quarantine.released", &["解除", "期满"], &[], PEOPLE),
    r("quarantine.areas", &["封控", "封闭", "封锁"], &[
        "封控区", "管控区", "防范区", "小区", "楼栋", "单元", "区域", "楼盘", "院落",
        // Villages and towns locked down whole (`12个村实行集中隔离`).
        "村", "乡镇", "社区", "街道",
    ], &["个", "栋", "处", "幢"]),
    r("quarantine.sites", &[], &[
        "隔离点", "隔离场所", "隔离酒店", "酒店", "宾馆", "房间", "隔离房", "集中隔离点",
        "观察点", "留观点",
    ], &["个", "处", "间", "家"]),
    r("quarantine.people", &[], &["人员", "对象", "者"], &["个"]),
    r("quarantine.sites", &[], &[], &["间"]),
    r("quarantine.people", &[], &[], PEOPLE),
    // Medical
    r("medical.beds", &[], &[], &["张"]),
    r("medical.staff", &[], &[
        "医务人员", "医护人员", "医护", "医生", "护士", "专家", "医疗队", "医疗组", "救护",
    ], &["人", "名", "位", "支"]),
    r("medical.facilities", &[], &[
        "医院", "发热门诊", "门诊", "卫生院", "诊所", "定点", "医疗机构", "卫生室", "药店",
        "哨点", "观察点",
    ], PLACES),
    // Patients are reported as cases as often as as people (`出院4例`).
    r("medical.patients", &[], &[], &["人", "名", "位", "人次", "例"]),
    r("medical.facilities", &[], &[], &["家"]),
    // Cases
    r("cases.asymptomatic", &[], &["无症状", "无症状感染者"], &["例", "人", "名", "位"]),
    r("cases.suspected", &[], &["疑似", "疑似病例", "疑似患者"], &["例", "人", "名", "位", "起"]),
    r("cases.confirmed", &[], &["确诊", "病例", "确诊病例", "确诊患者"], &["例", "人", "名", "位", "起"]),
    // Second-generation cases and infections of no stated kind are charted
    // on their own: they are not the day's confirmed cases.
    // Deaths, severe cases and positives of no stated kind are no count of
    // confirmed cases either.
    r("cases.other", &[], &["二代病例", "感染", "死亡", "重症", "危重", "阳性", "陽性"], &[]),
    r("cases.days_clear", &[], &[], &["天"]),
    r("cases.confirmed", &[], &[], &["例"]),
    // Personnel
    r("personnel.volunteers", &[], &["志愿者", "志愿服务", "志愿队", "义工", "党员志愿者"], PEOPLE),
    r("personnel.party_members", &[], &["党员", "共产党员"], PEOPLE),
    r("personnel.cadres", &[], &["干部", "机关", "公务员", "领导", "班子成员", "党员干部"], PEOPLE),
    r("personnel.teams", &[], &["队", "组", "专班", "分队"], &["支", "个", "组", "队"]),
    r("personnel.teams", &[], &[], &["支", "组", "队"]),
    r("personnel.staff", &[], &[], PEOPLE_TIMES),
    // Supplies
    r("supplies.masks", &[], &["口罩"], &["只", "个", "片"]),
    r("supplies.disinfectant", &[], &[
        "消毒液", "消毒水", "酒精", "消毒剂", "消毒片", "消毒粉", "84", "次氯酸", "消毒用品",
        "消杀用品", "洗手液",
    ], &["公斤", "千克", "瓶", "升", "吨", "箱", "斤", "桶"]),
    r("supplies.protective", &[], &[
        "防护服", "护目镜", "手套", "测温枪", "体温计", "额温枪", "隔离衣", "面罩", "防护用品",
        "测温仪", "鞋套", "防护",
    ], &["套", "件", "个", "副", "支", "把", "台"]),
    r("supplies.goods", &[], &[
        "蔬菜", "食品", "大米", "粮油", "米", "面", "油", "肉", "菜", "方便面", "矿泉水", "牛奶",
        "爱心包", "生活物资", "物资", "水果", "鸡蛋",
    ], &["斤", "吨", "份", "袋", "箱", "公斤", "千克", "桶", "件"]),
    // Of what supplies count, only masks come by the piece (只).
    r("supplies.masks", &[], &[], &["只"]),
    r("supplies.money", &[], &[], &["元"]),
    // Test kits have no series of their own: charted apart from what
    // protects or feeds people.
    r("supplies.other", &[], &["试剂", "试剂盒", "检测盒", "检测卡"], &[]),
    // Publicity
    r("publicity.reach", &[
        "点击", "阅读", "浏览", "观看", "收看", "播放量", "点击量", "阅读量", "浏览量",
    ], &["覆盖", "受众"], &["次", "人次", "人"]),
    r("publicity.messages", &["发送", "推送"], &[
        "短信", "微信", "推文", "信息", "文章", "稿件", "公众号", "报道", "微博", "视频",
        "抖音", "新闻",
    ], &["条", "篇", "期"]),
    r("publicity.broadcasts", &["广播", "播放", "播报"],
        &["广播", "喇叭", "宣传车", "小蜜蜂", "音箱", "流动宣传"],
        &["台", "个", "次", "辆", "只"]),
    r("publicity.materials", &["张贴", "悬挂", "印制", "派发"], &[
        "宣传单", "宣传资料", "资料", "传单", "横幅", "标语", "海报", "挂图", "告知书", "倡议书",
        "一封信", "公开信", "展板", "宣传册", "手册", "明白纸", "单页", "宣传画", "提示牌",
        "宣传栏", "宣传品",
    ], &["份", "张", "条", "幅", "块", "册", "本", "套", "个"]),
    r("publicity.materials", &[], &[], &["份", "张", "幅", "块", "册"]),
    r("publicity.messages", &[], &[], &["篇"]),
    // Inspection
    r("inspection.fixed", &[
        "整改", "整治", "解决", "销号", "办结", "交办", "督办", "移交", "纠正", "立改",
    ], &[], &["个", "条", "处", "项", "件"]),
    r("inspection.problems", &["发现", "查出", "查找", "反馈", "指出", "梳理", "排查出"],
        &["问题", "隐患", "漏洞", "短板"], &["个", "条", "处", "项"]),
    r("inspection.teams", &[], &[
        "督查组", "检查组", "督导组", "巡查组", "暗访组", "工作组", "小组", "组", "队",
    ], &["个", "组", "支"]),
    r("inspection.units", &[], SHOPS, &["家", "个", "处", "户"]),
    r("inspection.units", &[], &[
        "企业", "单位", "场所", "门店", "超市", "市场", "药店", "酒店", "宾馆", "售楼部", "机关",
        "学校", "医院", "诊所", "网吧", "加油站", "工地", "小区", "景区", "宗教", "养老院",
    ], PLACES),
    r("inspection.visits", &["检查", "督查", "巡查", "暗访", "督导", "抽查"], &[], &["次", "轮"]),
    r("inspection.teams", &[], &[], &["组"]),
    r("inspection.units", &[], &[], &["家"]),
    // Of what inspection counts by the piece, places are what is left once
    // problems, fixes and teams have spoken by their cues.
    r("inspection.units", &[], &[], &["个", "处", "所"]),
    r("inspection.visits", &[], &[], &["次", "轮"]),
    // Accountability
    r("accountability.people", &[], &[], PEOPLE),
    r("accountability.cases", &[], &[], &["起", "件"]),
    // Disinfection
    r("disinfection.area", &[], &[], &["平方米"]),
    r("disinfection.places", &[], &[
        "场所", "公共场所", "小区", "单位", "区域", "楼栋", "电梯", "点位", "市场", "学校", "车站",
    ], PLACES),
    r("disinfection.rounds", &[], &[], &["次", "轮", "遍"]),
    // Gatherings
    r("gatherings.banquets", &[], &[
        "宴", "酒席", "婚", "丧", "喜事", "红白", "寿宴", "升学", "红事", "白事", "聚餐",
    ], &["起", "场", "桌", "户", "次"]),
    r("gatherings.venues", &[], &[
        "场所", "网吧", "棋牌", "麻将", "KTV", "影院", "歌厅", "宗教", "寺庙", "教堂", "市场",
        "娱乐", "浴室", "健身", "景区", "景点", "公园", "博物馆", "图书馆", "文化馆", "体育馆",
    ], PLACES),
    r("gatherings.events", &[], &["活动", "演出", "庙会", "集会", "聚会", "集市", "比赛"],
        &["场", "次", "个"]),
    r("gatherings.banquets", &[], &[], &["起", "桌"]),
    // Services
    r("services.orders", &[], &[
        "订单", "代购", "跑腿", "热线", "电话", "来电", "求助", "诉求", "工单", "需求",
    ], &["单", "次", "件", "个", "通"]),
    // Counselling is counted in sessions, one person served each.
    r("services.people", &[], &["咨询", "心理", "辅导", "疏导", "问诊"], &["次"]),
    r("services.people", &[], &[], &["人", "名", "位", "户", "人次"]),
    r("services.orders", &[], &[], &["单"]),
    // Economy
    r("economy.workers", &[], &[
        "员工", "工人", "职工", "务工", "返岗", "用工", "就业", "农民工",
    ], PEOPLE),
    r("economy.firms", &[], SHOPS, &["家", "个", "户"]),
    r("economy.firms", &[], &[
        "企业", "超市", "市场", "工地", "项目", "店", "工厂", "公司", "商场", "农贸市场",
    ], &["家", "个"]),
    r("economy.firms", &[], &[], &["家"]),
    r("economy.money", &[], &[], &["元"]),
];

/// A series and the measure it belongs to, as chosen for one figure.
#[derive(Debug, Clone, Copy)]
pub struct Chosen {
    /// The figure's measure: the classifier's, unless the word nearest the
    /// counted noun moved it (see [`moved_measure`]).
    pub measure: Measure,
    pub series: &'static Series,
    /// The move of [`MOVES`] that changed the classifier's measure, if one did.
    pub moved_by: Option<&'static str>,
    /// Which step chose the series (`series rule`, `verb cue`, `noun cue`,
    /// `as the figure before`, `unit`, `measure's other`), and its cue word.
    pub by: &'static str,
    pub cue: Option<&'static str>,
}

/// The words around one figure that decide its series.
pub struct Context<'a> {
    /// The classifier's measure.
    pub measure: Measure,
    pub unit: &'a str,
    /// The figure's clause up to the figure: the verbs of it speak for
    /// every figure of the clause (`劝返车辆30辆、人员80人`).
    pub clause_pre: &'a [char],
    /// From the end of the figure before it in its clause (or the clause's
    /// start) to the figure: the nouns of an earlier list item are not this one's.
    pub item_pre: &'a [char],
    /// After the unit to the end of the clause.
    pub post: &'a [char],
    /// The sentence after the clause: where a team's purpose may be stated
    /// (`派出9个工作小组，对…开展督查`).
    pub after_clause: &'a [char],
    /// The whole sentence up to the figure.
    pub sentence_pre: &'a [char],
    /// False when the classifier found no cue of the figure's own and gave
    /// it the measure of the figure before it (`共排查出118人涉鄂，13人离开`).
    pub own_cue: bool,
    /// The series of the figure before it in the sentence.
    pub previous: Option<&'static Series>,
}

/// How near the figure the pre window is searched: further back, a cue
/// belongs to another figure.
const PRE_REACH: usize = 16;
/// How far after the unit the counted noun may stand (`5个高速出口`,
/// `28人的应急志愿服务队伍`).
const POST_REACH: usize = 10;

/// Where a cue word of the rule table stands: (rule, verb?) pairs by word.
struct CueIndex {
    chars: super::cues::CharWords,
    /// The words, by pattern index.
    words: Vec<&'static str>,
    /// For each word: the rules it is a cue of, and whether as a verb.
    rules: Vec<Vec<(usize, bool)>>,
    /// Each rule's codebook entry, looked up once.
    series: Vec<&'static Series>,
}

fn cue_index() -> &'static CueIndex {
    static INDEX: std::sync::OnceLock<CueIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut words: Vec<&'static str> = Vec::new();
        let mut rules: Vec<Vec<(usize, bool)>> = Vec::new();
        for (i, rule) in RULES.iter().enumerate() {
            let cues = rule
                .verbs
                .iter()
                .map(|w| (*w, true))
                .chain(rule.nouns.iter().map(|w| (*w, false)));
            for (w, verb) in cues {
                let k = match words.iter().position(|x| *x == w) {
                    Some(k) => k,
                    None => {
                        words.push(w);
                        rules.push(Vec::new());
                        words.len() - 1
                    }
                };
                rules[k].push((i, verb));
            }
        }
        CueIndex {
            chars: super::cues::CharWords::new(words.iter().copied()),
            words,
            rules,
            series: RULES
                .iter()
                .map(|r| series::lookup(r.series).expect("every rule names a codebook series"))
                .collect(),
        }
    })
}

/// Calls `f` with every cue occurrence in `window` as (char start, char
/// len, word index), in the order of a window's search.
fn each_cue_hit(window: &[char], mut f: impl FnMut(usize, usize, usize)) {
    super::window::each_overlapping(&cue_index().chars, window, |(start, end, p)| {
        f(start, end - start, p)
    });
}

/// Does rule `i` count figures of `unit`?
fn fits(i: usize, unit: &str) -> bool {
    let rule = &RULES[i];
    if rule.units.is_empty() {
        return cue_index().series[i].allows(unit);
    }
    let unit = canonical_unit(unit);
    rule.units.iter().any(|u| canonical_unit(u) == unit)
}

/// A cue found near the figure: how far from it, and which rule it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Near {
    distance: usize,
    /// Longer words first at the same distance (`疑似病例` over `病例`).
    shorter: std::cmp::Reverse<usize>,
    rule: usize,
    /// The cue word, for explanations.
    word: &'static str,
}

/// The nearest cue of each kind (verbs, nouns) among rules that `keep`.
fn nearest(ctx: &Context, keep: impl Fn(usize) -> bool) -> (Option<Near>, Option<Near>) {
    let index = cue_index();
    let mut verb: Option<Near> = None;
    let mut noun: Option<Near> = None;
    let offer = |slot: &mut Option<Near>, n: Near| {
        if slot.is_none_or(|s| n < s) {
            *slot = Some(n);
        }
    };
    let clause_pre = tail(ctx.clause_pre, PRE_REACH);
    each_cue_hit(clause_pre, |p, n, w| {
        for &(rule, is_verb) in &index.rules[w] {
            if is_verb && keep(rule) {
                let near = Near {
                    distance: clause_pre.len() - p - n,
                    shorter: std::cmp::Reverse(n),
                    rule,
                    word: index.words[w],
                };
                offer(&mut verb, near);
            }
        }
    });
    let item_pre = tail(ctx.item_pre, PRE_REACH);
    each_cue_hit(item_pre, |p, n, w| {
        for &(rule, is_verb) in &index.rules[w] {
            if !is_verb && keep(rule) {
                let near = Near {
                    distance: item_pre.len() - p - n,
                    shorter: std::cmp::Reverse(n),
                    rule,
                    word: index.words[w],
                };
                offer(&mut noun, near);
            }
        }
    });
    // The noun after the unit, up to a list break: in 口罩30万只、防护服5000套
    // the noun after 、 names the next item.
    let object_end = ctx
        .post
        .iter()
        .position(|&c| c == '、')
        .unwrap_or(ctx.post.len())
        .min(POST_REACH);
    // A verb there is the clause's own (`120人已解除隔离`, `52个问题均已整改`).
    each_cue_hit(&ctx.post[..object_end], |p, n, w| {
        for &(rule, is_verb) in &index.rules[w] {
            if keep(rule) {
                let near = Near {
                    distance: p,
                    shorter: std::cmp::Reverse(n),
                    rule,
                    word: index.words[w],
                };
                offer(if is_verb { &mut verb } else { &mut noun }, near);
            }
        }
    });
    (verb, noun)
}

fn tail(chars: &[char], n: usize) -> &[char] {
    &chars[chars.len().saturating_sub(n)..]
}

/// Where each occurrence of `word` in `hay` ends.
/// The first char is compared before the rest: most windows fail there,
/// and decoding the word for each was most of these checks' time.
fn ends_of<'a>(hay: &'a [char], word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let n = word.chars().count();
    let first = word.chars().next();
    let rest = &word[first.map_or(0, char::len_utf8)..];
    hay.windows(n)
        .enumerate()
        .filter(move |(_, w)| Some(w[0]) == first && w[1..].iter().copied().eq(rest.chars()))
        .map(move |(i, _)| i + n)
}

/// Does `hay` start with `word`?
fn starts_with(hay: &[char], word: &str) -> bool {
    super::starts_with_at(hay, 0, word)
}

/// Does `hay` end with `word`?
fn ends_with(hay: &[char], word: &str) -> bool {
    super::ends_with_at(hay, hay.len(), word)
}

/// Does `word` occur in `hay`?
fn contains(hay: &[char], word: &str) -> bool {
    super::contains_word(hay, word)
}

fn any_of(hay: &[char], words: &[&str]) -> bool {
    words.iter().any(|w| contains(hay, w))
}

type Move = fn(&Context) -> Option<Measure>;

/// When the word nearest the counted noun overrules the classifier's
/// measure (issue 6, item 4), in order: the first that answers decides.
const MOVES: &[(&str, Move)] = &[
    ("vehicles checked at an entry", vehicles_checked),
    ("people checked passing through", people_checked_passing),
    ("checkpoint posts", checkpoint_posts),
    ("staff on duty at a checkpoint", checkpoint_duty),
    ("test kits", test_kits),
    ("patients discharged", patients_discharged),
    ("testing staff", testing_staff_move),
    ("patients counted", patients_counted),
    ("arrivals", arrivals_move),
    ("key people part", key_people_move),
    ("supplies counted in people", supplies_in_people),
    ("positives found", positives_found),
    ("teams formed or sent to inspect", teams),
];

/// Vehicles checked at an entry are checkpoint work. An item of a list
/// (`其中湖北籍车辆530辆`) has its verb earlier in the sentence.
fn vehicles_checked(ctx: &Context) -> Option<Measure> {
    let vehicles = matches!(canonical_unit(ctx.unit), "辆" | "车次")
        || (ctx.unit == "台" && contains(tail(ctx.item_pre, 8), "车"));
    (vehicles
        && matches!(
            ctx.measure,
            Inspection | Screening | Quarantine | Testing | Other
        )
        && any_of(ctx.sentence_pre, &CHECKING)
        && (any_of(ctx.clause_pre, &PASSING) || any_of(ctx.sentence_pre, &ENTRIES)))
    .then_some(Checkpoint)
}

/// People checked on their way through (`检查过往车辆…、司乘人员…人次`),
/// or beside vehicles checked in the same sentence (`检查车辆…辆，检测人员…人`):
/// there 检测 is a temperature taken, unless the words are of a test.
fn people_checked_passing(ctx: &Context) -> Option<Measure> {
    let checks_vehicles = || {
        let s = ctx.sentence_pre;
        (0..s.len()).any(|i| s[i] == '车' && CHECKING.iter().any(|v| ends_with(&s[..i], v)))
    };
    (matches!(canonical_unit(ctx.unit), "人" | "人次")
        && matches!(ctx.measure, Inspection | Screening | Testing)
        && any_of(ctx.clause_pre, &CHECKING)
        && (any_of(tail(ctx.clause_pre, PRE_REACH), &PASSING_PEOPLE) || checks_vehicles())
        && !any_of(ctx.sentence_pre, &["核酸", "采样", "抗原"]))
    .then_some(Checkpoint)
}

/// Posts counted are checkpoints (`设置交通管制卡点12个`, `12处普通公路卫生
/// 检疫站`: the post noun ends the object), unless named in a list of
/// places inspected (`对…8个卡点…开展督查`). A post whose own clause
/// inspects (`9处检疫站检查车辆…`) is still a post.
fn checkpoint_posts(ctx: &Context) -> Option<Measure> {
    let m = ctx.measure;
    let inspected = || {
        m == Inspection
            && (any_of(ctx.clause_pre, &INSPECTING)
                || (ctx.clause_pre.contains(&'对') && any_of(ctx.post, &INSPECTING)))
    };
    if !matches!(ctx.unit, "个" | "处" | "道")
        || !matches!(m, Quarantine | Inspection | Screening | Personnel | Other)
        || inspected()
    {
        return None;
    }
    let after = &ctx.post[..ctx.post.len().min(POST_REACH)];
    let before_is_post = POST_NOUNS.iter().any(|w| ends_with(ctx.item_pre, w));
    (before_is_post || any_of(after, &POST_NOUNS)).then_some(Checkpoint)
}

/// People on duty where a checkpoint is named are its staff.
fn checkpoint_duty(ctx: &Context) -> Option<Measure> {
    (ctx.measure == Personnel
        && matches!(canonical_unit(ctx.unit), "人")
        && any_of(ctx.sentence_pre, &CHECKPOINT_PLACES)
        && (any_of(tail(ctx.clause_pre, 8), &DUTY)
            || any_of(&ctx.post[..ctx.post.len().min(6)], &DUTY)))
    .then_some(Checkpoint)
}

/// Test kits handed out are supplies (`发放抗原检测试剂5.2万份`): the
/// noun nearest the figure, not the 检测 inside its name, says so.
fn test_kits(ctx: &Context) -> Option<Measure> {
    (ctx.measure == Testing
        && KITS
            .iter()
            .any(|w| ends_with(ctx.item_pre, w) || starts_with(ctx.post, w)))
    .then_some(Supplies)
}

/// Patients discharged or cured are counted as cases (`出院4例`) but are
/// the hospitals' work, not new infections.
fn patients_discharged(ctx: &Context) -> Option<Measure> {
    (ctx.measure == Cases
        && matches!(canonical_unit(ctx.unit), "例" | "人")
        && any_of(tail(ctx.item_pre, 8), &["出院", "治愈", "康复"]))
    .then_some(Medical)
}

fn testing_staff_move(ctx: &Context) -> Option<Measure> {
    testing_staff(ctx).then_some(Testing)
}

/// `确诊的32位发热病人`: patients counted by the hospital are its work.
fn patients_counted(ctx: &Context) -> Option<Measure> {
    (ctx.measure == Cases
        && matches!(canonical_unit(ctx.unit), "人" | "例")
        && any_of(
            &ctx.post[..ctx.post.len().min(8)],
            &["病人", "患者", "病患"],
        ))
    .then_some(Medical)
}

fn arrivals_move(ctx: &Context) -> Option<Measure> {
    arrivals_counted(ctx).then_some(Screening)
}

fn key_people_move(ctx: &Context) -> Option<Measure> {
    key_people_part(ctx).then_some(Screening)
}

/// Supplies are not counted in people or households: those are the
/// people served (`向5万户居民发放物资`).
fn supplies_in_people(ctx: &Context) -> Option<Measure> {
    (ctx.measure == Supplies && matches!(canonical_unit(ctx.unit), "户" | "人")).then_some(Services)
}

/// Positives found by a test or a screening (`检出阳性15份`, `116人呈阳性`)
/// are infections, not samples or people screened.
fn positives_found(ctx: &Context) -> Option<Measure> {
    (matches!(ctx.measure, Testing | Screening | Quarantine)
        && matches!(canonical_unit(ctx.unit), "人" | "例" | "份")
        && (any_of(tail(ctx.item_pre, 4), &POSITIVE)
            || any_of(&ctx.post[..ctx.post.len().min(4)], &POSITIVE)))
    .then_some(Cases)
}

/// Teams formed (`组建…管控专班326个`) are people deployed, whatever the
/// task words around them (the classifier saw the task); a team whose
/// purpose (the clause's last verb, else the next clause's first) is to
/// inspect is inspection.
fn teams(ctx: &Context) -> Option<Measure> {
    let unit = ctx.unit;
    let object = &ctx.post[..ctx.post.len().min(6)];
    let formed_team = matches!(unit, "个" | "支" | "组" | "队")
        && !matches!(ctx.measure, Personnel | Inspection | Medical)
        && any_of(ctx.clause_pre, &FORMING)
        && (TEAM_HEADS.iter().any(|w| ends_with(ctx.item_pre, w)) || any_of(object, &TEAM_HEADS));
    let m = if formed_team { Personnel } else { ctx.measure };
    if m == Personnel && matches!(unit, "个" | "组" | "支") {
        let team = (TEAM_NOUNS.iter().any(|w| contains(object, w)) || formed_team)
            && !any_of(object, &["志愿", "服务队", "突击队", "先锋队", "医疗"]);
        let purpose = ctx.post.iter().chain(ctx.after_clause.iter().take(24));
        let purpose: Vec<char> = purpose.copied().collect();
        if team && any_of(&purpose, &INSPECTING) && !any_of(&purpose, &["志愿服务", "宣传"]) {
            return Some(Inspection);
        }
    }
    formed_team.then_some(Personnel)
}

/// People sent or organised for sampling (`投入采样人员2200人`,
/// `抽调600人组成采样队`) are testing staff, not deployed workers of no
/// stated kind; parts of them after 其中 are too.
fn testing_staff(ctx: &Context) -> bool {
    let team_after = || any_of(&ctx.post[..ctx.post.len().min(8)], &["队", "隊"]);
    (ctx.measure == Personnel || (ctx.measure == Testing && team_after()))
        && canonical_unit(ctx.unit) == "人"
        && (any_of(ctx.sentence_pre, &SAMPLING)
            || any_of(&ctx.post[..ctx.post.len().min(8)], &SAMPLING))
        && !any_of(ctx.item_pre, &["志愿者", "志愿", "党员", "干部", "民警"])
}

/// People named only by where they came back from are arrivals found,
/// not people in quarantine, whatever the paragraph goes on to do with
/// them: `从湖北返回45人`, `管控来某返某人员4016人`.
fn arrivals_counted(ctx: &Context) -> bool {
    let near = tail(ctx.item_pre, 12);
    let came_back = || {
        any_of(near, &ARRIVING)
            || (near.contains(&'来') && near.contains(&'返') && !contains(near, "劝返"))
    };
    matches!(ctx.measure, Quarantine | Other)
        && canonical_unit(ctx.unit) == "人"
        && came_back()
        && !any_of(near, &HELD)
        && !any_of(&ctx.post[..ctx.post.len().min(6)], &HELD)
}

/// The people of concern a sentence counts, then breaks down after 其中
/// (`比对出某类人员273人，其中已排查98人、信息有误47人…`): each part is
/// of the same kind as the whole, whatever verb or place it names.
fn key_people_part(ctx: &Context) -> bool {
    ctx.previous
        .is_some_and(|s| s.code == "screening.key_people")
        && matches!(ctx.measure, Screening | Other)
        && canonical_unit(ctx.unit) == "人"
        && contains(ctx.sentence_pre, "其中")
}

/// Chooses the series of one figure: the nearest verb of a rule of its
/// measure whose units fit, else the nearest noun, else a rule of units
/// alone, else `MEASURE.other`.
pub fn choose(ctx: &Context) -> Chosen {
    let moved = MOVES
        .iter()
        .find_map(|&(name, mv)| mv(ctx).map(|m| (name, m)));
    let measure = moved.map_or(ctx.measure, |(_, m)| m);
    let index = cue_index();
    let fitting = |i: usize| index.series[i].measure == measure && fits(i, ctx.unit);
    let (verb, noun) = nearest(ctx, fitting);
    let cue = verb.or(noun);
    let by_cue = cue.map(|n| RULES[n.rule].series);
    // A bare list item that names nothing counts what the figure before it
    // counted, when its unit allows.
    // So does a part in an aside (`1783人（含某县424人）`) that names
    // only a place.
    let aside_part = any_of(tail(ctx.item_pre, 6), &["含", "其中", "包括"]);
    let by_previous = || {
        ctx.previous
            .filter(|s| {
                (!ctx.own_cue || aside_part)
                    && s.measure == measure
                    && !s.is_other()
                    && s.allows(ctx.unit)
            })
            .map(|s| s.code)
    };
    let by_unit = || {
        RULES
            .iter()
            .enumerate()
            .find(|&(i, rule)| rule.verbs.is_empty() && rule.nouns.is_empty() && fitting(i))
            .map(|(_, rule)| rule.series)
    };
    let standing = any_of(tail(ctx.item_pre, 8), &STANDING);
    let by_rule = || {
        if measure == Testing && testing_staff(ctx) {
            return Some("testing.staff");
        }
        if measure == Screening && arrivals_counted(ctx) {
            return Some("screening.arrivals");
        }
        if measure == Screening && key_people_part(ctx) {
            return Some("screening.key_people");
        }
        match measure {
            // Cases standing now are neither new nor total confirmed cases.
            Cases if standing => Some("cases.other"),
            Quarantine if standing => Some("quarantine.people"),
            _ => None,
        }
    };
    let (by, code) = if let Some(code) = by_rule() {
        ("series rule", Some(code))
    } else if let Some(code) = by_cue {
        (
            if verb.is_some() {
                "verb cue"
            } else {
                "noun cue"
            },
            Some(code),
        )
    } else if let Some(code) = by_previous() {
        ("as the figure before", Some(code))
    } else if let Some(code) = by_unit() {
        ("unit", Some(code))
    } else {
        ("measure's other", None)
    };
    let found = code.and_then(series::lookup);
    Chosen {
        measure,
        series: found.unwrap_or_else(|| series::other_of(measure)),
        moved_by: moved.map(|(name, _)| name),
        by: if found.is_some() {
            by
        } else {
            "measure's other"
        },
        cue: cue.filter(|_| by.ends_with("cue")).map(|n| n.word),
    }
}

/// A 第N轮 (`第二轮`, `第3轮`) ending at `end` in `chars`?
fn round_at(chars: &[char], i: usize) -> Option<usize> {
    if chars.get(i) != Some(&'第') {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len()
        && (chars[j].is_ascii_digit() || "一二三四五六七八九十".contains(chars[j]))
    {
        j += 1;
    }
    (j > i + 1 && chars.get(j) == Some(&'轮')).then_some(j + 1)
}

/// The tally of a figure from the words of its sentence before it: the
/// word nearest the figure decides (`当日新增3例，累计确诊120例`). Without
/// one, a day the sentence states: a single day is a period
/// (`3月21日完成采样57万人次`), a cut-off or a start a running total
/// (`截至2月20日…`, `自1月23日以来…`); and a bare `已`/`共` before the
/// verb reads as a total so far (`已排查居民8000多户`).
pub fn tally(sentence_pre: &[char]) -> Option<Tally> {
    let mut best: Option<(usize, Option<Tally>)> = None;
    let mut offer = |end: usize, t: Option<Tally>| {
        if best.is_none_or(|(e, _)| end >= e) {
            best = Some((end, t));
        }
    };
    TALLY_WORDS.each_in_window(sentence_pre, |h| offer(h.start + h.len, h.value));
    for i in 0..sentence_pre.len() {
        if let Some(end) = round_at(sentence_pre, i) {
            offer(end, Some(Tally::Period));
        }
    }
    if let Some((_, t)) = best {
        return t;
    }
    let mut day: Option<Tally> = None;
    for m in dates::find_dates(sentence_pre) {
        // A dateline's day (`本报讯(记者 …)4月6日,`) dates the article, not a period.
        if any_of(&sentence_pre[..m.start], &["讯", "记者", "通讯员"]) {
            continue;
        }
        day = match m.kind {
            DateKind::Cutoff | DateKind::Since => Some(Tally::Cumulative),
            DateKind::Plain if m.day.is_some() => Some(Tally::Period),
            // A due date says nothing of the period a figure counts.
            DateKind::Plain | DateKind::Deadline => day,
        };
    }
    if day.is_some() {
        return day;
    }
    let so_far = sentence_pre.iter().enumerate().any(|(i, &c)| match c {
        '已' => true,
        '共' => {
            sentence_pre
                .get(i + 1)
                .is_some_and(|n| !NOT_TOTAL_AFTER_GONG.contains(n))
                && (i == 0 || !['公', '中'].contains(&sentence_pre[i - 1]))
        }
        _ => false,
    });
    so_far.then_some(Tally::Cumulative)
}

/// A figure kept earlier in the sentence: where it ends, its unit, and
/// whether it was itself a part.
pub struct Earlier<'a> {
    pub end: usize,
    pub unit: &'a str,
    pub part_of: bool,
}

/// Is the figure at `start` a part of an earlier figure of its sentence?
/// It is when a part cue stands in its own clause (`clause_start..start`)
/// after an earlier figure of a unit like its own; and a list item with no
/// words of its own after a part is a part too (`其中常住人口4660人、
/// 流动人口32人`).
pub fn part_of(
    sent: &[char],
    clause_start: usize,
    start: usize,
    unit: &str,
    own_cue: bool,
    earlier: &[Earlier],
) -> bool {
    let like = |u: &str| {
        let (a, b) = (canonical_unit(u), canonical_unit(unit));
        a == b || (matches!(a, "人" | "人次") && matches!(b, "人" | "人次"))
    };
    let cue_at = PART_CUES
        .iter()
        .filter_map(|w| {
            ends_of(&sent[clause_start..start], w)
                .last()
                .map(|end| clause_start + end - w.chars().count())
        })
        .max();
    if let Some(at) = cue_at {
        return earlier.iter().any(|e| e.end <= at && like(e.unit));
    }
    !own_cue && earlier.last().is_some_and(|e| e.part_of && like(e.unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The series of `figure` (its number and unit as written) in a
    /// one-sentence text, with the measure the classifier gives it.
    fn series_of(sentence: &str, figure: &str, unit: &str, measure: Measure) -> &'static str {
        chosen(sentence, figure, unit, measure, None).series.code
    }

    fn chosen(
        sentence: &str,
        figure: &str,
        unit: &str,
        measure: Measure,
        previous: Option<&'static Series>,
    ) -> Chosen {
        let s = chars(sentence);
        let f = chars(figure);
        let at = (0..s.len()).find(|&i| s[i..].starts_with(&f)).unwrap();
        let end = at + f.len();
        let is_break = |c: &char| matches!(c, '，' | '。' | '；' | '：');
        let cs = s[..at].iter().rposition(is_break).map_or(0, |p| p + 1);
        let ce = s[end..]
            .iter()
            .position(is_break)
            .map_or(s.len(), |p| end + p);
        let item = s[cs..at]
            .iter()
            .rposition(|&c| c == '、')
            .map_or(cs, |p| cs + p + 1);
        let ctx = Context {
            measure,
            unit,
            clause_pre: &s[cs..at],
            item_pre: &s[item..at],
            post: &s[end..ce],
            after_clause: &s[ce.min(s.len())..],
            sentence_pre: &s[..at],
            own_cue: true,
            previous,
        };
        choose(&ctx)
    }

    /// Which move changed the measure, and to what.
    fn moved(
        sentence: &str,
        figure: &str,
        unit: &str,
        measure: Measure,
    ) -> (Option<&'static str>, Measure) {
        let c = chosen(sentence, figure, unit, measure, None);
        (c.moved_by, c.measure)
    }

    /// (sentence, figure, unit, classifier's measure, move, moved to)
    type MoveCase = (
        &'static str,
        &'static str,
        &'static str,
        Measure,
        &'static str,
        Measure,
    );

    #[rustfmt::skip]
    const MOVE_CASES: [MoveCase; 12] = [
    ("在城西卡口查验进出车辆870辆。", "870辆", "辆", Inspection, "vehicles checked at an entry", Checkpoint),
    ("检查过往司乘人员1500人次。", "1500人次", "人次", Inspection, "people checked passing through", Checkpoint),
    ("在各路口设置防控点7个。", "7个", "个", Quarantine, "checkpoint posts", Checkpoint),
    ("全镇卡点安排值守人员64名。", "64名", "名", Personnel, "staff on duty at a checkpoint", Checkpoint),
    ("向居民发放抗原检测试剂3000份。", "3000份", "份", Testing, "test kits", Supplies),
    ("当日治愈出院5例。", "5例", "例", Cases, "patients discharged", Medical),
    ("抽调采样人员240人。", "240人", "人", Personnel, "testing staff", Testing),
    ("累计确诊18位病人。", "18位", "位", Cases, "patients counted", Medical),
    ("从外地返回人员120人。", "120人", "人", Quarantine, "arrivals", Screening),
    ("向困难群众发放物资1200户。", "1200户", "户", Supplies, "supplies counted in people", Services),
    ("筛查中检出阳性3人。", "3人", "人", Screening, "positives found", Cases),
    ("组建防控专班15个。", "15个", "个", Quarantine, "teams formed or sent to inspect", Personnel),
    ];

    #[test]
    fn each_move_is_named_and_fires_on_its_words() {
        for (sentence, figure, unit, measure, name, to) in MOVE_CASES {
            assert_eq!(
                moved(sentence, figure, unit, measure),
                (Some(name), to),
                "{sentence}"
            );
        }
        let key = series::lookup("screening.key_people");
        let c = chosen(
            "比对出重点人员50人，其中已核实20人。",
            "20人",
            "人",
            Screening,
            key,
        );
        assert_eq!(
            (c.moved_by, c.measure),
            (Some("key people part"), Screening)
        );
        // The same words with nothing to move: the classifier's measure stays.
        assert_eq!(
            moved("在城西卡口查验进出车辆870辆。", "870辆", "辆", Checkpoint),
            (None, Checkpoint)
        );
        assert_eq!(
            moved("当日新增确诊5例。", "5例", "例", Cases),
            (None, Cases)
        );
        assert_eq!(
            moved("筛查居民3000人。", "3000人", "人", Screening),
            (None, Screening)
        );
    }

    #[test]
    fn the_step_that_chose_the_series_is_named() {
        let c = chosen("全镇已排查居民2100户。", "2100户", "户", Screening, None);
        assert_eq!((c.by, c.cue), ("unit", None));
        let c = chosen("排查沿街商户460户。", "460户", "户", Screening, None);
        assert_eq!((c.by, c.cue), ("noun cue", Some("商户")));
        let c = chosen("其余120箱。", "120箱", "箱", Other, None);
        assert_eq!((c.by, c.cue), ("measure's other", None));
    }

    #[test]
    fn screening_by_noun_and_unit() {
        let t = "截至目前，该镇已排查居民2100余户、6300余人，其中外地返乡人员86人。";
        assert_eq!(
            series_of(t, "2100余户", "户", Screening),
            "screening.households"
        );
        assert_eq!(
            series_of(t, "6300余人", "人", Screening),
            "screening.people"
        );
        assert_eq!(series_of(t, "86人", "人", Screening), "screening.arrivals");
        // People back from a risk area are arrivals (as 从武汉返回 is);
        // people of concern among them are key people.
        let t = "网格员入户摸排中高风险地区来返人员12人，其中发热人员3人。";
        assert_eq!(series_of(t, "12人", "人", Screening), "screening.arrivals");
        assert_eq!(series_of(t, "3人", "人", Screening), "screening.key_people");
        let t = "排查沿街商户460户、农贸市场3个。";
        assert_eq!(series_of(t, "460户", "户", Screening), "screening.places");
        assert_eq!(series_of(t, "3个", "个", Screening), "screening.places");
    }

    #[test]
    fn checkpoint_posts_staff_vehicles_people() {
        let t = "在城区各主要路口设置疫情管控点9个。";
        assert_eq!(series_of(t, "9个", "个", Quarantine), "checkpoint.posts");
        let t = "全县设立交通管制卡点14个，安排值守人员112名。";
        assert_eq!(series_of(t, "14个", "个", Quarantine), "checkpoint.posts");
        assert_eq!(series_of(t, "112名", "名", Personnel), "checkpoint.staff");
        let t = "在高速路口检查过往车辆3260辆、司乘人员5120人次，劝返外地车辆41辆。";
        assert_eq!(
            series_of(t, "3260辆", "辆", Inspection),
            "checkpoint.vehicles"
        );
        assert_eq!(
            series_of(t, "5120人次", "人次", Checkpoint),
            "checkpoint.people"
        );
        assert_eq!(
            series_of(t, "41辆", "辆", Checkpoint),
            "checkpoint.turned_back"
        );
    }

    #[test]
    fn a_team_sent_to_inspect_is_an_inspection_team() {
        let t = "县市场监管局派出6个工作小组，对全县农贸市场开展督查。";
        assert_eq!(series_of(t, "6个", "个", Personnel), "inspection.teams");
        let t = "县团委组建4支青年志愿服务队，协助社区开展宣传。";
        assert_eq!(series_of(t, "4支", "支", Personnel), "personnel.teams");
        let t = "各村组建由网格员、村医组成的管控专班126个。";
        assert_eq!(series_of(t, "126个", "个", Quarantine), "personnel.teams");
        let t = "县里派出5个工作组，深入各乡镇指导防疫宣传。";
        assert_eq!(series_of(t, "5个", "个", Personnel), "personnel.teams");
    }

    #[test]
    fn problems_found_and_fixed() {
        let t = "督查组共发现问题52个，已整改47个。";
        assert_eq!(
            series_of(t, "52个", "个", Inspection),
            "inspection.problems"
        );
        assert_eq!(series_of(t, "47个", "个", Inspection), "inspection.fixed");
        let t = "累计督查各类场所310家，督促整改问题29条。";
        assert_eq!(series_of(t, "310家", "家", Inspection), "inspection.units");
        assert_eq!(series_of(t, "29条", "条", Inspection), "inspection.fixed");
    }

    #[test]
    fn testing_vaccination_quarantine_medical_cases() {
        let t = "3月21日全区完成核酸采样14.2万人次，设置采样点86个。";
        assert_eq!(
            series_of(t, "14.2万人次", "人次", Testing),
            "testing.samples"
        );
        assert_eq!(series_of(t, "86个", "个", Testing), "testing.sites");
        let t = "累计接种新冠疫苗41.3万剂次，接种率达92.6%。";
        assert_eq!(
            series_of(t, "41.3万剂次", "剂次", Vaccination),
            "vaccination.doses"
        );
        assert_eq!(
            series_of(t, "92.6%", "%", Vaccination),
            "vaccination.coverage"
        );
        let t = "追踪密接者36人，解除隔离18人。";
        assert_eq!(
            series_of(t, "36人", "人", Quarantine),
            "quarantine.contacts"
        );
        assert_eq!(
            series_of(t, "18人", "人", Quarantine),
            "quarantine.released"
        );
        let t = "县人民医院准备隔离床位80张，收治发热病人23人。";
        assert_eq!(series_of(t, "80张", "张", Medical), "medical.beds");
        assert_eq!(series_of(t, "23人", "人", Medical), "medical.patients");
        let t = "当日新增疑似病例2例、无症状感染者5例。";
        assert_eq!(series_of(t, "2例", "例", Cases), "cases.suspected");
        assert_eq!(series_of(t, "5例", "例", Cases), "cases.asymptomatic");
    }

    #[test]
    fn personnel_supplies_publicity_by_nearest_noun() {
        let t = "动员党员志愿者380名、机关干部120名参与值守。";
        assert_eq!(
            series_of(t, "380名", "名", Personnel),
            "personnel.volunteers"
        );
        assert_eq!(series_of(t, "120名", "名", Personnel), "personnel.cadres");
        let t = "为居民发放抗原检测试剂3.6万份。";
        assert_eq!(series_of(t, "3.6万份", "份", Testing), "supplies.other");
        let t = "向群众发放口罩2.4万只、消毒液600瓶、防护服300套。";
        assert_eq!(series_of(t, "2.4万只", "只", Supplies), "supplies.masks");
        assert_eq!(
            series_of(t, "600瓶", "瓶", Supplies),
            "supplies.disinfectant"
        );
        assert_eq!(series_of(t, "300套", "套", Supplies), "supplies.protective");
        let t = "张贴宣传海报1200张，发送防疫短信3.5万条。";
        assert_eq!(
            series_of(t, "1200张", "张", Publicity),
            "publicity.materials"
        );
        assert_eq!(
            series_of(t, "3.5万条", "条", Publicity),
            "publicity.messages"
        );
    }

    #[test]
    fn accountability_disinfection_gatherings_services_economy() {
        let t = "立案查处违反防疫规定案件6起，问责干部9人。";
        assert_eq!(
            series_of(t, "6起", "起", Accountability),
            "accountability.cases"
        );
        assert_eq!(
            series_of(t, "9人", "人", Accountability),
            "accountability.people"
        );
        let t = "对车站、商场等公共场所消杀460处，累计消杀2300次，面积120万平方米。";
        assert_eq!(
            series_of(t, "460处", "处", Disinfection),
            "disinfection.places"
        );
        assert_eq!(
            series_of(t, "2300次", "次", Disinfection),
            "disinfection.rounds"
        );
        assert_eq!(
            series_of(t, "120万平方米", "平方米", Disinfection),
            "disinfection.area"
        );
        let t = "劝导婚事缓办34起，关停麻将馆52家，取消庙会等活动17场。";
        assert_eq!(
            series_of(t, "34起", "起", Gatherings),
            "gatherings.banquets"
        );
        assert_eq!(series_of(t, "52家", "家", Gatherings), "gatherings.venues");
        assert_eq!(series_of(t, "17场", "场", Gatherings), "gatherings.events");
        let t = "为隔离户代购生活用品1900单，服务独居老人430人。";
        assert_eq!(series_of(t, "1900单", "单", Services), "services.orders");
        assert_eq!(series_of(t, "430人", "人", Services), "services.people");
        let t = "全市复工企业610家，返岗职工4.2万人。";
        assert_eq!(series_of(t, "610家", "家", Economy), "economy.firms");
        assert_eq!(series_of(t, "4.2万人", "人", Economy), "economy.workers");
    }

    #[test]
    fn a_figure_fitting_no_series_is_its_measures_other() {
        let t = "全镇排查率达100%。";
        assert_eq!(series_of(t, "100%", "%", Screening), "screening.other");
        let t = "分三个批次开展消毒作业。";
        assert_eq!(
            series_of(t, "三个", "批次", Disinfection),
            "disinfection.other"
        );
        let t = "捐款2000元。";
        assert_eq!(series_of(t, "2000元", "元", Other), "other.other");
    }

    #[test]
    fn people_sampled_results_out_and_sampling_staff() {
        let t = "截至8日18时，全县已采样41.2万人，已出结果40.8万人。";
        assert_eq!(series_of(t, "41.2万人", "人", Testing), "testing.people");
        assert_eq!(series_of(t, "40.8万人", "人", Testing), "testing.other");
        let t = "当天采集样本12.6万人份，已检出结果11.9万人份。";
        assert_eq!(
            series_of(t, "12.6万人份", "人份", Testing),
            "testing.samples"
        );
        assert_eq!(series_of(t, "11.9万人份", "人份", Testing), "testing.other");
        let t = "县里抽调医护人员860人组成核酸采样队，其中乡镇卫生院320人。";
        assert_eq!(series_of(t, "860人", "人", Personnel), "testing.staff");
        assert_eq!(series_of(t, "320人", "人", Personnel), "testing.staff");
        let t = "省里派来的40人核酸检测队当晚到位。";
        assert_eq!(series_of(t, "40人", "人", Testing), "testing.staff");
        let t = "动员志愿者300人协助核酸采样现场秩序维护。";
        assert_eq!(
            series_of(t, "300人", "人", Personnel),
            "personnel.volunteers"
        );
    }

    #[test]
    fn deaths_standing_cases_and_discharges() {
        let t = "全市累计报告确诊病例58例，累计死亡2例，现有确诊病例11例，累计治愈出院45例。";
        assert_eq!(series_of(t, "58例", "例", Cases), "cases.confirmed");
        assert_eq!(series_of(t, "2例", "例", Cases), "cases.other");
        assert_eq!(series_of(t, "11例", "例", Cases), "cases.other");
        assert_eq!(series_of(t, "45例", "例", Cases), "medical.patients");
        let t = "已解除医学观察960人，尚有148人正在接受医学观察。";
        assert_eq!(
            series_of(t, "960人", "人", Quarantine),
            "quarantine.released"
        );
        assert_eq!(series_of(t, "148人", "人", Quarantine), "quarantine.people");
    }

    #[test]
    fn tally_from_the_nearest_word_then_the_day() {
        let t = |s: &str| tally(&chars(s));
        assert_eq!(t("当日新增确诊病例"), Some(Tally::Period));
        assert_eq!(t("当日新增确诊病例3例，累计确诊"), Some(Tally::Cumulative));
        assert_eq!(t("全县先后派出"), Some(Tally::Cumulative));
        assert_eq!(t("开展第二轮全员核酸检测，采样"), Some(Tally::Period));
        assert_eq!(t("3月21日，全区完成核酸采样"), Some(Tally::Period));
        assert_eq!(t("截至2月20日，该街道排查"), Some(Tally::Cumulative));
        assert_eq!(t("该镇已排查居民"), Some(Tally::Cumulative));
        assert_eq!(t("全镇共发现问题"), Some(Tally::Cumulative));
        assert_eq!(t("同心协力共同抗疫，组建"), None);
        assert_eq!(t("中共某县委组织部组建"), None);
        assert_eq!(t("县里组建了"), None);
        assert_eq!(t("累计治愈出院12人，现有留观病人"), None);
    }

    #[test]
    fn parts_after_qizhong() {
        let s = chars("走访群众4692人，其中常住人口4660人、外来人员32人，发放口罩500个。");
        let pos = |f: &str| {
            let f = chars(f);
            (0..s.len()).find(|&i| s[i..].starts_with(&f)).unwrap()
        };
        let first = Earlier {
            end: pos("4692人") + 5,
            unit: "人",
            part_of: false,
        };
        let clause = pos("其中");
        assert!(part_of(&s, clause, pos("4660人"), "人", true, &[first]));
        let first = Earlier {
            end: pos("4692人") + 5,
            unit: "人",
            part_of: false,
        };
        let second = Earlier {
            end: pos("4660人") + 5,
            unit: "人",
            part_of: true,
        };
        assert!(part_of(
            &s,
            clause,
            pos("32人"),
            "人",
            false,
            &[first, second]
        ));
        let earlier = [Earlier {
            end: pos("32人") + 3,
            unit: "人",
            part_of: true,
        }];
        assert!(!part_of(
            &s,
            pos("发放"),
            pos("500个"),
            "个",
            true,
            &earlier
        ));
        // No earlier figure: 其中 refers to an earlier sentence.
        let s = chars("其中隔离观察12人。");
        assert!(!part_of(&s, 0, 6, "人", true, &[]));
    }
}
