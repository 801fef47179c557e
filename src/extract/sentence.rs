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
use crate::records::{DateBasis, Level, Measure, Record, RecordDate, Status, Text};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::sync::Arc;

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

/// The records of a page's text, and its chars unless the page was
/// cancelled before they were read: the caller's fingerprint and char
/// count read them rather than decode the text again.
pub fn extract(
    source: &str,
    text: &str,
    hints: &Hints,
    markup: Option<(RecordDate, dates::Clue)>,
) -> (Vec<Record>, Option<Vec<char>>) {
    let Some(scan) = PageScan::new(source, text, hints, markup) else {
        return (Vec::new(), None);
    };
    let records = read_articles(&scan, hints);
    (records, Some(scan.original))
}

fn read_articles(scan: &PageScan, hints: &Hints) -> Vec<Record> {
    let mut records = Vec::new();
    let mut previous_subject = None;
    for article in &scan.page.articles {
        let art = ArticleCtx::new(&scan.parts(), &article.paras, previous_subject);
        previous_subject = art.subject.or(previous_subject);
        let reader = Reader {
            scan,
            art: &art,
            explain: hints.explain,
        };
        let mut kept = Kept {
            recent: art.subject.into_iter().collect(),
            ..Default::default()
        };
        // Body first, then headlines: a headline usually retells a figure of
        // its body, but a line taken for a headline may be a broken-off
        // piece of body text with a figure of its own.
        let kind_of = |p: usize| scan.page.paras[p].kind;
        let body = article
            .paras
            .iter()
            .filter(|&&p| kind_of(p) == ParaKind::Body);
        let heads = article
            .paras
            .iter()
            .filter(|&&p| kind_of(p) == ParaKind::Headline);
        for &pi in body.chain(heads) {
            if hints.is_cancelled() {
                return records;
            }
            reader.paragraph(pi, &mut kept, &mut records);
        }
    }
    records
}

/// What the page-wide passes found: the page's paragraphs, the place names
/// and topic cues in each, its own place and date.
struct PageScan {
    g: &'static Gazetteer,
    page: Page,
    /// The original text's chars: evidence is cut from them by offset.
    original: Vec<char>,
    mentions: Vec<Vec<Mention>>,
    ctx: PageContext,
    page_place: Option<usize>,
    cues_of_paras: Vec<ParaCues>,
    para_cues: Vec<CueCounts>,
    page_date: ArticleDate,
    /// Each paragraph's dates, when the page's date had to read them.
    para_dates: dates::ParaDates,
    texts: SharedTexts,
}

impl PageScan {
    /// The page read once through; `None` when cancelled on the way (the
    /// page-wide passes take most of a long page's time before the first
    /// figure is read, so Cancel is heard during them too).
    fn new(
        source: &str,
        text: &str,
        hints: &Hints,
        markup: Option<(RecordDate, dates::Clue)>,
    ) -> Option<PageScan> {
        let g = Gazetteer::bundled();
        // Pages in traditional characters (Big5 files, some web pages) are read
        // through their simplified form, so cue words and the gazetteer's names
        // (衡東縣 → 衡东县) match. The conversion is one character for one, so
        // offsets, spans and the evidence (cut from the original) stay aligned.
        let original = super::chars_of(text);
        let simplified = looks_traditional(&original).then(|| fast2s::convert(text));
        let page = match &simplified {
            Some(s) => page::parse(s),
            None => page::parse_chars(text, &original),
        };
        if hints.is_cancelled() {
            return None;
        }
        let mut mentions: Vec<Vec<Mention>> = Vec::with_capacity(page.paras.len());
        for p in &page.paras {
            if mentions.len().is_multiple_of(64) && hints.is_cancelled() {
                return None;
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
        let page_place = own_place(g, &ctx, &page, hints, source);
        if let Some(p) = page_place {
            ctx.support(g, p);
        }
        if hints.is_cancelled() {
            return None;
        }
        let cues_of_paras: Vec<ParaCues> =
            page.paras.iter().map(|p| ParaCues::new(&p.chars)).collect();
        let para_cues: Vec<CueCounts> = cues_of_paras.iter().map(ParaCues::counts).collect();
        let para_dates = dates::ParaDates::default();
        let page_date = dates::page_date(&page, hints.date, source, markup, &para_dates);
        Some(PageScan {
            g,
            page,
            original,
            mentions,
            ctx,
            page_place,
            cues_of_paras,
            para_cues,
            page_date,
            para_dates,
            texts: SharedTexts::new(source),
        })
    }

    fn parts(&self) -> PageParts<'_> {
        PageParts {
            g: self.g,
            ctx: &self.ctx,
            page: &self.page,
            mentions: &self.mentions,
            para_cues: &self.para_cues,
            page_place: self.page_place,
            page_date: self.page_date,
            para_dates: &self.para_dates,
        }
    }
}

/// The page's own place, from the hints, its file name and the web
/// addresses it gives.
fn own_place(
    g: &Gazetteer,
    ctx: &PageContext,
    page: &Page,
    hints: &Hints,
    source: &str,
) -> Option<usize> {
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
    places::page_place(g, ctx, hints.place.as_deref(), source, &addresses)
}

/// The key of a figure within an article: value, measure, place, unit and
/// whether approximate.
type FigureKey = (u64, Measure, Text, String, bool);

/// What an article's reading keeps from paragraph to paragraph.
#[derive(Default)]
struct Kept {
    /// Figures already recorded: the same figure retold is one record.
    seen: FxHashSet<FigureKey>,
    /// Values already recorded at a place, for headlines that retell them.
    values_seen: FxHashSet<(u64, Text)>,
    /// Places named so far, for a later 该镇 or 全镇.
    recent: Vec<usize>,
}

/// What a paragraph's reading carries from sentence to sentence.
#[derive(Default)]
struct Carried {
    /// A day an earlier sentence stated.
    date: Option<ArticleDate>,
    /// The last topic a sentence settled.
    topic: Option<Topic>,
}

/// Reads one article's paragraphs into records.
struct Reader<'a> {
    scan: &'a PageScan,
    art: &'a ArticleCtx,
    explain: bool,
}

/// One sentence, as its figures are read.
struct Sentence<'a> {
    para: &'a page::Para,
    /// Where it starts in its paragraph.
    start: usize,
    chars: &'a [char],
    /// `chars` as a string, for a sentence with figures (empty otherwise).
    text: String,
    cues: measures::SentenceCues<'a>,
    /// The topic for figures whose clause says none.
    fallback: Topic,
    words: Vec<(usize, PlaceWord)>,
    /// It speaks of the day of the report (目前, 截至目前).
    now: bool,
    /// The days it writes: each figure's date and the day carried to the
    /// next sentence are chosen from them (found once, not per figure).
    dates: Vec<DateMention>,
}

/// What the figures of a sentence pass on to the next.
#[derive(Default)]
struct Earlier<'a> {
    measure: Option<Measure>,
    series: Option<&'static crate::records::series::Series>,
    figures: Vec<series::Earlier<'a>>,
    records: Vec<Record>,
}

impl Reader<'_> {
    fn paragraph(&self, pi: usize, kept: &mut Kept, records: &mut Vec<Record>) {
        let scan = self.scan;
        let para = &scan.page.paras[pi];
        let is_headline = para.kind == ParaKind::Headline;
        // Outside an epidemic article, a paragraph without a strong
        // epidemic cue has no sentence whose topic, own or fallen back
        // to, is the epidemic: no figure of it is judged one, and it
        // remembers no place. Reading it would change nothing.
        if self.art.topic != Topic::Epidemic && scan.para_cues[pi].no_strong_epidemic() {
            return;
        }
        let para_topic = scan.para_cues[pi].topic();
        let mut carried = Carried::default();
        // Where a sentence starts in `para.text`, found by walking on from
        // the last one asked for (sentences come in order).
        let mut walked = (0, 0);
        let mut byte_at = |k: usize| {
            let (c, b) = walked;
            let b = b + para.chars[c..k].iter().map(|c| c.len_utf8()).sum::<usize>();
            walked = (k, b);
            b
        };
        for (s, e) in sentences(&para.chars) {
            let sent = &para.chars[s..e];
            let cues = scan.cues_of_paras[pi].sentence(s, e);
            // A sentence's topic, else the last topic its paragraph
            // settled, else the paragraph's, else the article's. Other
            // topics' words elsewhere in the paragraph (`…停运19趟列车`) do
            // not take a sentence of epidemic work that has none.
            let fallback = carried.topic.unwrap_or(match para_topic {
                Topic::Neutral => self.art.topic,
                Topic::Other if self.art.topic == Topic::Epidemic && cues.only_weak_epidemic() => {
                    Topic::Epidemic
                }
                t => t,
            });
            let sentence_topic = cues.topic_before(sent.len());
            if sentence_topic != Topic::Neutral {
                carried.topic = Some(sentence_topic);
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
                let found = mentions_in(&scan.mentions[pi], s, e);
                places::place_words_at(
                    scan.g,
                    &scan.ctx,
                    sent,
                    found,
                    s,
                    self.art.subject.as_slice(),
                )
            };
            // Only a figure's judgement reads the sentence as a string: most
            // sentences have none, and building it was a tenth of the time.
            let text = if figures.is_empty() {
                String::new()
            } else {
                let start = byte_at(s);
                para.text[start..byte_at(e)].to_owned()
            };
            let sentence = Sentence {
                para,
                start: s,
                chars: sent,
                now: sent.windows(2).any(|w| NOW.contains(&[w[0], w[1]])),
                dates: dates::find_dates(sent),
                text,
                cues,
                fallback,
                words,
            };
            let found = if figures.is_empty() {
                Vec::new()
            } else {
                super::window::reading(sent, || {
                    self.figures(&sentence, &figures, carried.date, &kept.recent)
                })
            };
            keep_new(found, is_headline, kept, records);
            self.carry_date(&sentence, &mut carried);
            if sentence_epidemic {
                self.remember_places(&sentence.words, &mut kept.recent);
            }
        }
    }

    /// The records of a sentence's figures.
    fn figures<'s>(
        &self,
        sentence: &'s Sentence<'_>,
        figures: &'s [Figure],
        carried: Option<ArticleDate>,
        recent: &[usize],
    ) -> Vec<Record> {
        let mut earlier = Earlier::default();
        for f in figures {
            if let Some(rec) = self.figure(sentence, figures, f, carried, recent, &mut earlier) {
                earlier.records.push(rec);
            }
        }
        earlier.records
    }

    /// The record of one figure, if it is an epidemic-response figure with
    /// a place. Updates what the sentence's later figures inherit.
    fn figure<'s>(
        &self,
        sentence: &'s Sentence<'_>,
        figures: &[Figure],
        f: &'s Figure,
        carried: Option<ArticleDate>,
        recent: &[usize],
        earlier: &mut Earlier<'s>,
    ) -> Option<Record> {
        let sent = sentence.chars;
        let (cs, ce) = clause_bounds(sent, f);
        let (c, chosen) = self.judge(sentence, figures, f, earlier)?;
        let g = self.scan.g;
        let place = self
            .art
            .place_for(g, sent, &sentence.words, f.start, recent);
        let carried = if sentence.now { None } else { carried };
        let (date, date_rule, date_words) =
            sentence_date_why(sent, &sentence.dates, f, &self.art.date, carried);
        let (place, place_rule) = place?;
        let texts = &self.scan.texts;
        let (locality, locality_path, level) = texts.place(g, &place);
        let code = Some(g.get(place.division).code.to_string());
        let (es, ee) = evidence_bounds(sent, f, cs, ce);
        let map = &sentence.para.map;
        let span = [map[sentence.start + es], map[sentence.start + ee - 1] + 1];
        let part_of = series::part_of(sent, cs, f.start, &f.unit, c.own_cue, &earlier.figures);
        earlier.figures.push(series::Earlier {
            end: f.end,
            unit: &f.unit,
            part_of,
        });
        let mut rec = Record {
            locality,
            locality_path,
            level: Some(level),
            date: date.date,
            date_basis: Some(date.basis),
            measure: chosen.measure,
            indicator: (!c.indicator.is_empty()).then(|| c.indicator.as_str().into()),
            value: if none_said(sent, f) { 0.0 } else { f.value },
            unit: f.unit.clone(),
            approx: f.approx,
            source: texts.source.clone(),
            span: Some(span),
            evidence: Some(words_of(&self.scan.original[span[0]..span[1]]).into()),
            date_clue: Some(texts.clue(date.clue)),
            series: Some(texts.code(chosen.series.code)),
            tally: series::tally(&sent[..f.start]),
            part_of,
            code,
            status: Status::Extracted,
            extra: Default::default(),
        };
        if self.explain {
            let place_name = match &place.village {
                Some(v) => v.as_str(),
                None => g.get(place.division).name.as_str(),
            };
            let why = Why {
                place: (place_rule, place_name),
                date: (date_rule, date.clue.to_string(), date_words),
                measure: &c,
                series: &chosen,
            };
            why.explanation().attach(&mut rec);
        }
        Some(rec)
    }

    /// Is the figure an epidemic-response figure, and what does it count?
    /// Its measure and series, when it is; what the sentence's later
    /// figures inherit is updated then.
    fn judge(
        &self,
        sentence: &Sentence<'_>,
        figures: &[Figure],
        f: &Figure,
        earlier: &mut Earlier<'_>,
    ) -> Option<(measures::Classified, series::Chosen)> {
        let sent = sentence.chars;
        let (cs, ce) = clause_bounds(sent, f);
        // OCR runs columns together: judge the words up to the figure's
        // clause, not a drowning story glued after it.
        let own_topic = sentence.cues.topic_before(ce);
        let topic = if own_topic == Topic::Neutral {
            sentence.fallback
        } else {
            own_topic
        };
        // Villages counted are background unless they are what was locked
        // down or inspected.
        let worked_on = measures::is_background(&f.unit, &sent[f.end..ce]).then(|| {
            measures::places_worked_on(&sent[cs..f.start], &sent[f.end..ce], &sent[f.end..])
        });
        if topic != Topic::Epidemic
            || matches!(worked_on, Some(None))
            || rule_or_question(&sent[cs..f.start])
        {
            return None;
        }
        let mut c = measures::classify(
            &sent[cs..f.start],
            &sent[f.end..ce],
            &f.unit,
            &sentence.text,
            earlier.measure,
        );
        if let Some(Some(m)) = worked_on {
            c.measure = m;
            c.own_cue = true;
            c.rules.push("places worked on");
        } else if measures::guessed_from_sentence(&c) {
            // A guess from the sentence's first cue: a verb in the clauses
            // after the figure is nearer (`依托12个派驻纪检监察组，采取明查
            // 暗访…`).
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
            previous: earlier.series,
        });
        // Where only the context says "epidemic", the figure must say what
        // it counts (a list item after a kept figure may borrow that
        // figure's standing); a series rule that moved the figure to another
        // measure read its words.
        let moved = chosen.measure != c.measure;
        if own_topic == Topic::Neutral
            && ((!c.own_cue && !moved) || chosen.measure == Measure::Other)
            && earlier.records.is_empty()
        {
            return None;
        }
        earlier.series = Some(chosen.series);
        earlier.measure = Some(chosen.measure);
        Some((c, chosen))
    }

    /// A day this sentence states dates the paragraph's next sentences;
    /// 目前, 截至目前 go back to the day of the report.
    fn carry_date(&self, sentence: &Sentence<'_>, carried: &mut Carried) {
        let sent = sentence.chars;
        let end_of_sentence = Figure {
            start: sent.len(),
            end: sent.len(),
            num_start: sent.len(),
            num_end: sent.len(),
            value: 0.0,
            unit: String::new(),
            approx: false,
        };
        let here = sentence_date(
            sent,
            &sentence.dates,
            &end_of_sentence,
            &self.art.date,
            None,
        );
        if here.date != self.art.date.date {
            carried.date = Some(here);
        }
        if sentence.now && here.date == self.art.date.date {
            carried.date = None;
        }
    }

    /// Named places are remembered for a later 该镇 or 全镇; without such a
    /// word the next sentence is the subject's again.
    fn remember_places(&self, words: &[(usize, PlaceWord)], recent: &mut Vec<usize>) {
        for (_, w) in words {
            if let PlaceWord::Named(p) | PlaceWord::Area(p) = w
                && self.art.in_scope(self.scan.g, p.division)
            {
                remember(recent, p.division);
            }
        }
    }
}

/// What decided a record, as `--explain` tells it.
struct Why<'a> {
    /// The place rule and the place's name.
    place: (&'static str, &'a str),
    /// The date rule, the date's clue and the words of the day.
    date: (&'static str, String, Option<String>),
    measure: &'a measures::Classified,
    series: &'a series::Chosen,
}

impl Why<'_> {
    fn explanation(&self) -> Explanation {
        let (date_rule, clue, words) = &self.date;
        let chosen = self.series;
        let series_rules: Vec<&str> = chosen.moved_by.iter().copied().chain([chosen.by]).collect();
        Explanation {
            place: Step::new(&[self.place.0], Some(self.place.1)),
            date: Step::new(&[date_rule, clue.as_str()], words.as_deref()),
            measure: Step::new(&self.measure.rules, Some(self.measure.cue)),
            series: Step::new(&series_rules, chosen.cue),
        }
    }
}

/// Keeps the records of a sentence that are new to the article. The same
/// figure retold in another sentence of the article is one record; a
/// retelling keeps its unit and its 约 or 余, so `约400只` beside an exact
/// `400只` is another figure. A headline's figure of a value already
/// recorded at its place is a retelling too.
fn keep_new(found: Vec<Record>, is_headline: bool, kept: &mut Kept, records: &mut Vec<Record>) {
    let mut keys_here = Vec::new();
    for r in found {
        let value = (r.value * 100.0).round() as u64;
        let key = (
            value,
            r.measure,
            r.locality.clone(),
            r.unit.clone(),
            r.approx,
        );
        let value_key = (value, r.locality.clone());
        if kept.seen.contains(&key) || (is_headline && kept.values_seen.contains(&value_key)) {
            continue;
        }
        keys_here.push(key);
        kept.values_seen.insert(value_key);
        records.push(r);
    }
    kept.seen.extend(keys_here);
}

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

/// The mentions that lie inside `[s, e)`: a run of `all`, whose mentions
/// do not overlap and come in text order (the gazetteer's leftmost-longest
/// search), so both their starts and their ends rise.
fn mentions_in(all: &[Mention], s: usize, e: usize) -> &[Mention] {
    let from = all.partition_point(|m| m.start < s);
    let to = from + all[from..].partition_point(|m| m.end <= e);
    &all[from..to]
}

/// (start, end) of each sentence in a paragraph's chars.
/// A sentence joined across ； (see [`ends_sentence`]) is cut at its next
/// ； past this many chars: a figure's rules read the whole sentence before
/// it, so a page-long list of `；` items read as one sentence would cost
/// the square of its length. Parts of a real sentence stand well within it.
const JOINED_SENTENCE_CHARS: usize = 200;

fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, &c) in chars.iter().enumerate() {
        // Most chars are ideographs, none of them punctuation: one test.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            continue;
        }
        let long_part = matches!(c, '；' | ';') && i + 1 - s > JOINED_SENTENCE_CHARS;
        if ends_sentence(c) || long_part {
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
    let head = &sent[s..f.start];
    if (head.contains(&'讯') || super::contains_word(head, "记者"))
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
    para_dates: &'a dates::ParaDates,
}

impl ArticleCtx {
    fn new(whole: &PageParts<'_>, paras: &[usize], previous: Option<usize>) -> ArticleCtx {
        let page = whole.page;
        let of_kind = |kind: ParaKind| -> Vec<usize> {
            paras
                .iter()
                .copied()
                .filter(|&p| page.paras[p].kind == kind)
                .collect()
        };
        let headline = of_kind(ParaKind::Headline);
        let body = of_kind(ParaKind::Body);
        let (subject, subject_by) = named_subject(whole, &headline, &body);
        let g = whole.g;
        let counted = || most_mentioned_county(whole, &body);
        // The page's own place (dates file, file name, web address) comes
        // before that count, unless it only holds the counted county (a
        // portal's city channel: yiyang.rednet.cn, towns of 赫山区); and it
        // refines a subject that holds it.
        let (subject, subject_by) = match (subject, whole.page_place) {
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
        ArticleCtx {
            subject,
            subject_by,
            topic: article_topic(whole.para_cues, paras),
            date: dates::article_date(page, paras, whole.page_date, whole.para_dates),
        }
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

/// The article's subject as its headline names it, else its first body
/// sentence: the most specific place named there, and which of the two
/// named it.
fn named_subject(
    whole: &PageParts<'_>,
    headline: &[usize],
    body: &[usize],
) -> (Option<usize>, &'static str) {
    let page = whole.page;
    // A dateline alone on its line (`红网时刻 通讯员 刘吉 益阳报道`) names
    // where the reporter filed from, not what the story is about.
    let first_body: Vec<usize> = body
        .iter()
        .copied()
        .filter(|&p| {
            let c = &page.paras[p].chars;
            !(c.len() <= 40 && !c.contains(&'。') && super::string_of(c).contains("报道"))
        })
        .take(1)
        .collect();
    for (group, by) in [
        (headline, "headline's place"),
        (first_body.as_slice(), "first sentence's place"),
    ] {
        let best = group.iter().fold(None, |best, &p| {
            most_specific_in_first_sentence(whole, p, best)
        });
        if best.is_some() {
            return (best, by);
        }
    }
    (None, "no place")
}

/// The most specific place the first sentence of paragraph `p` names,
/// given the best found so far: a deeper place inside it wins.
fn most_specific_in_first_sentence(
    whole: &PageParts<'_>,
    p: usize,
    mut best: Option<usize>,
) -> Option<usize> {
    let g = whole.g;
    let chars = &whole.page.paras[p].chars;
    let first_sentence_end = chars
        .iter()
        .position(|&c| ends_sentence(c))
        .map_or(chars.len(), |e| e + 1);
    let found = mentions_in(&whole.mentions[p], 0, first_sentence_end);
    for (pos, w) in places::place_words_with(g, whole.ctx, &chars[..first_sentence_end], found, &[])
    {
        // A newspaper's name (衡阳日报, 某某晚报) or a report's source is no subject.
        let after = super::string_of(&chars[pos..first_sentence_end.min(pos + 8)]);
        if after.contains("日报") || after.contains("晚报") || after.contains("报道") {
            continue;
        }
        if let PlaceWord::Named(pl) = w {
            let d = pl.division;
            let deeper = best.is_none_or(|b| g.get(d).level > g.get(b).level && g.is_within(d, b));
            let unrelated_first = best.is_none();
            if deeper || unrelated_first {
                best = Some(d);
            }
        }
    }
    best
}

/// The county most of the article's places lie in (a web story that names
/// only towns: 衡龙桥镇, 龙光桥街道 → 赫山区).
fn most_mentioned_county(whole: &PageParts<'_>, body: &[usize]) -> Option<usize> {
    let g = whole.g;
    let mut counts: std::collections::HashMap<usize, usize> = Default::default();
    for &p in body {
        let chars = &whole.page.paras[p].chars;
        for (_, w) in places::place_words_with(g, whole.ctx, chars, &whole.mentions[p], &[]) {
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
}

/// An article is about the epidemic when its epidemic cues (weak ones
/// counted too) outnumber other topics', or stand alone.
fn article_topic(para_cues: &[CueCounts], paras: &[usize]) -> Topic {
    let (e, o) = paras
        .iter()
        .fold(CueCounts::default(), |acc, &p| acc + para_cues[p])
        .lenient();
    if e > 0 && (o == 0 || e >= 2 && e > o) {
        Topic::Epidemic
    } else if o > 0 {
        Topic::Other
    } else {
        Topic::Neutral
    }
}

/// A checklist's question (`是否完成7次采样`) or an allowance per head
/// (`每户可领取3个口罩`) states no work done.
fn rule_or_question(clause_pre: &[char]) -> bool {
    let per_head = ["每户", "每人", "每戶"].iter().any(|w| {
        super::find_word(clause_pre, w)
            .is_some_and(|i| clause_pre[i..].iter().any(|&c| c == '可' || c == '限'))
    });
    super::contains_word(clause_pre, "是否") || per_head || target(clause_pre)
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
    let before = &sent[f.start.saturating_sub(4)..f.start];
    ["没有", "沒有", "未", "无", "無"]
        .iter()
        .any(|w| super::contains_word(before, w))
}

/// A place named as where people go or have been (`发往某县的客运线路`,
/// `到过某县的驾驶员`) or as one side of a border (`甲县与乙县交界处`) is
/// not the place that did the work.
fn only_passed_through(sent: &[char], pos: usize) -> bool {
    let pos = pos.min(sent.len());
    let before = &sent[pos.saturating_sub(2)..pos];
    let going = [
        "发往", "途经", "途径", "到过", "前往", "去往", "驶往", "开往", "去过",
    ]
    .iter()
    .any(|w| before.iter().copied().eq(w.chars()));
    let clause_end = sent[pos..]
        .iter()
        .position(|&c| matches!(c, '，' | ',' | '。' | '；' | ';'))
        .map_or(sent.len(), |p| pos + p);
    let ahead = &sent[pos..clause_end.min(pos + 14)];
    let border = ["交界", "接壤", "边界", "毗邻"]
        .iter()
        .any(|w| super::contains_word(ahead, w));
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

/// A record's locality, its path (province first) and its level.
type Locality = (Text, Arc<[Text]>, Level);

/// The texts a page's records share: its source, its places' names and
/// paths, series codes and date clues. Each record clones them (a count,
/// not a copy); building them afresh for each was a dozen allocations a
/// record.
struct SharedTexts {
    source: Text,
    divisions: RefCell<FxHashMap<usize, Locality>>,
    codes: RefCell<FxHashMap<&'static str, Text>>,
    clues: RefCell<Vec<(dates::Clue, Text)>>,
}

impl SharedTexts {
    fn new(source: &str) -> SharedTexts {
        SharedTexts {
            source: source.into(),
            divisions: RefCell::default(),
            codes: RefCell::default(),
            clues: RefCell::default(),
        }
    }

    /// A place's locality, path and level; a village it names ends the
    /// path.
    fn place(&self, g: &Gazetteer, p: &Place) -> Locality {
        let (name, path, level) = self
            .divisions
            .borrow_mut()
            .entry(p.division)
            .or_insert_with(|| {
                let d = g.get(p.division);
                let path = g.path_names(p.division).into_iter().map(Text::from);
                (d.name.as_str().into(), path.collect(), d.level)
            })
            .clone();
        match &p.village {
            Some(v) => {
                let v = Text::from(v.as_str());
                let path = path.iter().cloned().chain([v.clone()]).collect();
                (v, path, Level::Village)
            }
            None => (name, path, level),
        }
    }

    fn code(&self, code: &'static str) -> Text {
        let mut codes = self.codes.borrow_mut();
        codes.entry(code).or_insert_with(|| code.into()).clone()
    }

    fn clue(&self, clue: dates::Clue) -> Text {
        let mut clues = self.clues.borrow_mut();
        if let Some((_, t)) = clues.iter().find(|(c, _)| *c == clue) {
            return t.clone();
        }
        let t = Text::from(clue.to_string());
        clues.push((clue, t.clone()));
        t
    }
}

/// `chars` as words parted by one space: `split_whitespace` joined with
/// `" "`, in one pass and one string.
fn words_of(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    let mut gap = false;
    for &c in chars {
        if c.is_whitespace() {
            gap = !s.is_empty();
        } else {
            if gap {
                s.push(' ');
                gap = false;
            }
            s.push(c);
        }
    }
    s
}

/// Does the text use traditional characters? A few of the commonest
/// characters that only traditional text has, checked without a table, in
/// the first few thousand characters (they come early in any page).
fn looks_traditional(chars: &[char]) -> bool {
    chars
        .iter()
        .copied()
        .take(4000)
        .filter(|&c| is_traditional_marker(c))
        .nth(2)
        .is_some()
}

/// The characters [`looks_traditional`] counts.
const TRADITIONAL_MARKERS: [char; 30] = [
    '縣', '區', '鎮', '們', '個', '為', '這', '發', '與', '會', '時', '對', '國', '檢', '衛', '門',
    '開', '體', '實', '關', '從', '務', '員', '級', '書', '記', '說', '進', '過', '還',
];

/// [`TRADITIONAL_MARKERS`] as a set: every char of a page is asked.
const MARKER_SET: super::CharSet = super::CharSet::of(&TRADITIONAL_MARKERS);

fn is_traditional_marker(c: char) -> bool {
    MARKER_SET.contains(c)
}

#[cfg(test)]
mod marker_tests {
    use super::*;

    #[test]
    fn the_marker_bits_are_the_marker_list() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_traditional_marker(c),
                TRADITIONAL_MARKERS.contains(&c),
                "{c:?}"
            );
        }
    }
}

/// The date a figure's own words give: the nearest day written before it
/// in its sentence (a `截至` day first), else a day the paragraph wrote
/// before (`1月23日下午，…。该院17名医务人员…`), else the article's. A start
/// (`自2月5日以来`) dates a period, not the figure.
fn sentence_date(
    sent: &[char],
    found: &[DateMention],
    f: &Figure,
    art: &ArticleDate,
    carried: Option<ArticleDate>,
) -> ArticleDate {
    sentence_date_why(sent, found, f, art, carried).0
}

/// [`sentence_date`], and which rule gave it with the words of the day
/// when the sentence wrote one.
/// `found` is what [`dates::find_dates`] finds in `sent`.
fn sentence_date_why(
    sent: &[char],
    found: &[DateMention],
    f: &Figure,
    art: &ArticleDate,
    carried: Option<ArticleDate>,
) -> (ArticleDate, &'static str, Option<String>) {
    let mut month = None;
    let mut pick: Option<(DateMention, Option<u8>)> = None;
    for m in found {
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

#[cfg(test)]
mod tests {
    /// Evidence words are the string's whitespace-split words joined by
    /// one space, whatever the white space around them.
    #[test]
    fn words_of_is_split_whitespace_joined() {
        for text in [
            "",
            "   ",
            "某县 排查\u{3000}\u{3000}返乡人员\t1200人。",
            " \n前后有空白\r\n",
            "a  b\u{00A0}c",
        ] {
            let chars: Vec<char> = text.chars().collect();
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(super::words_of(&chars), joined, "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn a_semicolon_joins_parts_of_a_sentence_up_to_a_length() {
        let chars: Vec<char> = "甲镇排查120人；乙镇排查80人。丙镇排查60人。"
            .chars()
            .collect();
        assert_eq!(sentences(&chars), [(0, 17), (17, 25)]);
        // A page-long list of ； items is cut into parts of bounded length.
        let list: String = (0..200).map(|i| format!("某村排查{i}人；")).collect();
        let chars: Vec<char> = list.chars().collect();
        let parts = sentences(&chars);
        assert!(parts.len() > 5, "{}", parts.len());
        assert!(
            parts
                .iter()
                .all(|(s, e)| e - s <= JOINED_SENTENCE_CHARS + 12)
        );
        assert_eq!(parts.last().map(|p| p.1), Some(chars.len()));
    }
}
