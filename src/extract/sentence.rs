//! Puts the pieces together: for each article of a page, each epidemic
//! sentence, each figure → a record with place, date, measure and evidence.

use super::Hints;
use super::cues::NOW;
use super::dates::{self, ArticleDate, DateKind, DateMention};
use super::explain::{Explanation, Step};
use super::measures::{self, CueCounts, ParaCues, Topic};
use super::numbers::{self, Figure};
use super::page::{self, Page, ParaKind};
use super::places::{self, PageContext, Place, PlaceWord};
use super::series;
use crate::gazetteer::{Gazetteer, Mention};
use crate::records::{DateBasis, Level, Measure, Record, RecordDate, Status};
use std::collections::HashSet;

/// Characters that end a sentence. A ； joins parts of one sentence: the
/// part after it keeps the place, the day and the whole of the part before
/// (`比对出某类人员273人，其中…；在某地停留25人` are parts of the 273;
/// `甲区…12个村实行集中隔离；邻近的5个村…` are 甲区's).
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '！' | '？')
}

/// Characters that end a clause within a sentence.
fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, ',' | '，' | ':' | '：' | ';' | '；')
}

pub fn extract(
    source: &str,
    text: &str,
    hints: &Hints,
    markup: Option<(RecordDate, dates::Clue)>,
) -> Vec<Record> {
    let g = Gazetteer::bundled();
    // Pages in traditional characters (Big5 files, some web pages) are read
    // through their simplified form, so cue words and the gazetteer's names
    // (衡東縣 → 衡东县) match. The conversion is one character for one, so
    // offsets, spans and the evidence (cut from the original) stay aligned.
    let simplified = looks_traditional(text).then(|| fast2s::convert(text));
    let page = page::parse(simplified.as_deref().unwrap_or(text));
    // Cancel is also heard during the page-wide passes below, which for a
    // long page take most of its time before the first figure is read.
    if hints.is_cancelled() {
        return Vec::new();
    }
    // Evidence is cut from the original text by char offsets: index it once.
    let original = super::chars_of(text);
    let mut mentions: Vec<Vec<Mention>> = Vec::with_capacity(page.paras.len());
    for p in &page.paras {
        if mentions.len().is_multiple_of(64) && hints.is_cancelled() {
            return Vec::new();
        }
        mentions.push(g.find(&p.chars));
    }
    let texts: Vec<(&[char], &[Mention])> = page
        .paras
        .iter()
        .zip(&mentions)
        .map(|(p, m)| (p.chars.as_slice(), m.as_slice()))
        .collect();
    let mut ctx = PageContext::from_mentions(g, &texts);
    let addresses: Vec<String> = hints
        .address
        .iter()
        .chain(
            page.meta
                .iter()
                .filter(|l| l.contains("http") || l.contains("www.")),
        )
        .cloned()
        .collect();
    let page_place = places::page_place(g, &ctx, hints.place.as_deref(), source, &addresses);
    if let Some(p) = page_place {
        ctx.support(g, p);
    }
    if hints.is_cancelled() {
        return Vec::new();
    }
    let cues_of_paras: Vec<ParaCues> = page.paras.iter().map(|p| ParaCues::new(&p.chars)).collect();
    let para_cues: Vec<CueCounts> = cues_of_paras.iter().map(ParaCues::counts).collect();
    let page_date = dates::page_date(&page, hints.date, source, markup);
    let mut records = Vec::new();
    let mut previous_subject = None;
    for article in &page.articles {
        let whole = PageParts {
            g,
            ctx: &ctx,
            page: &page,
            mentions: &mentions,
            para_cues: &para_cues,
            page_place,
            page_date,
        };
        let art = ArticleCtx::new(&whole, &article.paras, previous_subject);
        previous_subject = art.subject.or(previous_subject);
        let mut seen: HashSet<(u64, Measure, String, String, bool)> = HashSet::new();
        let mut recent: Vec<usize> = art.subject.into_iter().collect();
        // Body first, then headlines: a headline usually retells a figure of
        // its body, but a line taken for a headline may be a broken-off
        // piece of body text with a figure of its own.
        let body = article
            .paras
            .iter()
            .filter(|&&p| page.paras[p].kind == ParaKind::Body);
        let heads = article
            .paras
            .iter()
            .filter(|&&p| page.paras[p].kind == ParaKind::Headline);
        let mut values_seen: HashSet<(u64, String)> = HashSet::new();
        for &pi in body.chain(heads) {
            if hints.is_cancelled() {
                return records;
            }
            let para = &page.paras[pi];
            let is_headline = para.kind == ParaKind::Headline;
            let para_topic = para_cues[pi].topic();
            let mut carried_date: Option<ArticleDate> = None;
            let mut running_topic: Option<Topic> = None;
            for (s, e) in sentences(&para.chars) {
                let sent = &para.chars[s..e];
                let sent_text = super::string_of(sent);
                let cues = cues_of_paras[pi].sentence(s, e);
                // A sentence's topic, else the last topic its paragraph
                // settled, else the paragraph's, else the article's. Other
                // topics' words elsewhere in the paragraph (`…停运19趟列车`)
                // do not take a sentence of epidemic work that has none.
                let fallback = running_topic.unwrap_or(match para_topic {
                    Topic::Neutral => art.topic,
                    Topic::Other if art.topic == Topic::Epidemic && cues.only_weak_epidemic() => {
                        Topic::Epidemic
                    }
                    t => t,
                });
                let sentence_topic = cues.topic_before(sent.len());
                if sentence_topic != Topic::Neutral {
                    running_topic = Some(sentence_topic);
                }
                let figures = numbers::find_figures(sent);
                // Named places of an epidemic sentence become the paragraph's focus;
                // a drowning story's county must not become a vaccination figure's.
                let sentence_epidemic = sentence_topic == Topic::Epidemic
                    || (sentence_topic == Topic::Neutral && fallback == Topic::Epidemic);
                // Place words serve the figures and the focus only.
                let words = if figures.is_empty() && !sentence_epidemic {
                    Vec::new()
                } else {
                    places::place_words_with(
                        g,
                        &ctx,
                        sent,
                        &mentions_in(&mentions[pi], s, e),
                        &art.near(),
                    )
                };
                let now = NOW.iter().any(|w| sent_text.contains(w));
                let mut inherited = None;
                let mut sentence_records = Vec::new();
                let mut earlier: Vec<series::Earlier> = Vec::new();
                let mut previous_series = None;
                for f in &figures {
                    let (cs, ce) = clause_bounds(sent, f);
                    // OCR runs columns together: judge the words up to the
                    // figure's clause, not a drowning story glued after it.
                    let own_topic = cues.topic_before(ce);
                    let topic = if own_topic == Topic::Neutral {
                        fallback
                    } else {
                        own_topic
                    };
                    if topic != Topic::Epidemic {
                        continue;
                    }
                    // Villages counted are background unless they are what
                    // was locked down or inspected.
                    let worked_on = measures::is_background(&f.unit, &sent[f.end..ce]).then(|| {
                        measures::places_worked_on(
                            &sent[cs..f.start],
                            &sent[f.end..ce],
                            &sent[f.end..],
                        )
                    });
                    if matches!(worked_on, Some(None)) || rule_or_question(&sent[cs..f.start]) {
                        continue;
                    }
                    let mut c = measures::classify(
                        &sent[cs..f.start],
                        &sent[f.end..ce],
                        &f.unit,
                        &sent_text,
                        inherited,
                    );
                    if let Some(Some(m)) = worked_on {
                        c.measure = m;
                        c.own_cue = true;
                        c.rules.push("places worked on");
                    } else if measures::guessed_from_sentence(&c) {
                        // A guess from the sentence's first cue: a verb in the
                        // clauses after the figure is nearer (`依托12个派驻
                        // 纪检监察组，采取明查暗访…`).
                        if let Some(m) = measures::verb_after_clause(&sent[ce..]) {
                            c.measure = m;
                            c.rules.push("verb in the next clause");
                        }
                    }
                    // Figures before this one in its clause: their nouns are theirs.
                    let item_start = figures
                        .iter()
                        .map(|g| g.end)
                        .filter(|&e| e > cs && e <= f.start)
                        .max()
                        .unwrap_or(cs);
                    let chosen = series::choose(&series::Context {
                        measure: c.measure,
                        unit: &f.unit,
                        clause_pre: &sent[cs..f.start],
                        item_pre: &sent[item_start..f.start],
                        post: &sent[f.end..ce],
                        after_clause: &sent[ce..],
                        sentence_pre: &sent[..f.start],
                        own_cue: c.own_cue,
                        previous: previous_series,
                    });
                    // Where only the context says "epidemic", the figure must
                    // say what it counts (a list item after a kept figure may
                    // borrow that figure's standing); a series rule that moved
                    // the figure to another measure read its words.
                    let moved = chosen.measure != c.measure;
                    if own_topic == Topic::Neutral
                        && ((!c.own_cue && !moved) || chosen.measure == Measure::Other)
                        && sentence_records.is_empty()
                    {
                        continue;
                    }
                    previous_series = Some(chosen.series);
                    inherited = Some(chosen.measure);
                    let place = art.place_for(g, sent, &words, f.start, &recent);
                    let carried = if now { None } else { carried_date };
                    let (date, date_rule, date_words) =
                        sentence_date_why(sent, f, &art.date, carried);
                    let Some((place, place_rule)) = place else {
                        continue;
                    };
                    let (locality, path, level) = describe(g, &place);
                    let code = Some(g.get(place.division).code.to_string());
                    let (es, ee) = evidence_bounds(sent, f, cs, ce);
                    let span = [para.map[s + es], para.map[s + ee - 1] + 1];
                    let evidence: String = original[span[0]..span[1]].iter().collect();
                    let part_of = series::part_of(sent, cs, f.start, &f.unit, c.own_cue, &earlier);
                    earlier.push(series::Earlier {
                        end: f.end,
                        unit: &f.unit,
                        part_of,
                    });
                    let mut rec = Record {
                        locality,
                        locality_path: path,
                        level: Some(level),
                        date: date.date,
                        date_basis: Some(date.basis),
                        measure: chosen.measure,
                        indicator: (!c.indicator.is_empty()).then_some(c.indicator),
                        value: if none_said(sent, f) { 0.0 } else { f.value },
                        unit: f.unit.clone(),
                        approx: f.approx,
                        source: source.to_string(),
                        span: Some(span),
                        evidence: Some(evidence.split_whitespace().collect::<Vec<_>>().join(" ")),
                        date_clue: Some(date.clue.to_string()),
                        series: Some(chosen.series.code.to_string()),
                        tally: series::tally(&sent[..f.start]),
                        part_of,
                        code,
                        status: Status::Extracted,
                        extra: Default::default(),
                    };
                    if hints.explain {
                        let place_name = match &place.village {
                            Some(v) => v.as_str(),
                            None => g.get(place.division).name.as_str(),
                        };
                        Explanation {
                            place: Step::new(&[place_rule], Some(place_name)),
                            date: Step::new(
                                &[date_rule, &date.clue.to_string()],
                                date_words.as_deref(),
                            ),
                            measure: Step::new(&c.rules, Some(c.cue)),
                            series: Step::new(
                                &chosen
                                    .moved_by
                                    .iter()
                                    .copied()
                                    .chain([chosen.by])
                                    .collect::<Vec<_>>(),
                                chosen.cue,
                            ),
                        }
                        .attach(&mut rec);
                    }
                    sentence_records.push(rec);
                }
                // The same figure retold in another sentence of the article is
                // one record; a retelling keeps its unit and its 约 or 余, so
                // `约400只` beside an exact `400只` is another figure.
                let mut keys_here = Vec::new();
                for r in sentence_records {
                    let key = (
                        (r.value * 100.0).round() as u64,
                        r.measure,
                        r.locality.clone(),
                        r.unit.clone(),
                        r.approx,
                    );
                    let value_key = ((r.value * 100.0).round() as u64, r.locality.clone());
                    if seen.contains(&key) || (is_headline && values_seen.contains(&value_key)) {
                        continue;
                    }
                    keys_here.push(key);
                    values_seen.insert(value_key);
                    records.push(r);
                }
                seen.extend(keys_here);
                // A day this sentence states dates the paragraph's next sentences.
                let end_of_sentence = Figure {
                    start: sent.len(),
                    end: sent.len(),
                    num_start: sent.len(),
                    num_end: sent.len(),
                    value: 0.0,
                    unit: String::new(),
                    approx: false,
                };
                let here = sentence_date(sent, &end_of_sentence, &art.date, None);
                if here.date != art.date.date {
                    carried_date = Some(here);
                }
                // 目前, 截至目前: back to the day of the report.
                if now && here.date == art.date.date {
                    carried_date = None;
                }
                // Named places are remembered for a later 该镇 or 全镇; without
                // such a word the next sentence is the subject's again.
                for (_, w) in words.iter().filter(|_| sentence_epidemic) {
                    if let PlaceWord::Named(p) | PlaceWord::Area(p) = w
                        && art.in_scope(g, p.division)
                    {
                        remember(&mut recent, p.division);
                    }
                }
            }
        }
    }
    records
}

/// The mentions that lie inside `[s, e)`, with offsets relative to `s`.
/// How many distinct places an article's references look back over.
const RECENT_PLACES: usize = 64;

/// Adds a place named in the article to the places a reference (该镇, 全县)
/// may mean, most recent last. Each place is kept once, at its latest
/// mention: the nearest fitting one is found the same way, but a long
/// article naming the same towns again and again no longer makes every
/// reference scan all its mentions (a quadratic cost on big pages).
fn remember(recent: &mut Vec<usize>, division: usize) {
    recent.retain(|&d| d != division);
    recent.push(division);
    if recent.len() > RECENT_PLACES {
        recent.remove(0);
    }
}

fn mentions_in(all: &[Mention], s: usize, e: usize) -> Vec<Mention> {
    all.iter()
        .filter(|m| m.start >= s && m.end <= e)
        .map(|m| Mention {
            start: m.start - s,
            end: m.end - s,
            ..m.clone()
        })
        .collect()
}

/// (start, end) of each sentence in a paragraph's chars.
fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, &c) in chars.iter().enumerate() {
        if ends_sentence(c) {
            if i + 1 > s {
                out.push((s, i + 1));
            }
            s = i + 1;
        }
    }
    if s < chars.len() {
        out.push((s, chars.len()));
    }
    out
}

fn clause_bounds(sent: &[char], f: &Figure) -> (usize, usize) {
    let cs = sent[..f.start]
        .iter()
        .rposition(|&c| ends_clause(c))
        .map_or(0, |p| p + 1);
    let ce = sent[f.end..]
        .iter()
        .position(|&c| ends_clause(c))
        .map_or(sent.len(), |p| f.end + p);
    (cs, ce)
}

/// The clause around the figure, cut to a readable window when long.
fn evidence_bounds(sent: &[char], f: &Figure, cs: usize, ce: usize) -> (usize, usize) {
    let mut s = cs;
    let mut e = ce;
    while s < f.start && matches!(sent[s], ' ' | '“' | '"') {
        s += 1;
    }
    // A dateline and its byline (`本报讯(通讯员 …)`) are not evidence.
    let head: String = sent[s..f.start].iter().collect();
    if (head.contains('讯') || head.contains("记者") || head.contains("通讯员"))
        && let Some(p) = sent[s..f.start]
            .iter()
            .rposition(|&c| c == ')' || c == '）')
    {
        s += p + 1;
    }
    if f.start - s > 24 {
        s = f.start - 24;
    }
    if e - f.end > 16 {
        e = f.end + 16;
    }
    (s, e.max(f.end))
}

/// What an article is about: its subject place, its topic, its date.
struct ArticleCtx {
    subject: Option<usize>,
    /// How the subject was found, for explanations.
    subject_by: &'static str,
    topic: Topic,
    date: ArticleDate,
}

/// What an article's context is read from: the page as a whole.
struct PageParts<'a> {
    g: &'a Gazetteer,
    ctx: &'a PageContext,
    page: &'a Page,
    mentions: &'a [Vec<Mention>],
    para_cues: &'a [CueCounts],
    page_place: Option<usize>,
    page_date: ArticleDate,
}

impl ArticleCtx {
    fn new(whole: &PageParts<'_>, paras: &[usize], previous: Option<usize>) -> ArticleCtx {
        let PageParts {
            g,
            ctx,
            page,
            mentions,
            para_cues,
            page_place,
            page_date,
        } = *whole;
        let headline: Vec<usize> = paras
            .iter()
            .copied()
            .filter(|&p| page.paras[p].kind == ParaKind::Headline)
            .collect();
        let body: Vec<usize> = paras
            .iter()
            .copied()
            .filter(|&p| page.paras[p].kind == ParaKind::Body)
            .collect();
        let mut subject = None;
        let mut subject_by = "no place";
        // The headline's most specific place; else the first body sentence's.
        // A dateline alone on its line (`红网时刻 通讯员 刘吉 益阳报道`) names
        // where the reporter filed from, not what the story is about.
        let first_body: Vec<usize> = body
            .iter()
            .copied()
            .filter(|&p| {
                let c = &page.paras[p].chars;
                !(c.len() <= 40
                    && !c.contains(&'。')
                    && c.iter().collect::<String>().contains("报道"))
            })
            .take(1)
            .collect();
        for (group, by) in [
            (headline.as_slice(), "headline's place"),
            (first_body.as_slice(), "first sentence's place"),
        ] {
            let mut best: Option<usize> = None;
            for &p in group {
                let chars = &page.paras[p].chars;
                let first_sentence_end = chars
                    .iter()
                    .position(|&c| ends_sentence(c))
                    .map_or(chars.len(), |e| e + 1);
                let found = mentions_in(&mentions[p], 0, first_sentence_end);
                for (pos, w) in
                    places::place_words_with(g, ctx, &chars[..first_sentence_end], &found, &[])
                {
                    let after: String = chars[pos..first_sentence_end].iter().take(8).collect();
                    if after.contains("日报") || after.contains("晚报") || after.contains("报道")
                    {
                        continue;
                    }
                    if let PlaceWord::Named(pl) = w {
                        let d = pl.division;
                        let deeper = best
                            .is_none_or(|b| g.get(d).level > g.get(b).level && g.is_within(d, b));
                        let unrelated_first = best.is_none();
                        if deeper || unrelated_first {
                            best = Some(d);
                        }
                    }
                }
            }
            if best.is_some() {
                subject = best;
                subject_by = by;
                break;
            }
        }
        // Else the county most of the article's places lie in (a web story
        // that names only towns: 衡龙桥镇, 龙光桥街道 → 赫山区).
        let counted = || {
            let mut counts: std::collections::HashMap<usize, usize> = Default::default();
            for &p in &body {
                for (_, w) in
                    places::place_words_with(g, ctx, &page.paras[p].chars, &mentions[p], &[])
                {
                    if let PlaceWord::Named(pl) | PlaceWord::Area(pl) = w {
                        let c = g
                            .county_of(pl.division)
                            .or_else(|| g.ancestor_at(pl.division, Level::Prefecture));
                        if let Some(c) = c {
                            *counts.entry(c).or_default() += 1;
                        }
                    }
                }
            }
            counts
                .into_iter()
                .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
                .map(|(c, _)| c)
        };
        // The page's own place (dates file, file name, web address) comes
        // before that count, unless it only holds the counted county (a
        // portal's city channel: yiyang.rednet.cn, towns of 赫山区); and it
        // refines a subject that holds it.
        let (subject, subject_by) = match (subject, page_place) {
            (Some(s), Some(p)) if g.is_within(p, s) => (Some(p), "page's own place"),
            (Some(s), _) => (Some(s), subject_by),
            (None, Some(p)) => match counted() {
                Some(c) if c != p && g.is_within(c, p) => (Some(c), "most mentioned county"),
                _ => (Some(p), "page's own place"),
            },
            (None, None) => (counted(), "most mentioned county"),
        };
        let (subject, subject_by) = match subject {
            Some(s) => (Some(s), subject_by),
            None => (previous, "previous article's place"),
        };
        let (e, o) = paras
            .iter()
            .fold(CueCounts::default(), |acc, &p| acc + para_cues[p])
            .lenient();
        let topic = if e > 0 && (o == 0 || e >= 2 && e > o) {
            Topic::Epidemic
        } else if o > 0 {
            Topic::Other
        } else {
            Topic::Neutral
        };
        let date = dates::article_date(page, paras, page_date);
        ArticleCtx {
            subject,
            subject_by,
            topic,
            date,
        }
    }

    fn near(&self) -> Vec<usize> {
        self.subject.into_iter().collect()
    }

    /// Is a named place one this article can be about? Places in another
    /// province, and the subject's own ancestors, are not.
    fn in_scope(&self, g: &Gazetteer, d: usize) -> bool {
        let Some(s) = self.subject else { return true };
        if g.is_within(s, d) && s != d {
            return false; // 衡阳 in an article about 衡东县 says nothing more specific
        }
        g.ancestor_at(s, Level::Province) == g.ancestor_at(d, Level::Province)
    }

    fn in_province(&self, g: &Gazetteer, d: usize) -> bool {
        self.subject
            .is_none_or(|s| g.ancestor_at(s, Level::Province) == g.ancestor_at(d, Level::Province))
    }

    fn place_for(
        &self,
        g: &Gazetteer,
        sent: &[char],
        words: &[(usize, PlaceWord)],
        at: usize,
        recent: &[usize],
    ) -> Option<(Place, &'static str)> {
        // The last place word before the figure in its sentence, unless an
        // aside in brackets closed between them (`…1783人（含长垣424人），
        // 已解除…`): a place named there is the aside's only.
        for (k, (pos, w)) in words.iter().enumerate().rev() {
            if *pos > at || in_closed_aside(sent, *pos, at) || only_passed_through(sent, *pos) {
                continue;
            }
            match w {
                PlaceWord::Named(p) if self.in_scope(g, p.division) => {
                    return Some((p.clone(), "named before the figure"));
                }
                // 整个衡阳地区: the wider place, said outright.
                PlaceWord::Area(p) if self.in_province(g, p.division) => {
                    return Some((p.clone(), "area named before the figure"));
                }
                PlaceWord::Back(kind, village) => {
                    let named: Vec<usize> = recent
                        .iter()
                        .copied()
                        .chain(words[..k].iter().filter_map(|(_, w)| match w {
                            PlaceWord::Named(p) | PlaceWord::Area(p) => Some(p.division),
                            _ => None,
                        }))
                        .collect();
                    if let Some(d) = places::resolve_back(g, *kind, &named, self.subject) {
                        let place = Place {
                            division: d,
                            village: village.clone(),
                        };
                        return Some((place, "back to the place named last (该县)"));
                    }
                }
                PlaceWord::Reference(kind, village) => {
                    if let Some(d) = places::resolve_reference(g, *kind, recent, self.subject) {
                        let place = Place {
                            division: d,
                            village: village.clone(),
                        };
                        return Some((place, "reference to the article's place (全县)"));
                    }
                }
                _ => {}
            }
        }
        self.subject.map(|d| {
            let place = Place {
                division: d,
                village: None,
            };
            (place, self.subject_by)
        })
    }
}

/// A checklist's question (`是否完成7次采样`) or an allowance per head
/// (`每户可领取3个口罩`) states no work done.
fn rule_or_question(clause_pre: &[char]) -> bool {
    let pre: String = clause_pre.iter().collect();
    let per_head = ["每户", "每人", "每戶"].iter().any(|w| {
        pre.find(w)
            .is_some_and(|i| pre[i..].contains('可') || pre[i..].contains('限'))
    });
    pre.contains("是否") || per_head || target(clause_pre)
}

/// `应采样93.2万人`, `应接种12万人`: the people a task should reach, a
/// target, not work done. Not 应对, 应急, 供应, 响应…, nor the slogans
/// 应检尽检, 应隔尽隔 (the work done to all who should have it).
fn target(clause_pre: &[char]) -> bool {
    let n = clause_pre.len();
    (n.saturating_sub(4)..n).any(|i| {
        clause_pre[i] == '应'
            && i + 1 < n
            && !"对急用届变".contains(clause_pre[i + 1])
            && (i == 0 || !"响供相适反对答效呼回感理报".contains(clause_pre[i - 1]))
            && clause_pre.get(i + 2) != Some(&'尽')
    })
}

/// `没有发现1例`, `未发生1起`: "not one" says none happened, so the
/// figure is 0, not 1.
fn none_said(sent: &[char], f: &Figure) -> bool {
    if f.value != 1.0 {
        return false;
    }
    let before: String = sent[f.start.saturating_sub(4)..f.start].iter().collect();
    ["没有", "沒有", "未", "无", "無"]
        .iter()
        .any(|w| before.contains(w))
}

/// A place named as where people go or have been (`发往某县的客运线路`,
/// `到过某县的驾驶员`) or as one side of a border (`甲县与乙县交界处`) is
/// not the place that did the work.
fn only_passed_through(sent: &[char], pos: usize) -> bool {
    let pos = pos.min(sent.len());
    let before: String = sent[pos.saturating_sub(2)..pos].iter().collect();
    let going = [
        "发往", "途经", "途径", "到过", "前往", "去往", "驶往", "开往", "去过",
    ]
    .contains(&before.as_str());
    let clause_end = sent[pos..]
        .iter()
        .position(|&c| matches!(c, '，' | ',' | '。' | '；' | ';'))
        .map_or(sent.len(), |p| pos + p);
    let ahead: String = sent[pos..clause_end.min(pos + 14)].iter().collect();
    let border = ["交界", "接壤", "边界", "毗邻"]
        .iter()
        .any(|w| ahead.contains(w));
    going || border
}

/// Does the word at `pos` stand inside brackets that close before `at`?
fn in_closed_aside(sent: &[char], pos: usize, at: usize) -> bool {
    let is_open = |c: char| matches!(c, '(' | '（');
    let is_close = |c: char| matches!(c, ')' | '）');
    let pos = pos.min(sent.len());
    let opened = sent[..pos]
        .iter()
        .rposition(|&c| is_open(c) || is_close(c))
        .is_some_and(|i| is_open(sent[i]));
    opened && sent[pos..at.min(sent.len())].iter().any(|&c| is_close(c))
}

fn describe(g: &Gazetteer, p: &Place) -> (String, Vec<String>, Level) {
    let mut path = g.path_names(p.division);
    match &p.village {
        Some(v) => {
            path.push(v.clone());
            (v.clone(), path, Level::Village)
        }
        None => (
            g.get(p.division).name.clone(),
            path,
            g.get(p.division).level,
        ),
    }
}

/// Does the text use traditional characters? A few of the commonest
/// characters that only traditional text has, checked without a table, in
/// the first few thousand characters (they come early in any page).
fn looks_traditional(text: &str) -> bool {
    text.chars()
        .take(4000)
        .filter(|c| {
            matches!(
                c,
                '縣' | '區'
                    | '鎮'
                    | '們'
                    | '個'
                    | '為'
                    | '這'
                    | '發'
                    | '與'
                    | '會'
                    | '時'
                    | '對'
                    | '國'
                    | '檢'
                    | '衛'
                    | '門'
                    | '開'
                    | '體'
                    | '實'
                    | '關'
                    | '從'
                    | '務'
                    | '員'
                    | '級'
                    | '書'
                    | '記'
                    | '說'
                    | '進'
                    | '過'
                    | '還'
            )
        })
        .nth(2)
        .is_some()
}

/// The date a figure's own words give: the nearest day written before it
/// in its sentence (a `截至` day first), else a day the paragraph wrote
/// before (`1月23日下午，…。该院17名医务人员…`), else the article's. A start
/// (`自2月5日以来`) dates a period, not the figure.
fn sentence_date(
    sent: &[char],
    f: &Figure,
    art: &ArticleDate,
    carried: Option<ArticleDate>,
) -> ArticleDate {
    sentence_date_why(sent, f, art, carried).0
}

/// [`sentence_date`], and which rule gave it with the words of the day
/// when the sentence wrote one.
fn sentence_date_why(
    sent: &[char],
    f: &Figure,
    art: &ArticleDate,
    carried: Option<ArticleDate>,
) -> (ArticleDate, &'static str, Option<String>) {
    let found: Vec<DateMention> = dates::find_dates(sent);
    let mut month = None;
    let mut pick: Option<(DateMention, Option<u8>)> = None;
    for m in &found {
        month = m.month.or(month);
        if m.end > f.start
            || matches!(m.kind, DateKind::Since | DateKind::Deadline)
            || m.day.is_none()
        {
            continue;
        }
        if pick.is_some_and(|(p, _)| p.kind == DateKind::Cutoff) && m.kind != DateKind::Cutoff {
            continue;
        }
        pick = Some((*m, month));
    }
    match pick.and_then(|(m, month)| Some((dates::resolve(&m, month, art)?, m))) {
        Some((date, m)) => (
            ArticleDate {
                date,
                basis: if art.basis == DateBasis::Inferred && m.year.is_none() {
                    DateBasis::Inferred
                } else {
                    DateBasis::Stated
                },
                clue: if m.year.is_some() {
                    dates::Clue::Sentence
                } else {
                    art.clue
                },
                ..*art
            },
            "day in its sentence",
            Some(sent[m.start..m.end].iter().collect()),
        ),
        None => match carried {
            Some(c) => (c, "day an earlier sentence stated", None),
            None => (*art, "article's date", None),
        },
    }
}
