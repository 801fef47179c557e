//! What a figure counts, and whether a passage is about the epidemic at all.
//!
//! Both are decided by lexicons of cue words, general to Chinese reporting
//! on epidemic response — never phrases from one page. A figure's measure
//! comes, in order of trust, from: the words it is the object of (`对95家…
//! 开展检查`), the verb nearest before it in its clause (`排查8000户`), the
//! noun it counts (`口罩3000个`), or — for a bare list item such as `企业37家`
//! after `已排查居民8000户` — the figure before it in the same sentence.

use super::cues::CueTable;
use super::cues::measure::{
    BACKGROUND_NOUNS, CHECKPOINT_PLACES, DISCIPLINE_NOUNS, FUNDING, GENERIC_VERBS, INSPECTING,
    NOUN_CUES, PEOPLE_UNITS, TOPIC_CUES, VERB_CUES,
};
use crate::records::Measure;
use Measure::*;

/// Passage topic from its cue words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Epidemic,
    Other,
    Neutral,
}

/// Counts every occurrence of every cue of the three topic lists in one pass
/// (an automaton built once): topic checks run for every figure, sentence,
/// paragraph and article, and a substring search per cue was most of the
/// extractor's time.
fn cue_hits(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    TOPIC_CUES
        .find_in_str(text)
        .map(|h| (h.start, h.start + h.len, h.value))
}

fn cue_counts(text: &str) -> [usize; 3] {
    counts_of(cue_hits(text).map(|(_, e, k)| (e, k)))
}

fn counts_of(hits: impl Iterator<Item = (usize, usize)>) -> [usize; 3] {
    let mut counts = [0; 3];
    for (_, k) in hits {
        counts[k] += 1;
    }
    counts
}

/// Topic cue counts of a text (strong, weak, other-topic), to be summed over
/// paragraphs instead of searching an article's text again.
#[derive(Debug, Clone, Copy, Default)]
pub struct CueCounts([usize; 3]);

impl std::ops::Add for CueCounts {
    type Output = CueCounts;
    fn add(self, other: CueCounts) -> CueCounts {
        CueCounts([
            self.0[0] + other.0[0],
            self.0[1] + other.0[1],
            self.0[2] + other.0[2],
        ])
    }
}

impl CueCounts {
    pub fn of(text: &str) -> CueCounts {
        CueCounts(cue_counts(text))
    }

    /// As [`topic_of`] would judge the text.
    pub fn topic(self) -> Topic {
        topic_from(self.0)
    }

    /// As [`topic_counts_lenient`] counts the text.
    pub fn lenient(self) -> (usize, usize) {
        (self.0[0] + self.0[1], self.0[2])
    }
}

/// The topic cues of a paragraph, found in one pass over it: its counts,
/// and its sentences' cues (those that lie inside each sentence, which are
/// what a search of the sentence alone would find).
pub struct ParaCues {
    /// (char start, char end, list) in text order.
    hits: Vec<(usize, usize, usize)>,
}

impl ParaCues {
    pub fn new(chars: &[char]) -> ParaCues {
        let (text, char_at) = super::cues::indexed(chars);
        ParaCues {
            hits: cue_hits(&text)
                .map(|(s, e, k)| (char_at[s], char_at[e], k))
                .collect(),
        }
    }

    pub fn counts(&self) -> CueCounts {
        CueCounts(counts_of(self.hits.iter().map(|&(_, e, k)| (e, k))))
    }

    /// The cues of the sentence `[s, e)`, with offsets relative to `s`.
    pub fn sentence(&self, s: usize, e: usize) -> SentenceCues {
        SentenceCues {
            hits: self
                .hits
                .iter()
                .filter(|&&(hs, he, _)| hs >= s && he <= e)
                .map(|&(_, he, k)| (he - s, k))
                .collect(),
        }
    }
}

/// The topic cues of a sentence, found once, so that each figure can be
/// judged on the words up to its clause (`topic_before`).
pub struct SentenceCues {
    /// (char offset where the cue ends, list) in text order.
    hits: Vec<(usize, usize)>,
}

impl SentenceCues {
    /// The topic of the sentence's first `end` chars.
    pub fn topic_before(&self, end: usize) -> Topic {
        topic_from(counts_of(
            self.hits.iter().copied().filter(|&(e, _)| e <= end),
        ))
    }
}

/// Epidemic and other-topic cue counts of a text; a weak epidemic cue
/// counts only beside a strong one.
pub fn topic_counts(text: &str) -> (usize, usize) {
    strict(cue_counts(text))
}

fn strict([strong, weak, other]: [usize; 3]) -> (usize, usize) {
    (if strong > 0 { strong + weak } else { 0 }, other)
}

fn topic_from(counts: [usize; 3]) -> Topic {
    decide(strict(counts))
}

/// Like [`topic_counts`], but weak cues count alone: for a whole article,
/// where `排查返乡人员` with no other topic anywhere is epidemic work.
pub fn topic_counts_lenient(text: &str) -> (usize, usize) {
    let [strong, weak, other] = cue_counts(text);
    (strong + weak, other)
}

pub fn topic_of(text: &str) -> Topic {
    decide(topic_counts(text))
}

fn decide(counts: (usize, usize)) -> Topic {
    match counts {
        (0, 0) => Topic::Neutral,
        (0, _) => Topic::Other,
        // Both: 防疫、防火排查 stays epidemic; 防溺水… with a passing 疫情 does not.
        (e, o) if o > 2 * e => Topic::Other,
        _ => Topic::Epidemic,
    }
}

/// The measure of one figure and the words it was named by.
#[derive(Debug, Clone)]
pub struct Classified {
    pub measure: Measure,
    /// What exactly was counted, in the source's words.
    pub indicator: String,
    /// True when the measure came from a cue in the figure's own clause,
    /// false when it was inherited or guessed.
    pub own_cue: bool,
}

/// Does the sentence speak of a checkpoint (收费站, 卡口, 检查站…)?
fn at_checkpoint(sentence: &str) -> bool {
    CHECKPOINT_PLACES.iter().any(|p| sentence.contains(p))
}

fn find_last(hay: &[char], needle: &str) -> Option<usize> {
    let n: Vec<char> = needle.chars().collect();
    if n.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - n.len())
        .rev()
        .find(|&i| hay[i..i + n.len()] == n[..])
}

/// Is the figure counting background (villages, grids, population)?
/// `after` is what follows the figure's unit.
pub fn is_background(unit: &str, after: &[char]) -> bool {
    let a: String = after.iter().take(6).collect();
    if unit == "人" && a.starts_with('口') {
        return true;
    }
    if matches!(unit, "个" | "处") {
        let a = a.trim_start_matches(['(', '（']);
        return BACKGROUND_NOUNS.iter().any(|b| a.starts_with(b))
            && !a.starts_with("社区工作")
            && !a.starts_with("村干部");
    }
    false
}

/// Every occurrence of a cue table's words in `window`, as (char offset,
/// char length, cue, measure).
fn hits(window: &[char], table: &CueTable<Measure>) -> Vec<(usize, usize, &'static str, Measure)> {
    table
        .find_in_chars(window)
        .into_iter()
        .map(|h| (h.start, h.len, h.word, h.value))
        .collect()
}

/// The verb cue ending nearest before the figure: (distance, cue, measure).
fn nearest_verb(pre: &[char]) -> Option<(usize, &'static str, Measure)> {
    hits(pre, &VERB_CUES)
        .into_iter()
        .map(|(p, n, cue, m)| (pre.len() - p - n, n, cue, m))
        .min_by_key(|&(d, n, _, _)| (d, std::cmp::Reverse(n)))
        .map(|(d, _, cue, m)| (d, cue, m))
}

fn first_in(window: &[char], table: &CueTable<Measure>) -> Option<(usize, &'static str, Measure)> {
    hits(window, table)
        .into_iter()
        .min_by_key(|&(p, n, _, _)| (p, std::cmp::Reverse(n)))
        .map(|(p, _, cue, m)| (p, cue, m))
}

fn first_noun(window: &[char]) -> Option<(usize, &'static str, Measure)> {
    first_in(window, &NOUN_CUES)
}

/// The longest noun cue ending at most `slack` chars before the end of
/// `pre`: `党员志愿者80名` counts 志愿者, the word nearest the figure, not the
/// first noun of the phrase.
fn noun_ending_within(pre: &[char], slack: usize) -> Option<(usize, &'static str, Measure)> {
    let from = pre.len().saturating_sub(8);
    hits(&pre[from..], &NOUN_CUES)
        .into_iter()
        .filter(|&(p, n, _, _)| from + p + n + slack >= pre.len())
        .max_by_key(|&(p, n, _, _)| (p + n, n))
        .map(|(p, _, cue, m)| (from + p, cue, m))
}

fn first_verb(window: &[char]) -> Option<(usize, &'static str, Measure)> {
    first_in(window, &VERB_CUES)
}

/// The verb cue ending last in `window`.
fn last_verb(window: &[char]) -> Option<(usize, &'static str, Measure)> {
    hits(window, &VERB_CUES)
        .into_iter()
        .max_by_key(|&(p, n, _, _)| (p + n, n))
        .map(|(p, _, cue, m)| (p, cue, m))
}

/// Classifies a figure. `clause_pre` is its clause up to the figure,
/// `clause_post` from the end of its unit to the end of the clause,
/// `sentence` the whole sentence, `inherited` the measure of the figure
/// before it in the same sentence.
pub fn classify(
    clause_pre: &[char],
    clause_post: &[char],
    unit: &str,
    sentence: &str,
    inherited: Option<Measure>,
) -> Classified {
    let mut c = classify_inner(clause_pre, clause_post, unit, sentence, inherited);
    let post: String = clause_post.iter().collect();
    if matches!(c.measure, Inspection | Other)
        && matches!(unit, "起" | "件" | "个")
        && DISCIPLINE_NOUNS.iter().any(|n| post.contains(n))
    {
        c.measure = Accountability;
    }
    // 检测体温: taking temperatures is not a nucleic-acid test; at a
    // checkpoint it is the checking of passers-by, elsewhere screening.
    if c.measure == Testing
        && (find_last(clause_pre, "体温").is_some() || find_last(clause_pre, "测温").is_some())
    {
        c.measure = if at_checkpoint(sentence) {
            Checkpoint
        } else {
            Screening
        };
    }
    if c.measure == Personnel && !PEOPLE_UNITS.contains(&unit) {
        c.measure = Other;
        c.own_cue = false;
    }
    c
}

/// Is `between` (from a verb to a figure) the earlier items of a list of
/// figures (`201个、企业`, `47个乡（镇）、`): a 、 a few chars after a number?
fn is_list_tail(between: &[char]) -> bool {
    between.iter().enumerate().any(|(i, &c)| {
        c == '、'
            && between[..i]
                .iter()
                .rev()
                .take(8)
                .any(|c| c.is_ascii_digit() || c.is_numeric())
    })
}

/// 实地查看隔离酒店12个、商超56家: every item of a list of places after an
/// inspecting verb was inspected, whatever its noun is of (a 隔离 or a
/// 企业 inside an item names the place, not the work). The verb's cue
/// when the figure is such an item: an item after a 、, or the first one
/// when a 、 follows it.
fn inspected_list_item(pre: &[char], post: &[char], unit: &str) -> Option<&'static str> {
    if !matches!(unit, "个" | "家" | "处" | "所" | "座" | "间") {
        return None;
    }
    let (at, cue) = INSPECTING
        .iter()
        .filter_map(|w| find_last(pre, w).map(|p| (p + w.chars().count(), *w)))
        .max_by_key(|&(end, _)| end)?;
    let between = &pre[at..];
    // Problems found (检查发现问题) are not places; a clause break ends the list.
    if between.iter().any(|&c| matches!(c, '发' | '，' | ','))
        || find_last(between, "问题").is_some()
    {
        return None;
    }
    let first_item = post.iter().take(8).any(|&c| c == '、');
    (is_list_tail(between) || first_item).then_some(cue)
}

/// `对全县47个乡（镇）、8个卡点…开展督查`: the figure stands in a list that
/// follows a 对, so the clause's last verb governs it.
fn list_after_dui(clause_pre: &[char]) -> bool {
    let Some(at) = clause_pre.iter().rposition(|&c| c == '对') else {
        return false;
    };
    // 核对, 面对, 对接 are other words.
    let word = (at > 0 && "核面应针相".contains(clause_pre[at - 1]))
        || clause_pre.get(at + 1) == Some(&'接');
    // Cue words inside the list name its places (`8个卡点、`), not a verb.
    !word && is_list_tail(&clause_pre[at + 1..])
}

fn classify_inner(
    clause_pre: &[char],
    clause_post: &[char],
    unit: &str,
    sentence: &str,
    inherited: Option<Measure>,
) -> Classified {
    // What follows the figure up to a list break: in 口罩30万只、防护服5000套
    // the noun after 、 names the next item, not this one.
    let object_end = clause_post
        .iter()
        .position(|&c| c == '、')
        .unwrap_or(clause_post.len());
    let object: &[char] = &clause_post[..object_end.min(8)];
    let noun_after = first_noun(object);
    let object_noun = noun_after.filter(|&(p, _, _)| p <= 3);
    let verb = nearest_verb(clause_pre);
    let pre_tail: String = clause_pre
        .iter()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // 对95家…开展检查: the figure is the object of the verb after it.
    let governed = pre_tail.contains('对')
        || pre_tail.ends_with("对全县")
        || pre_tail.ends_with("对全区")
        || list_after_dui(clause_pre);
    // The main verb of a clause stands at its end: 对98家…的清洁消毒…开展督查.
    let after_verb = last_verb(clause_post);
    // The cue, and the thing counted when a known noun follows the figure
    // at once (发放 + 口罩): free text after the figure reads as junk
    // (督导深入各民政服) in a chart's legend and a CSV column.
    let counted = noun_after.filter(|&(p, _, _)| p <= 1).map(|(_, n, _)| n);
    let indicator_of = |cue: &str| -> String {
        match counted {
            Some(noun) if !cue.contains(noun) => format!("{cue}{noun}"),
            _ => cue.to_string(),
        }
    };

    // Money is reported for many reasons; only an explicit cue would say
    // which. Public funds allotted to the response, and what supplies were
    // worth, are spending on it (a person's gift stays apart).
    if unit == "元" {
        let near = &clause_pre[clause_pre.len().saturating_sub(10)..];
        if let Some(cue) = FUNDING.iter().find(|w| find_last(near, w).is_some()) {
            return Classified {
                measure: Supplies,
                indicator: cue.to_string(),
                own_cue: true,
            };
        }
        return Classified {
            measure: Other,
            indicator: indicator_of(""),
            own_cue: false,
        };
    }
    // 组织核酸采样人员150名: people organised for a task are personnel.
    const ORGANISING: [&str; 8] = [
        "组织", "派出", "抽调", "安排", "调集", "动员", "出动", "选派",
    ];
    let people_unit = matches!(unit, "人" | "名" | "位");
    let tail: String = clause_pre
        .iter()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let organised_at = ORGANISING
        .iter()
        .filter_map(|s| find_last(clause_pre, s).map(|p| p + s.chars().count()))
        .max();
    if let Some(after_verb) = organised_at.filter(|_| {
        people_unit && (tail.ends_with("人员") || tail.ends_with('员') || tail.ends_with("干部"))
    }) {
        // The people named between the verb and the figure: 组织医务人员320名.
        let who = &clause_pre[after_verb.max(clause_pre.len().saturating_sub(6))..];
        let who: String = who.iter().collect();
        // What follows is what they do (下沉社区), not who they are.
        return Classified {
            measure: Personnel,
            indicator: who,
            own_cue: true,
        };
    }
    // 派出流调、消毒602批次2921人次: people and teams sent out.
    const SENDING: [&str; 6] = ["派出", "出动", "抽调", "增派", "下沉", "投入"];
    if matches!(unit, "人" | "名" | "位" | "人次" | "批次" | "批" | "支")
        && object_noun.is_none_or(|(_, _, m)| m == Personnel)
        && let Some(cue) = SENDING.iter().find(|s| find_last(clause_pre, s).is_some())
    {
        return Classified {
            measure: Personnel,
            indicator: indicator_of(cue),
            own_cue: true,
        };
    }
    let unit_measure = match unit {
        "剂次" | "剂" | "针" => Some(Vaccination),
        "平方米" => Some(Disinfection),
        "例" => Some(Cases),
        "天" => Some(Cases),
        _ => None,
    };
    if let Some(m) = unit_measure {
        // 连续17天无新增确诊病例: the days are counted by what follows them.
        let indicator = if unit == "天" {
            clause_post
                .iter()
                .take_while(|c| !"，,。;；、(（".contains(**c))
                .take(8)
                .collect()
        } else {
            indicator_of(verb.map(|v| v.1).unwrap_or(unit))
        };
        return Classified {
            measure: m,
            indicator,
            own_cue: true,
        };
    }
    if governed && let Some((_, cue, m)) = after_verb {
        return Classified {
            measure: m,
            indicator: indicator_of(cue),
            own_cue: true,
        };
    }
    if let Some(cue) = inspected_list_item(clause_pre, clause_post, unit) {
        return Classified {
            measure: Inspection,
            indicator: cue.to_string(),
            own_cue: true,
        };
    }
    // Near checkpoints, counting people and vehicles checked is a checkpoint figure.
    let at_checkpoint = at_checkpoint(sentence);
    let counts_people_or_vehicles =
        matches!(unit, "人" | "人次" | "辆" | "台" | "台次" | "车次" | "名");
    let object_named = counted.is_some();
    if let (None, Some(inherited), false) = (verb, inherited, object_named) {
        // `企业37家` after `已排查居民8000户`: an item of the same list, done
        // the same thing to; a noun before it (`、防护服5000套`) names the item.
        if let Some((p, ncue, nm)) = noun_ending_within(clause_pre, 0) {
            // A clause with words of its own before the noun (在村口设立劝导点2个)
            // is not a bare list item: its noun says what it counts. Two
            // characters are a modifier (服务门店, 医用口罩), not a clause.
            if p > 2 {
                return Classified {
                    measure: nm,
                    indicator: ncue.to_string(),
                    own_cue: true,
                };
            }
            return Classified {
                measure: inherited,
                indicator: ncue.to_string(),
                own_cue: false,
            };
        }
        return Classified {
            measure: inherited,
            indicator: indicator_of(""),
            own_cue: false,
        };
    }
    if let Some((d, cue, m)) = verb {
        // A noun right before the figure (`信息员444名`, `口罩3000个`) is closer than any verb.
        let noun_before = noun_ending_within(clause_pre, 0);
        if let Some((_, ncue, nm)) = noun_before {
            // 排查重点人员136人: a verb right before its object says what was
            // done to them, also past a two-character modifier (检查冷库企业,
            // 排查沿街商户); a verb further off is another clause's.
            let n = ncue.chars().count();
            // A longer modifier counts too when it is plain words, no other
            // cue nor list break (排查危险货物运输企业).
            let modifier = &clause_pre[clause_pre.len() - d..clause_pre.len() - n.min(d)];
            let plain_modifier = d <= n + 8
                && nearest_verb(modifier).is_none()
                && first_noun(modifier).is_none()
                && !modifier
                    .iter()
                    .any(|&c| matches!(c, '、' | '和' | '及' | '与'));
            let object_of_verb =
                d >= n && (d <= n + 2 || plain_modifier) && !GENERIC_VERBS.contains(&cue);
            if !object_of_verb && (d > 0 || GENERIC_VERBS.contains(&cue)) {
                return Classified {
                    measure: nm,
                    indicator: indicator_of(ncue),
                    own_cue: true,
                };
            }
        }
        let mut measure = m;
        // 治疗确诊病例4人: the patients were treated.
        if measure == Cases
            && ["治疗", "救治", "医治", "收治", "治愈"]
                .iter()
                .any(|w| find_last(clause_pre, w).is_some())
        {
            measure = Medical;
        }
        if GENERIC_VERBS.contains(&cue)
            && let Some((_, ncue, nm)) = object_noun
        {
            let generic_team = matches!(ncue, "工作组" | "小组" | "工作队" | "队伍" | "专班");
            measure = if generic_team {
                after_verb
                    .map(|(_, _, am)| am)
                    .filter(|am| *am != Personnel)
                    .unwrap_or(nm)
            } else {
                nm
            };
            return Classified {
                measure,
                indicator: indicator_of(cue),
                own_cue: true,
            };
        }
        if at_checkpoint
            && counts_people_or_vehicles
            && matches!(measure, Inspection | Screening | Checkpoint)
        {
            measure = Checkpoint;
        }
        return Classified {
            measure,
            indicator: indicator_of(cue),
            own_cue: true,
        };
    }
    if let Some((_, ncue, nm)) = object_noun {
        return Classified {
            measure: nm,
            indicator: ncue.to_string(),
            own_cue: true,
        };
    }
    // `网格员210名`: the noun right before the number.
    if let Some((_, ncue, nm)) = noun_ending_within(clause_pre, 1) {
        return Classified {
            measure: nm,
            indicator: ncue.to_string(),
            own_cue: true,
        };
    }
    if let Some(m) = inherited {
        return Classified {
            measure: m,
            indicator: indicator_of(""),
            own_cue: false,
        };
    }
    if let Some((_, cue, m)) = first_verb(clause_post) {
        return Classified {
            measure: m,
            indicator: indicator_of(cue),
            own_cue: true, // the verb after the figure in its own clause: 42家…业务均已恢复
        };
    }
    // The sentence's first cue, else nothing better than `other`.
    let chars: Vec<char> = sentence.chars().collect();
    if let Some((_, ncue, nm)) = first_noun(&chars) {
        return Classified {
            measure: nm,
            indicator: ncue.to_string(),
            own_cue: false,
        };
    }
    if let Some((_, cue, m)) = first_verb(&chars) {
        return Classified {
            measure: m,
            indicator: indicator_of(cue),
            own_cue: false,
        };
    }
    Classified {
        measure: Other,
        indicator: indicator_of(""),
        own_cue: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(sentence: &str, figure: &str, unit: &str) -> Measure {
        let s: Vec<char> = sentence.chars().collect();
        let f: Vec<char> = figure.chars().collect();
        let at = (0..s.len()).find(|&i| s[i..].starts_with(&f)).unwrap();
        let clause_start = s[..at]
            .iter()
            .rposition(|c| matches!(c, ',' | '，' | '。' | ';'))
            .map_or(0, |p| p + 1);
        let end = at + f.len();
        let clause_end = s[end..]
            .iter()
            .position(|c| matches!(c, ',' | '，' | '。' | ';'))
            .map_or(s.len(), |p| end + p);
        classify(
            &s[clause_start..at],
            &s[end..clause_end],
            unit,
            sentence,
            None,
        )
        .measure
    }

    #[test]
    fn a_list_of_places_inspected_is_inspection() {
        let t = "督查组实地查看隔离酒店12个、商超56家、学校9所、冷库企业7家。";
        assert_eq!(m(t, "12个", "个"), Inspection);
        assert_eq!(m(t, "56家", "家"), Inspection);
        assert_eq!(m(t, "9所", "所"), Inspection);
        assert_eq!(m(t, "7家", "家"), Inspection);
        let t = "县纪委对全县23个乡镇、11个卡点、5个隔离点开展了明察暗访。";
        assert_eq!(m(t, "11个", "个"), Inspection);
        assert_eq!(m(t, "5个", "个"), Inspection);
    }

    #[test]
    fn verbs_nouns_and_governed_objects() {
        assert_eq!(
            m("全镇已排查返乡人员3200余人。", "3200余人", "人"),
            Screening
        );
        assert_eq!(
            m("该局对全县52家超市进行了防疫检查。", "52家", "家"),
            Inspection
        );
        assert_eq!(m("共派出6个工作小组开展督查。", "6个", "个"), Inspection);
        assert_eq!(m("组建了一支35人的志愿服务队。", "35人", "人"), Personnel);
        assert_eq!(m("向居民发放口罩2万只。", "2万只", "只"), Supplies);
        assert_eq!(
            m("在某某收费站共检查过往人员6200人。", "6200人", "人"),
            Checkpoint
        );
        assert_eq!(
            m("累计接种新冠疫苗3.5万剂次。", "3.5万剂次", "剂次"),
            Vaccination
        );
        assert_eq!(m("全镇共有网格员210名。", "210名", "名"), Personnel);
        assert_eq!(m("给予党纪政务处分4人。", "4人", "人"), Accountability);
        assert_eq!(m("婚事缓办12起,丧事简办40起。", "40起", "起"), Gatherings);
    }

    #[test]
    fn topics() {
        assert_eq!(topic_of("全县开展疫情防控排查"), Topic::Epidemic);
        assert_eq!(topic_of("全县悬挂防溺水横幅100多条"), Topic::Other);
        assert_eq!(topic_of("开展防疫、防火排查"), Topic::Epidemic);
        assert_eq!(topic_of("悬挂横幅100多条"), Topic::Neutral);
        // 排查 alone is also flood and safety work.
        assert_eq!(topic_of("对全县水域开展全面排查"), Topic::Neutral);
    }

    #[test]
    fn background_counts() {
        let after: Vec<char> = "村(社区)共有".chars().collect();
        assert!(is_background("个", &after));
        let after: Vec<char> = "口的大县".chars().collect();
        assert!(is_background("人", &after));
        let after: Vec<char> = "志愿者".chars().collect();
        assert!(!is_background("名", &after));
    }
}
