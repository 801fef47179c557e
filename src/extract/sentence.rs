//! Puts the pieces together: for each article of a page, each epidemic
//! sentence, each figure → a record with place, date, measure and evidence.

use super::dates::{self, ArticleDate, DateKind, DateMention};
use super::measures::{self, Topic};
use super::numbers::{self, Figure};
use super::page::{self, Page, ParaKind};
use super::places::{self, PageContext, Place, PlaceWord};
use super::Hints;
use crate::gazetteer::Gazetteer;
use crate::records::{DateBasis, Level, Measure, Record, RecordDate, Status};
use std::collections::HashSet;

/// Characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '！' | '？' | ';' | '；')
}

/// Characters that end a clause within a sentence.
fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, ',' | '，' | ':' | '：')
}

pub fn extract(source: &str, text: &str, hints: &Hints) -> Vec<Record> {
    let g = Gazetteer::bundled();
    let page = page::parse(text);
    let texts: Vec<&[char]> = page.paras.iter().map(|p| p.chars.as_slice()).collect();
    let ctx = PageContext::new(g, &texts);
    let page_date = page_date(&page, hints);
    let mut records = Vec::new();
    let mut previous_subject = None;
    for article in &page.articles {
        let art = ArticleCtx::new(g, &ctx, &page, &article.paras, previous_subject, page_date);
        previous_subject = art.subject.or(previous_subject);
        let mut seen: HashSet<(u64, Measure, String)> = HashSet::new();
        let mut recent: Vec<usize> = art.subject.into_iter().collect();
        for &pi in &article.paras {
            let para = &page.paras[pi];
            if para.kind != ParaKind::Body {
                continue;
            }
            let para_text = para.text();
            let para_topic = measures::topic_of(&para_text);
            let mut para_focus: Option<Place> = None;
            for (s, e) in sentences(&para.chars) {
                let sent = &para.chars[s..e];
                let sent_text: String = sent.iter().collect();
                let topic = match measures::topic_of(&sent_text) {
                    Topic::Neutral => match para_topic {
                        Topic::Neutral => art.topic,
                        t => t,
                    },
                    t => t,
                };
                let words = places::place_words(g, &ctx, sent, &art.near());
                let figures = numbers::find_figures(sent);
                let mut inherited = None;
                let mut sentence_records = Vec::new();
                for f in &figures {
                    if topic != Topic::Epidemic {
                        break;
                    }
                    let (cs, ce) = clause_bounds(sent, f);
                    if measures::is_background(&f.unit, &sent[f.end..ce]) {
                        continue;
                    }
                    let c = measures::classify(&sent[cs..f.start], &sent[f.end..ce], &f.unit, &sent_text, inherited);
                    inherited = Some(c.measure);
                    let place = art.place_for(g, &words, f.start, &recent, para_focus.as_ref());
                    let date = sentence_date(sent, f, &art.date);
                    let Some(place) = place else { continue };
                    let (locality, path, level) = describe(g, &place);
                    let (es, ee) = evidence_bounds(sent, f, cs, ce);
                    let span = [para.map[s + es], para.map[s + ee - 1] + 1];
                    let evidence: String = text.chars().skip(span[0]).take(span[1] - span[0]).collect();
                    let rec = Record {
                        locality,
                        locality_path: path,
                        level: Some(level),
                        date: date.date,
                        date_basis: Some(date.basis),
                        measure: c.measure,
                        indicator: (!c.indicator.is_empty()).then_some(c.indicator),
                        value: f.value,
                        unit: f.unit.clone(),
                        approx: f.approx,
                        source: source.to_string(),
                        span: Some(span),
                        evidence: Some(evidence.split_whitespace().collect::<Vec<_>>().join(" ")),
                        status: Status::Extracted,
                        extra: Default::default(),
                    };
                    sentence_records.push(rec);
                }
                // The same figure retold in another sentence of the article is one record.
                let mut keys_here = Vec::new();
                for r in sentence_records {
                    let key = ((r.value * 100.0).round() as u64, r.measure, r.locality.clone());
                    if seen.contains(&key) {
                        continue;
                    }
                    keys_here.push(key);
                    records.push(r);
                }
                seen.extend(keys_here);
                // Named places of this sentence become the paragraph's focus.
                for (_, w) in &words {
                    if let PlaceWord::Named(p) = w {
                        if art.in_scope(g, p.division) {
                            recent.push(p.division);
                            para_focus = Some(p.clone());
                        }
                    }
                }
            }
        }
    }
    records
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
    let cs = sent[..f.start].iter().rposition(|&c| ends_clause(c)).map_or(0, |p| p + 1);
    let ce = sent[f.end..].iter().position(|&c| ends_clause(c)).map_or(sent.len(), |p| f.end + p);
    (cs, ce)
}

/// The clause around the figure, cut to a readable window when long.
fn evidence_bounds(sent: &[char], f: &Figure, cs: usize, ce: usize) -> (usize, usize) {
    let mut s = cs;
    let mut e = ce;
    while s < f.start && matches!(sent[s], ' ' | '“' | '"') {
        s += 1;
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
    topic: Topic,
    date: ArticleDate,
}

impl ArticleCtx {
    fn new(
        g: &Gazetteer,
        ctx: &PageContext,
        page: &Page,
        paras: &[usize],
        previous: Option<usize>,
        page_date: ArticleDate,
    ) -> ArticleCtx {
        let headline: Vec<usize> = paras.iter().copied().filter(|&p| page.paras[p].kind == ParaKind::Headline).collect();
        let body: Vec<usize> = paras.iter().copied().filter(|&p| page.paras[p].kind == ParaKind::Body).collect();
        let mut subject = None;
        // The headline's most specific place; else the first body sentence's.
        for group in [headline.as_slice(), &body[..body.len().min(1)]] {
            let mut best: Option<usize> = None;
            for &p in group {
                let chars = &page.paras[p].chars;
                let first_sentence_end = chars.iter().position(|&c| ends_sentence(c)).map_or(chars.len(), |e| e + 1);
                for (_, w) in places::place_words(g, ctx, &chars[..first_sentence_end], &[]) {
                    if let PlaceWord::Named(pl) = w {
                        let d = pl.division;
                        let deeper = best.is_none_or(|b| g.get(d).level > g.get(b).level && g.is_within(d, b));
                        let unrelated_first = best.is_none();
                        if deeper || unrelated_first {
                            best = Some(d);
                        }
                    }
                }
            }
            if best.is_some() {
                subject = best;
                break;
            }
        }
        let subject = subject.or(previous);
        let text: String = paras.iter().map(|&p| page.paras[p].text()).collect();
        let (e, o) = measures::topic_counts(&text);
        let topic = if e >= 2 && e > o { Topic::Epidemic } else if o > 0 { Topic::Other } else { Topic::Neutral };
        let date = article_date(page, paras, page_date);
        ArticleCtx { subject, topic, date }
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

    fn place_for(
        &self,
        g: &Gazetteer,
        words: &[(usize, PlaceWord)],
        at: usize,
        recent: &[usize],
        focus: Option<&Place>,
    ) -> Option<Place> {
        // The last place word before the figure in its sentence.
        for (pos, w) in words.iter().rev() {
            if *pos > at {
                continue;
            }
            match w {
                PlaceWord::Named(p) if self.in_scope(g, p.division) => return Some(p.clone()),
                PlaceWord::Reference(kind) => {
                    if let Some(d) = places::resolve_reference(g, *kind, recent, self.subject) {
                        return Some(Place { division: d, village: None });
                    }
                }
                _ => {}
            }
        }
        if let Some(f) = focus {
            return Some(f.clone());
        }
        self.subject.map(|d| Place { division: d, village: None })
    }
}

fn describe(g: &Gazetteer, p: &Place) -> (String, Vec<String>, Level) {
    let mut path = g.path_names(p.division);
    match &p.village {
        Some(v) => {
            path.push(v.clone());
            (v.clone(), path, Level::Village)
        }
        None => (g.get(p.division).name.clone(), path, g.get(p.division).level),
    }
}

/// Dates a page states for itself: the person's, then a timestamp or URL,
/// then the latest full date in the text, then the latest month and day with
/// a year from the text or inferred.
fn page_date(page: &Page, hints: &Hints) -> ArticleDate {
    if let Some(d) = hints.date {
        return ArticleDate { date: d, basis: DateBasis::Article };
    }
    for line in &page.meta {
        if let Some(d) = dates::date_in_meta(line) {
            // Clutter lists carry later stories' dates: only metadata before the clutter counts.
            if (2019..=2023).contains(&d.year) {
                return ArticleDate { date: d, basis: DateBasis::Article };
            }
        }
    }
    let all: Vec<usize> = (0..page.paras.len()).collect();
    let text: String = page.paras.iter().map(|p| p.text()).collect();
    let (year, basis) = match dates::stated_year(&text) {
        Some(y) => (y, DateBasis::Article),
        None => (dates::infer_year(&text).unwrap_or(2020), DateBasis::Inferred),
    };
    let base = ArticleDate { date: RecordDate { year, month: None, day: None }, basis };
    latest_date(page, &all, base).unwrap_or(base)
}

/// An article's own date: its latest stated day, in the page's year.
fn article_date(page: &Page, paras: &[usize], page_date: ArticleDate) -> ArticleDate {
    if page_date.date.day.is_some() && page_date.basis == DateBasis::Article {
        // A dated page (timestamp, URL, the person's file) dates all its articles.
        let own = latest_date(page, paras, page_date);
        return match own {
            Some(d) if d.date.year == page_date.date.year && d.date > page_date.date => page_date,
            _ => page_date,
        };
    }
    latest_date(page, paras, page_date).unwrap_or(page_date)
}

/// The latest date written in the paragraphs that is not a start or a
/// future day (`4月8日零时起`).
fn latest_date(page: &Page, paras: &[usize], base: ArticleDate) -> Option<ArticleDate> {
    let mut best: Option<RecordDate> = None;
    for &p in paras {
        let chars = &page.paras[p].chars;
        for m in dates::find_dates(chars) {
            if m.kind == DateKind::Since || m.day.is_none() {
                continue;
            }
            let before: String = chars[m.start.saturating_sub(3)..m.start].iter().collect();
            if before.contains('将') || before.contains("预计") {
                continue;
            }
            let Some(d) = (if let Some(y) = m.year {
                RecordDate::ymd(y, m.month, m.day.unwrap())
            } else {
                RecordDate::ymd(base.date.year, m.month, m.day.unwrap())
            }) else {
                continue;
            };
            if best.is_none_or(|b| d > b) {
                best = Some(d);
            }
        }
    }
    best.map(|date| ArticleDate { date, basis: base.basis })
}

/// The sentence's own date for a figure, else the article's.
fn sentence_date(sent: &[char], f: &Figure, art: &ArticleDate) -> ArticleDate {
    let found: Vec<DateMention> = dates::find_dates(sent);
    let before: Vec<&DateMention> = found.iter().filter(|m| m.end <= f.start).collect();
    let pick = before
        .iter()
        .rev()
        .find(|m| m.kind == DateKind::Cutoff)
        .or_else(|| before.iter().rev().find(|m| m.kind == DateKind::Plain && m.day.is_some()))
        .or_else(|| before.iter().rev().find(|m| m.kind == DateKind::Since && m.day.is_some()))
        .copied();
    match pick.and_then(|m| dates::resolve(m, art)) {
        Some(date) => ArticleDate {
            date,
            basis: if art.basis == DateBasis::Inferred && pick.unwrap().year.is_none() {
                DateBasis::Inferred
            } else {
                DateBasis::Stated
            },
        },
        None => *art,
    }
}
