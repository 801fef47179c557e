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
    LOCKDOWN, LOCKED_AREAS, NOUN_CUES, ORGANISING, PEOPLE_UNITS, POST_STATION_WORDS, SENDING,
    STATION_KINDS, TOPIC_CUES, VERB_CUES,
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
/// over the text: a substring search per cue was most of the extractor's
/// time once.
fn cue_counts(text: &str) -> [usize; 3] {
    let mut counts = [0; 3];
    TOPIC_CUES.each_in_chars(&super::chars_of(text), |h| counts[h.value] += 1);
    counts
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

    /// Can no part of the text be about the epidemic on its own words? A
    /// weak cue counts only beside a strong one, so with no strong cue
    /// every part of it judges [`Topic::Other`] or [`Topic::Neutral`].
    pub fn no_strong_epidemic(self) -> bool {
        self.0[0] == 0
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
    /// The cues of a paragraph. Its hits are in order of their starts;
    /// every reading of them counts, so the order does not matter.
    pub fn new(chars: &[char]) -> ParaCues {
        let mut hits = Vec::new();
        TOPIC_CUES.each_in_chars(chars, |h| hits.push((h.start, h.start + h.len, h.value)));
        ParaCues { hits }
    }

    pub fn counts(&self) -> CueCounts {
        CueCounts(counts_of(self.hits.iter().map(|&(_, e, k)| (e, k))))
    }

    /// The cues of the sentence `[s, e)`: those that lie inside it, a run
    /// of the paragraph's (they come by start), so nothing is copied.
    pub fn sentence(&self, s: usize, e: usize) -> SentenceCues<'_> {
        let from = self.hits.partition_point(|&(hs, _, _)| hs < s);
        let to = from + self.hits[from..].partition_point(|&(hs, _, _)| hs < e);
        SentenceCues {
            hits: &self.hits[from..to],
            start: s,
            end: e,
        }
    }
}

/// The topic cues of a sentence, found once, so that each figure can be
/// judged on the words up to its clause (`topic_before`).
pub struct SentenceCues<'a> {
    /// The paragraph's hits that start inside the sentence.
    hits: &'a [(usize, usize, usize)],
    start: usize,
    end: usize,
}

impl SentenceCues<'_> {
    /// (char offset in the sentence where the cue ends, list) of each cue
    /// wholly inside it, in text order.
    fn ends(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.hits
            .iter()
            .filter(|&&(_, he, _)| he <= self.end)
            .map(|&(_, he, k)| (he - self.start, k))
    }

    /// The topic of the sentence's first `end` chars.
    pub fn topic_before(&self, end: usize) -> Topic {
        topic_from(counts_of(self.ends().filter(|&(e, _)| e <= end)))
    }

    /// Words of epidemic work (管控, 排查) and none of another topic: the
    /// sentence is the article's, whatever other sentences of its
    /// paragraph are about.
    pub fn only_weak_epidemic(&self) -> bool {
        let [strong, weak, other] = counts_of(self.ends());
        strong == 0 && weak > 0 && other == 0
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
    /// The cue word that decided, when one did (`排查`, `口罩`).
    pub cue: &'static str,
    /// The rule that decided (a name of [`RULES`]), then the corrections
    /// that changed its answer: what `--explain` shows.
    pub rules: Vec<&'static str>,
}

/// Does the sentence speak of a checkpoint (收费站, 卡口, 检查站…), a
/// station where travellers are checked, or a service post at a road?
fn at_checkpoint(sentence: &str) -> bool {
    CHECKPOINT_PLACES.iter().any(|p| sentence.contains(p))
        || names_station(sentence)
        || names_post_station(sentence)
}

/// 汽车站, 客运站, 火车站, 高铁站, and 汽车北站 or 汽车东站 (a town's
/// stations are named by direction).
fn names_station(sentence: &str) -> bool {
    let chars: Vec<char> = sentence.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let before = &chars[..i];
        let before = match before {
            [rest @ .., '东' | '南' | '西' | '北' | '中'] if c == '站' => rest,
            _ => before,
        };
        c == '站'
            && STATION_KINDS
                .iter()
                .any(|k| before.ends_with(&k.chars().collect::<Vec<_>>()))
    })
}

/// A 服务站 with a road or checkpoint word shortly before it in its phrase.
fn names_post_station(sentence: &str) -> bool {
    let chars: Vec<char> = sentence.chars().collect();
    (0..chars.len()).any(|i| {
        if !chars[i..].starts_with(&['服', '务', '站']) {
            return false;
        }
        let from = chars[..i]
            .iter()
            .rposition(|&c| matches!(c, '，' | ',' | '、' | '。' | '；' | ';' | '和' | '及'))
            .map_or(0, |p| p + 1)
            .max(i.saturating_sub(8));
        let phrase = &chars[from..i];
        !super::contains_word(phrase, "志愿")
            && POST_STATION_WORDS
                .iter()
                .any(|w| super::contains_word(phrase, w))
    })
}

fn find_last(hay: &[char], needle: &str) -> Option<usize> {
    let n = needle.chars().count();
    if n > hay.len() {
        return None;
    }
    // The first char turns most places away before the word is compared.
    let first = needle.chars().next();
    (0..=hay.len() - n)
        .rev()
        .find(|&i| first.is_none_or(|c| hay[i] == c) && super::starts_with_at(hay, i, needle))
}

/// Is the figure counting background (villages, grids, population)?
/// `after` is what follows the figure's unit.
pub fn is_background(unit: &str, after: &[char]) -> bool {
    let a = &after[..after.len().min(6)];
    if unit == "人" && a.first() == Some(&'口') {
        return true;
    }
    if matches!(unit, "个" | "处") {
        let a = &a[a.iter().take_while(|c| matches!(c, '(' | '（')).count()..];
        let starts = |w: &str| super::starts_with_at(a, 0, w);
        return BACKGROUND_NOUNS.iter().any(|b| starts(b))
            && !starts("社区工作")
            && !starts("村干部");
    }
    false
}

/// Villages or towns counted as background by their noun are work done
/// when they are what was locked down (`12个村实行集中隔离`) or what a
/// 对 put under a check or a lockdown later in the sentence (`对26个乡镇、
/// 97个村开展监督检查`, `对甲乡、乙镇3个乡镇，丙乡2个乡镇实行全域管控`):
/// the measure of that work. `clause_post` is the figure's clause after
/// its unit, `sentence_post` the whole rest of its sentence.
pub fn places_worked_on(
    clause_pre: &[char],
    clause_post: &[char],
    sentence_post: &[char],
) -> Option<Measure> {
    let has = |hay: &[char], words: &[&str]| words.iter().any(|w| find_last(hay, w).is_some());
    if has(clause_post, &LOCKDOWN) {
        return Some(Quarantine);
    }
    let at = governing_dui(clause_pre)?;
    // A verb between the 对 and the figure makes the 对 another phrase's.
    if nearest_verb(&clause_pre[at + 1..]).is_some() {
        return None;
    }
    // The first such word after the figure is the 对's verb (a 集中隔离点
    // inspected later in the sentence is a place, not the work).
    let first = |words: &[&str], m: Measure| {
        words
            .iter()
            .filter_map(|w| super::find_word(sentence_post, w))
            .min()
            .map(|p| (p, m))
    };
    [first(&LOCKDOWN, Quarantine), first(&INSPECTING, Inspection)]
        .into_iter()
        .flatten()
        .min_by_key(|&(p, _)| p)
        .map(|(_, m)| m)
}

/// Where a 对 that governs an object stands in `pre`: not 核对, 面对,
/// 应对, 针对, 相对, 对接.
fn governing_dui(pre: &[char]) -> Option<usize> {
    let at = pre.iter().rposition(|&c| c == '对')?;
    let word = (at > 0 && "核面应针相".contains(pre[at - 1])) || pre.get(at + 1) == Some(&'接');
    (!word).then_some(at)
}

/// Calls `f` with every occurrence of a cue table's words in `window`, as
/// (char offset, char length, cue, measure), in the order of a window's
/// search (see [`super::window`]).
fn each_hit(
    window: &[char],
    table: &CueTable<Measure>,
    mut f: impl FnMut(usize, usize, &'static str, Measure),
) {
    table.each_in_window(window, |h| f(h.start, h.len, h.word, h.value));
}

/// The best of what is offered by `key`: the first of equal least keys
/// (`least`) or the last of equal greatest ones (`!least`), as
/// `Iterator::min_by_key` and `max_by_key` pick them.
struct Best<K, T> {
    least: bool,
    best: Option<(K, T)>,
}

impl<K: Ord, T> Best<K, T> {
    fn least() -> Self {
        Best {
            least: true,
            best: None,
        }
    }

    fn greatest() -> Self {
        Best {
            least: false,
            best: None,
        }
    }

    fn offer(&mut self, key: K, item: T) {
        let better = match &self.best {
            None => true,
            Some((b, _)) if self.least => key < *b,
            Some((b, _)) => key >= *b,
        };
        if better {
            self.best = Some((key, item));
        }
    }

    fn get(self) -> Option<T> {
        self.best.map(|(_, t)| t)
    }
}

/// The verb cue ending nearest before the figure: (distance, cue, measure).
fn nearest_verb(pre: &[char]) -> Option<(usize, &'static str, Measure)> {
    let mut best = Best::least();
    each_hit(pre, &VERB_CUES, |p, n, cue, m| {
        let d = pre.len() - p - n;
        best.offer((d, std::cmp::Reverse(n)), (d, cue, m));
    });
    best.get()
}

fn first_in(window: &[char], table: &CueTable<Measure>) -> Option<(usize, &'static str, Measure)> {
    let mut best = Best::least();
    each_hit(window, table, |p, n, cue, m| {
        best.offer((p, std::cmp::Reverse(n)), (p, cue, m));
    });
    best.get()
}

fn first_noun(window: &[char]) -> Option<(usize, &'static str, Measure)> {
    first_in(window, &NOUN_CUES)
}

/// The longest noun cue ending at most `slack` chars before the end of
/// `pre`: `党员志愿者80名` counts 志愿者, the word nearest the figure, not the
/// first noun of the phrase.
fn noun_ending_within(pre: &[char], slack: usize) -> Option<(usize, &'static str, Measure)> {
    let from = pre.len().saturating_sub(8);
    let mut best = Best::greatest();
    each_hit(&pre[from..], &NOUN_CUES, |p, n, cue, m| {
        if from + p + n + slack >= pre.len() {
            best.offer((p + n, n), (from + p, cue, m));
        }
    });
    best.get()
}

fn first_verb(window: &[char]) -> Option<(usize, &'static str, Measure)> {
    first_in(window, &VERB_CUES)
}

/// The verb cue ending last in `window`.
fn last_verb(window: &[char]) -> Option<(usize, &'static str, Measure)> {
    let mut best = Best::greatest();
    each_hit(window, &VERB_CUES, |p, n, cue, m| {
        best.offer((p + n, n), (p, cue, m));
    });
    best.get()
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
    let facts = Facts::new(clause_pre, clause_post, unit, sentence, inherited);
    let mut c = RULES
        .iter()
        .find_map(|&(name, rule)| {
            rule(&facts).map(|c| Classified {
                rules: vec![name],
                ..c
            })
        })
        .unwrap_or_else(|| Classified {
            rules: vec!["nothing better"],
            ..facts.found(Other, "", false)
        });
    for &(name, correct) in CORRECTIONS {
        if correct(&facts, &mut c) {
            c.rules.push(name);
        }
    }
    c
}

/// What the rules read about one figure, found once.
struct Facts<'a> {
    clause_pre: &'a [char],
    clause_post: &'a [char],
    unit: &'a str,
    sentence: &'a str,
    inherited: Option<Measure>,
    /// The first noun cue after the figure, before a list break (`、`: in
    /// 口罩30万只、防护服5000套 the noun after 、 names the next item), when it
    /// follows the figure within three chars.
    object_noun: Option<(usize, &'static str, Measure)>,
    /// The verb cue ending nearest before the figure: (distance, cue, measure).
    verb: Option<(usize, &'static str, Measure)>,
    /// The clause's last verb after the figure: its main verb when the
    /// figure is its object (对98家…的清洁消毒…开展督查).
    after_verb: Option<(usize, &'static str, Measure)>,
    /// The thing counted when a known noun follows the figure at once
    /// (发放 + 口罩): free text after the figure reads as junk (督导深入各民政服)
    /// in a chart's legend and a CSV column.
    counted: Option<&'static str>,
}

impl<'a> Facts<'a> {
    fn new(
        clause_pre: &'a [char],
        clause_post: &'a [char],
        unit: &'a str,
        sentence: &'a str,
        inherited: Option<Measure>,
    ) -> Self {
        let object_end = clause_post
            .iter()
            .position(|&c| c == '、')
            .unwrap_or(clause_post.len());
        let noun_after = first_noun(&clause_post[..object_end.min(8)]);
        Facts {
            clause_pre,
            clause_post,
            unit,
            sentence,
            inherited,
            object_noun: noun_after.filter(|&(p, _, _)| p <= 3),
            verb: nearest_verb(clause_pre),
            after_verb: last_verb(clause_post),
            counted: noun_after.filter(|&(p, _, _)| p <= 1).map(|(_, n, _)| n),
        }
    }

    /// The cue, and the noun counted after it when the cue does not hold it.
    fn indicator_of(&self, cue: &str) -> String {
        match self.counted {
            Some(noun) if !cue.contains(noun) => format!("{cue}{noun}"),
            _ => cue.to_string(),
        }
    }

    /// A result named by `cue` plus the counted noun.
    fn found(&self, measure: Measure, cue: &'static str, own_cue: bool) -> Classified {
        Classified {
            measure,
            indicator: self.indicator_of(cue),
            own_cue,
            cue,
            rules: Vec::new(),
        }
    }

    /// The last `n` chars of the clause before the figure.
    fn pre_tail(&self, n: usize) -> String {
        self.clause_pre[self.clause_pre.len().saturating_sub(n)..]
            .iter()
            .collect()
    }
}

/// A result named by exactly `indicator` (not the cue plus the counted noun).
fn named(measure: Measure, cue: &'static str, indicator: String, own_cue: bool) -> Classified {
    Classified {
        measure,
        indicator,
        own_cue,
        cue,
        rules: Vec::new(),
    }
}

type Rule = fn(&Facts) -> Option<Classified>;

/// The classifier's rules, most trusted first: the first that answers
/// decides. Each is a function below with its reason, and a test.
const RULES: &[(&str, Rule)] = &[
    ("money", money),
    ("people organised", people_organised),
    ("people sent", people_sent),
    ("unit", by_unit),
    ("object of the verb after", object_of_verb_after),
    ("places locked down", places_locked_down),
    ("inspected list item", inspected_list_item_rule),
    ("people named by their trade", people_by_trade),
    ("list item like the one before", list_item_like_before),
    ("noun nearer than the verb", noun_nearer_than_verb),
    ("what a generic verb set up", generic_verb_object),
    ("verb before a list with 等", verb_before_listed_items),
    ("verb before", verb_before),
    ("noun after", noun_after),
    ("noun before", noun_before),
    ("verb after", verb_after),
    ("sentence's first noun", sentence_noun),
    ("sentence's first verb", sentence_verb),
];

type Correction = fn(&Facts, &mut Classified) -> bool;

/// Corrections applied after the deciding rule, in order; each says
/// whether it changed the result.
const CORRECTIONS: &[(&str, Correction)] = &[
    ("discipline cases", discipline_cases),
    ("body temperature", body_temperature),
    ("no people unit", no_people_unit),
];

/// Money is reported for many reasons; only an explicit cue would say
/// which. Public funds allotted to the response, and what supplies were
/// worth, are spending on it (a person's gift stays apart).
fn money(f: &Facts) -> Option<Classified> {
    if f.unit != "元" {
        return None;
    }
    let near = &f.clause_pre[f.clause_pre.len().saturating_sub(10)..];
    Some(
        match FUNDING.iter().find(|w| find_last(near, w).is_some()) {
            Some(cue) => named(Supplies, cue, cue.to_string(), true),
            None => f.found(Other, "", false),
        },
    )
}

/// 组织核酸采样人员150名: people organised for a task are personnel, named
/// by the words between the verb and the figure (组织医务人员320名); what
/// follows is what they do (下沉社区), not who they are.
fn people_organised(f: &Facts) -> Option<Classified> {
    if !matches!(f.unit, "人" | "名" | "位") {
        return None;
    }
    let tail = f.pre_tail(3);
    if !(tail.ends_with("人员") || tail.ends_with('员') || tail.ends_with("干部")) {
        return None;
    }
    let (after, cue) = ORGANISING
        .iter()
        .filter_map(|s| find_last(f.clause_pre, s).map(|p| (p + s.chars().count(), *s)))
        .max_by_key(|&(end, _)| end)?;
    let pre = f.clause_pre;
    let who: String = pre[after.max(pre.len().saturating_sub(6))..]
        .iter()
        .collect();
    Some(named(Personnel, cue, who, true))
}

/// 派出流调、消毒602批次2921人次: people and teams sent out.
fn people_sent(f: &Facts) -> Option<Classified> {
    if !matches!(f.unit, "人" | "名" | "位" | "人次" | "批次" | "批" | "支")
        || f.object_noun.is_some_and(|(_, _, m)| m != Personnel)
    {
        return None;
    }
    let cue = SENDING
        .iter()
        .find(|s| find_last(f.clause_pre, s).is_some())?;
    Some(f.found(Personnel, cue, true))
}

/// Units only one measure counts in: doses, disinfected area, cases; and
/// days (连续21天无新增病例), named by what follows them.
fn by_unit(f: &Facts) -> Option<Classified> {
    let m = match f.unit {
        "剂次" | "剂" | "针" => Vaccination,
        "平方米" => Disinfection,
        "例" | "天" => Cases,
        _ => return None,
    };
    if f.unit == "天" {
        let what = f
            .clause_post
            .iter()
            .take_while(|c| !"，,。;；、(（".contains(**c))
            .take(8)
            .collect();
        return Some(named(m, "", what, true));
    }
    let cue = f.verb.map_or("", |v| v.1);
    let indicator = f.indicator_of(if cue.is_empty() { f.unit } else { cue });
    Some(named(m, cue, indicator, true))
}

/// 对95家…开展检查: the figure is the object of the verb after it.
fn object_of_verb_after(f: &Facts) -> Option<Classified> {
    let tail = f.pre_tail(6);
    let governed = tail.contains('对')
        || tail.ends_with("对全县")
        || tail.ends_with("对全区")
        || list_after_dui(f.clause_pre);
    let (_, cue, m) = f.after_verb.filter(|_| governed)?;
    Some(f.found(m, cue, true))
}

/// `邻近的5个暂未发现病例的村实行封闭管理`: places counted and then locked
/// down are the areas under control, whatever a case word in their
/// description says.
fn places_locked_down(f: &Facts) -> Option<Classified> {
    if !matches!(f.unit, "个" | "处" | "栋" | "幢") {
        return None;
    }
    let (at, cue) = LOCKDOWN
        .iter()
        .filter_map(|w| find_last(f.clause_post, w).map(|p| (p, *w)))
        .min_by_key(|&(p, _)| p)?;
    let named = &f.clause_post[..at];
    // The area noun names the figure's own item, not a later list item.
    let area = !named.iter().any(|&c| matches!(c, '、' | '和' | '及'))
        && LOCKED_AREAS.iter().any(|w| find_last(named, w).is_some());
    area.then(|| named_cue(Quarantine, cue, true))
}

/// A result named by its cue alone.
fn named_cue(measure: Measure, cue: &'static str, own_cue: bool) -> Classified {
    named(measure, cue, cue.to_string(), own_cue)
}

/// 检查乡镇、学校、疫苗接种点和办公大楼等各类场所100余处: the items of a
/// list closed by 等 name the things counted, so a cue inside one (接种点)
/// is no verb of the figure's; the verb right before the list says what
/// was done to them.
fn verb_before_listed_items(f: &Facts) -> Option<Classified> {
    // A known noun after the figure (`…等7个工作小组`) names it; the list
    // then may be of the noun's tasks, a verb in the first of them too.
    if f.object_noun.is_some() {
        return None;
    }
    let pre = f.clause_pre;
    let deng = pre.iter().rposition(|&c| c == '等')?;
    let first = pre[..deng].iter().position(|&c| c == '、')?;
    let (d, cue, m) = nearest_verb(&pre[..first])?;
    let (nearest, _, _) = f.verb?;
    // The first item is a few words; the clause's nearest verb lies inside the list.
    let inside = nearest < pre.len() - first;
    (d <= 8 && inside && nearest_verb(&pre[deng..]).is_none()).then(|| f.found(m, cue, true))
}

fn inspected_list_item_rule(f: &Facts) -> Option<Classified> {
    let cue = inspected_list_item(f.clause_pre, f.clause_post, f.unit)?;
    Some(named(Inspection, cue, cue.to_string(), true))
}

/// `53名投递员`, `12名快递员`: people counted and named right after by a
/// word for their work ending in 员 are people deployed, when no verb says
/// what was done to them (a generic one, 派出 or 组建, says nothing).
fn people_by_trade(f: &Facts) -> Option<Classified> {
    if !matches!(f.unit, "人" | "名" | "位") || f.object_noun.is_some() {
        return None;
    }
    if f.verb
        .is_some_and(|(_, cue, _)| !GENERIC_VERBS.contains(&cue))
    {
        return None;
    }
    let end = f.clause_post.iter().take(4).position(|&c| c == '员')?;
    let word = &f.clause_post[..=end];
    let plain = word[..end]
        .iter()
        .all(|c| c.is_alphabetic() && !c.is_ascii());
    (end >= 1 && plain).then(|| named(Personnel, "员", word.iter().collect(), true))
}

/// `企业37家` after `已排查居民8000户`: with no verb of its own and no noun
/// after it, an item of the same list, done the same thing to; a noun
/// before it (`、防护服5000套`) names the item. A clause with words of its
/// own before the noun (在村口设立劝导点2个) is not a bare list item: its
/// noun says what it counts. Two characters are a modifier (服务门店,
/// 医用口罩), not a clause.
fn list_item_like_before(f: &Facts) -> Option<Classified> {
    let inherited = f
        .inherited
        .filter(|_| f.verb.is_none() && f.counted.is_none())?;
    Some(match noun_ending_within(f.clause_pre, 0) {
        Some((p, ncue, nm)) if p > 2 => named(nm, ncue, ncue.to_string(), true),
        Some((_, ncue, _)) => named(inherited, ncue, ncue.to_string(), false),
        None => f.found(inherited, "", false),
    })
}

/// A noun right before the figure (`信息员444名`, `口罩3000个`) is closer
/// than any verb, unless it is the verb's own object: 排查重点人员136人 says
/// what was done to them, also past a two-character modifier (检查冷库企业,
/// 排查沿街商户) or a longer one of plain words, no other cue nor list break
/// (排查危险货物运输企业); a verb further off is another clause's.
fn noun_nearer_than_verb(f: &Facts) -> Option<Classified> {
    let (d, cue, _) = f.verb?;
    let (_, ncue, nm) = noun_ending_within(f.clause_pre, 0)?;
    let n = ncue.chars().count();
    let pre = f.clause_pre;
    let modifier = &pre[pre.len() - d..pre.len() - n.min(d)];
    let plain_modifier = d <= n + 8
        && nearest_verb(modifier).is_none()
        && first_noun(modifier).is_none()
        && !modifier
            .iter()
            .any(|&c| matches!(c, '、' | '和' | '及' | '与'));
    let generic = GENERIC_VERBS.contains(&cue);
    let object_of_verb = d >= n && (d <= n + 2 || plain_modifier) && !generic;
    (!object_of_verb && (d > 0 || generic)).then(|| named(nm, ncue, f.indicator_of(ncue), true))
}

/// A verb that only sets up or sends (派出9个督查组) takes its measure from
/// the noun it governs; a team with no purpose in its name (工作组, 专班)
/// from the clause's main verb after it.
fn generic_verb_object(f: &Facts) -> Option<Classified> {
    let (_, cue, _) = f.verb.filter(|&(_, cue, _)| GENERIC_VERBS.contains(&cue))?;
    let (_, ncue, nm) = f.object_noun?;
    let generic_team = matches!(ncue, "工作组" | "小组" | "工作队" | "队伍" | "专班");
    let measure = if generic_team {
        f.after_verb
            .map(|(_, _, am)| am)
            .filter(|am| *am != Personnel)
            .unwrap_or(nm)
    } else {
        nm
    };
    Some(f.found(measure, cue, true))
}

/// The verb nearest before the figure says what was done (排查8000户). Cases
/// treated (救治确诊患者4人) are medical work; people and vehicles checked at
/// a checkpoint (收费站, 卡口…) are checkpoint work.
fn verb_before(f: &Facts) -> Option<Classified> {
    let (_, cue, mut measure) = f.verb?;
    if measure == Cases
        && ["治疗", "救治", "医治", "收治", "治愈"]
            .iter()
            .any(|w| find_last(f.clause_pre, w).is_some())
    {
        measure = Medical;
    }
    let people_or_vehicles = matches!(f.unit, "人" | "人次" | "辆" | "台" | "台次" | "车次" | "名");
    if people_or_vehicles
        && matches!(measure, Inspection | Screening | Checkpoint)
        && at_checkpoint(f.sentence)
    {
        measure = Checkpoint;
    }
    Some(f.found(measure, cue, true))
}

/// With no verb: the noun the figure counts, right after it (口罩3000个).
fn noun_after(f: &Facts) -> Option<Classified> {
    let (_, ncue, nm) = f.object_noun?;
    Some(named(nm, ncue, ncue.to_string(), true))
}

/// `网格员210名`: the noun right before the number.
fn noun_before(f: &Facts) -> Option<Classified> {
    let (_, ncue, nm) = noun_ending_within(f.clause_pre, 1)?;
    Some(named(nm, ncue, ncue.to_string(), true))
}

/// The verb after the figure in its own clause: 42家…业务均已恢复.
fn verb_after(f: &Facts) -> Option<Classified> {
    let (_, cue, m) = first_verb(f.clause_post)?;
    Some(f.found(m, cue, true))
}

/// The sentence's first noun cue: a guess, so not the figure's own cue.
fn sentence_noun(f: &Facts) -> Option<Classified> {
    let chars: Vec<char> = f.sentence.chars().collect();
    let (_, ncue, nm) = first_noun(&chars)?;
    Some(named(nm, ncue, ncue.to_string(), false))
}

/// The first verb cue of the clauses after a figure's (`after`, from its
/// clause's end): for a figure whose own clause has no cue (`依托12个派驻
/// 纪检监察组，采取明查暗访…`) that verb is a nearer guess than the
/// sentence's first cue, which may be a case report opening it.
pub fn verb_after_clause(after: &[char]) -> Option<Measure> {
    first_verb(after).map(|(_, _, m)| m)
}

/// Was `c` only a guess from the sentence's first cue (or no guess)?
pub fn guessed_from_sentence(c: &Classified) -> bool {
    matches!(
        c.rules.first(),
        Some(&("sentence's first noun" | "sentence's first verb" | "nothing better"))
    )
}

/// The sentence's first verb cue: a guess too.
fn sentence_verb(f: &Facts) -> Option<Classified> {
    let chars: Vec<char> = f.sentence.chars().collect();
    let (_, cue, m) = first_verb(&chars)?;
    Some(f.found(m, cue, false))
}

/// `3起…违纪问题`: incidents of misconduct are accountability, not inspection.
fn discipline_cases(f: &Facts, c: &mut Classified) -> bool {
    let fires = matches!(c.measure, Inspection | Other)
        && matches!(f.unit, "起" | "件" | "个")
        && DISCIPLINE_NOUNS
            .iter()
            .any(|n| super::contains_word(f.clause_post, n));
    if fires {
        c.measure = Accountability;
    }
    fires
}

/// 检测体温: taking temperatures is not a nucleic-acid test; at a
/// checkpoint it is the checking of passers-by, elsewhere screening.
fn body_temperature(f: &Facts, c: &mut Classified) -> bool {
    let fires = c.measure == Testing
        && (find_last(f.clause_pre, "体温").is_some() || find_last(f.clause_pre, "测温").is_some());
    if fires {
        c.measure = if at_checkpoint(f.sentence) {
            Checkpoint
        } else {
            Screening
        };
    }
    fires
}

/// `认领619件` is not personnel: people and teams have their own units.
fn no_people_unit(f: &Facts, c: &mut Classified) -> bool {
    let fires = c.measure == Personnel && !PEOPLE_UNITS.contains(&f.unit);
    if fires {
        c.measure = Other;
        c.own_cue = false;
    }
    fires
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Best` picks what `min_by_key` and `max_by_key` pick, ties too.
    #[test]
    fn best_picks_as_min_and_max_by_key() {
        let mut x = 7u32;
        for n in 0..200 {
            let items: Vec<(u32, usize)> = (0..n % 13)
                .map(|k| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (x % 4, k)
                })
                .collect();
            let (mut least, mut greatest) = (Best::least(), Best::greatest());
            for &(key, k) in &items {
                least.offer(key, k);
                greatest.offer(key, k);
            }
            let min = items.iter().min_by_key(|(key, _)| *key).map(|&(_, k)| k);
            let max = items.iter().max_by_key(|(key, _)| *key).map(|&(_, k)| k);
            assert_eq!((least.get(), greatest.get()), (min, max), "{items:?}");
        }
    }

    /// A sentence's cues, cut from its paragraph's, judge as a search of
    /// the sentence alone judges: every window of a paragraph of every
    /// topic cue run together.
    #[test]
    fn a_sentence_s_cues_are_a_search_of_it_alone() {
        let mut text = String::new();
        for (k, (w, _)) in TOPIC_CUES.entries().iter().enumerate() {
            text.push_str(w);
            text.push(if k % 4 == 0 { '。' } else { '，' });
        }
        let chars: Vec<char> = text.chars().collect();
        let para = ParaCues::new(&chars);
        for s in 0..chars.len() {
            for e in (s..=chars.len()).step_by(7) {
                let alone = ParaCues::new(&chars[s..e]);
                let (cut, whole) = (para.sentence(s, e), alone.sentence(0, e - s));
                assert_eq!(cut.only_weak_epidemic(), whole.only_weak_epidemic());
                for end in 0..=e - s {
                    assert_eq!(
                        cut.topic_before(end),
                        whole.topic_before(end),
                        "{s}..{e} {end}"
                    );
                }
            }
        }
    }

    fn m(sentence: &str, figure: &str, unit: &str) -> Measure {
        why(sentence, figure, unit, None).1
    }

    /// The rules that decided the figure `figure` of `sentence`, as
    /// [`classify`] names them, and its measure.
    fn why(
        sentence: &str,
        figure: &str,
        unit: &str,
        inherited: Option<Measure>,
    ) -> (Vec<&'static str>, Measure) {
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
        let c = classify(
            &s[clause_start..at],
            &s[end..clause_end],
            unit,
            sentence,
            inherited,
        );
        (c.rules, c.measure)
    }

    fn decided(sentence: &str, figure: &str, unit: &str) -> (&'static str, Measure) {
        let (rules, m) = why(sentence, figure, unit, None);
        (rules[0], m)
    }

    /// (rule, sentence, figure, unit, measure): the rule decides the
    /// figure of the sentence, with that measure.
    #[rustfmt::skip]
    const FIRES: &[(&str, &str, &str, &str, Measure)] = &[
        ("money", "县财政下拨防控专项资金500万元。", "500万元", "元", Supplies),
        ("money", "全年实现销售收入500万元。", "500万元", "元", Other),
        ("people organised", "镇里组织核酸采样人员86名下沉到村。", "86名", "名", Personnel),
        ("people sent", "市卫健委增派流调队员45人支援该县。", "45人", "人", Personnel),
        ("unit", "当天接种新冠疫苗2600剂次。", "2600剂次", "剂次", Vaccination),
        ("unit", "该县已连续40天无新增病例。", "40天", "天", Cases),
        ("unit", "消杀公共区域3万平方米。", "3万平方米", "平方米", Disinfection),
        ("object of the verb after", "工作组对城区41家药店开展了专项督查。", "41家", "家", Inspection),
        ("inspected list item", "检查组暗访农贸市场6个、宾馆14家。", "14家", "家", Inspection),
        // A case word in the places' description does not name the work.
        ("places locked down", "邻近的8个尚无病例的村实行封闭管理。", "8个", "个", Quarantine),
        // A cue inside an item of the list (接种点) names a place.
        ("verb before a list with 等", "已检查学校、疫苗接种点和宾馆等场所90处。", "90处", "处", Inspection),
        ("people named by their trade", "物资到站后由46名快递员分送到户。", "46名", "名", Personnel),
        ("noun nearer than the verb", "参加核酸检测的医生和志愿者320名。", "320名", "名", Personnel),
        // The verb's own object right after it: what was done to them.
        ("verb before", "排查重点人员136人。", "136人", "人", Screening),
        ("what a generic verb set up", "县里派出8个督导组分赴各乡镇。", "8个", "个", Inspection),
        // A team with no purpose in its name takes the clause's main verb.
        ("what a generic verb set up", "组建5个工作组开展排查。", "5个", "个", Screening),
        ("verb before", "全乡累计排查外来车辆300台次。", "300台次", "台次", Screening),
        ("verb before", "该县集中救治确诊病例7人。", "7人", "人", Medical),
        ("verb before", "高速收费站共检查过往人员6800人。", "6800人", "人", Checkpoint),
        // A verb that says what was done to people of a trade wins.
        ("verb before", "全面排查46名快递员。", "46名", "名", Screening),
        ("noun after", "全县共有2400个口罩已到位。", "2400个", "个", Supplies),
        ("noun before", "全镇共有网格员210名。", "210名", "名", Personnel),
        ("verb after", "全县38家商超已全部复业。", "38家", "家", Economy),
        ("sentence's first noun", "口罩到货后，另有一批共120箱。", "120箱", "箱", Supplies),
        ("sentence's first verb", "全面消杀，其余120箱。", "120箱", "箱", Disinfection),
        ("nothing better", "其余120箱。", "120箱", "箱", Other),
    ];

    /// (rule, sentence, figure, unit): words that look like the rule's but
    /// must not let it decide.
    #[rustfmt::skip]
    const HOLDS_BACK: &[(&str, &str, &str, &str)] = &[
        // Goods counted are not people organised or sent.
        ("people organised", "组织采购口罩800只。", "800只", "只"),
        ("people sent", "增派车辆12台。", "12台", "台"),
        // Without 对 the verb after belongs to another thought.
        ("object of the verb after", "城区41家药店开展了专项督查。", "41家", "家"),
        // A problem found is no place on the list.
        ("inspected list item", "检查发现问题6个、整改14个。", "14个", "个"),
        ("people named by their trade", "由46箱物资分送到户。", "46箱", "箱"),
    ];

    #[test]
    fn each_rule_decides_its_own_sentences() {
        for &(rule, sentence, figure, unit, measure) in FIRES {
            assert_eq!(
                decided(sentence, figure, unit),
                (rule, measure),
                "{sentence}"
            );
        }
        for &(rule, sentence, figure, unit) in HOLDS_BACK {
            assert_ne!(decided(sentence, figure, unit).0, rule, "{sentence}");
        }
    }

    /// Every rule has a sentence it decides; a new rule needs one.
    #[test]
    fn every_rule_has_a_sentence() {
        let tested: Vec<&str> = FIRES.iter().map(|c| c.0).collect();
        for (name, _) in RULES {
            let by_inheritance = *name == "list item like the one before";
            assert!(
                tested.contains(name) || by_inheritance,
                "no sentence for {name}"
            );
        }
        let c = classify(
            &[],
            &"配送员分组送货".chars().collect::<Vec<_>>(),
            "名",
            "",
            None,
        );
        assert_eq!(c.indicator, "配送员");
    }

    #[test]
    fn rule_list_item_like_the_one_before() {
        let (rules, m) = why(
            "已走访居民5600户，商铺230家。",
            "230家",
            "家",
            Some(Screening),
        );
        assert_eq!((rules[0], m), ("list item like the one before", Screening));
        // A clause of its own before the noun says what it counts.
        let (rules, m) = why("在各村路口新设劝导点9个。", "9个", "个", Some(Screening));
        assert_eq!((rules[0], m), ("list item like the one before", Checkpoint));
        let (rules, _) = why("已走访居民5600户。", "5600户", "户", None);
        assert_ne!(rules[0], "list item like the one before");
    }

    #[test]
    fn corrections_after_the_rule() {
        let (rules, m) = why("督查中发现3起违纪违规问题。", "3起", "起", None);
        assert_eq!(
            (rules.last().copied(), m),
            (Some("discipline cases"), Accountability)
        );
        let (rules, m) = why("在卡口检测体温2300人。", "2300人", "人", None);
        assert_eq!(
            (rules.last().copied(), m),
            (Some("body temperature"), Checkpoint)
        );
        let (rules, m) = why("为居民检测体温2300人。", "2300人", "人", None);
        assert_eq!(
            (rules.last().copied(), m),
            (Some("body temperature"), Screening)
        );
        let (rules, m) = why("志愿者认领心愿619件。", "619件", "件", None);
        assert_eq!((rules.last().copied(), m), (Some("no people unit"), Other));
    }

    /// Stations and service posts by their form, not one town's names.
    #[test]
    fn checkpoints_named_by_their_form() {
        assert!(at_checkpoint("在汽车南站登记进站旅客"));
        assert!(at_checkpoint("在汽车北站和客运站设点"));
        assert!(at_checkpoint("高铁站出站口"));
        assert!(!at_checkpoint("镇汽车维修站"));
        assert!(!at_checkpoint("加油站"));
        assert!(at_checkpoint("在高速路口服务站值守"));
        assert!(at_checkpoint("设立防疫检查服务站"));
        assert!(!at_checkpoint("社区志愿服务站开展宣传"));
        assert!(!at_checkpoint("便民服务站为居民代购"));
        assert!(!at_checkpoint("防疫志愿服务站"));
        assert_eq!(
            decided("在汽车西站检查进站旅客3200人。", "3200人", "人"),
            ("verb before", Checkpoint)
        );
        assert_eq!(
            decided("在社区志愿服务站检查居民健康码3200人。", "3200人", "人"),
            ("verb before", Inspection)
        );
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
        assert_eq!(m("给予警告处分4人。", "4人", "人"), Accountability);
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
