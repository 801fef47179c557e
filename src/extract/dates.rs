//! When: an article's date, a sentence's own date, and the year when the
//! page never writes one.
//!
//! Newspaper pages often give only `4月3日`. A page's date comes, in order,
//! from the date a person gave for the file, a date in its path, its markup
//! ([`super::meta`]), its metadata lines (发布时间, 本文链接), a dateline;
//! else the year is inferred from the text: a day with its weekday, words
//! of a known era ([`ERAS`]), a lean of words common in one year. Each date
//! keeps the [`Clue`] that decided it, shown as a record's `date_clue`.
//! Deadlines and plans (`3月5日前上报`, `将于`) date nothing.

use super::cues::dates::{DUE_AFTER, FUTURE_BEFORE, WEEKDAYS, YEAR_CUES};
use super::page::{Page, ParaKind};
use super::{contains_word, ends_with_at, starts_with_at};
use crate::records::{DateBasis, RecordDate};

/// A date written in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    /// `None` for a day alone (`22日`), whose month is the one last written.
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub kind: DateKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// 截至8月11日, 至8月12日: the figure is as of that day.
    Cutoff,
    /// 自4月1日起, 8月2日以来: the figure counts from that day.
    Since,
    /// 3月5日前上报, 到2月23日由各乡镇上报, 将于4月1日, 计划6月底: a day
    /// something is due or planned, which dates no figure.
    Deadline,
    Plain,
}

fn digits(chars: &[char], i: usize, max: usize) -> (Option<u32>, usize) {
    let mut j = i;
    let mut v = 0u32;
    while j < chars.len() && j - i < max && chars[j].is_ascii_digit() {
        v = v * 10 + chars[j].to_digit(10).unwrap_or(0);
        j += 1;
    }
    if j == i { (None, i) } else { (Some(v), j) }
}

/// Every `[YYYY年]M月[D日]` and lone `D日` in `chars`.
pub fn find_dates(chars: &[char]) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit()
            || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let (mut year, mut j) = (None, i);
        let (n, k) = digits(chars, i, 4);
        if k - i == 4 && chars.get(k) == Some(&'年') {
            year = n.map(|y| y as i32);
            j = k + 1;
        }
        let (m, k) = digits(chars, j, 2);
        let (month, mut end) = match (m, chars.get(k)) {
            (Some(m), Some('月')) if (1..=12).contains(&m) => (Some(m as u8), k + 1),
            // A day alone: 22日晚上, 1月17日和22日.
            (Some(d), Some('日')) if year.is_none() && (1..=31).contains(&d) => (None, j),
            _ => {
                i = k.max(i + 1);
                continue;
            }
        };
        let (d, k2) = digits(chars, end, 2);
        let mut day = None;
        if let Some(d) = d
            && matches!(chars.get(k2), Some('日' | '号'))
            && (1..=31).contains(&d)
        {
            day = Some(d as u8);
            end = k2 + 1;
        }
        if month.is_none() && day.is_none() {
            i = end.max(i + 1);
            continue;
        }
        let after = &chars[end..(end + 5).min(chars.len())];
        let prev_is_date = out.last().is_some_and(|p: &DateMention| p.end + 2 >= start);
        // `8月1日至5日` reports what was done in those days: dated at its
        // last day, its first is a start. A range opened by 从 or 起 is a
        // campaign's period (`从2月19日起至3月4日`), whose end may lie ahead.
        let range_end = prev_is_date
            && ["至", "到", "-", "—", "~", "～"]
                .iter()
                .any(|w| ends_with_at(chars, start, w))
            && out.last().is_some_and(|p| p.kind == DateKind::Plain)
            && !is_deadline(chars, start, end);
        if range_end && let Some(p) = out.last_mut() {
            p.kind = DateKind::Since;
        }
        let kind = if range_end {
            DateKind::Plain
        } else if is_deadline(chars, start, end) {
            DateKind::Deadline
        } else if ["截至", "截止", "截止到"]
            .iter()
            .any(|w| ends_with_at(chars, start, w))
            || (["至", "到"].iter().any(|w| ends_with_at(chars, start, w)) && !prev_is_date)
        {
            DateKind::Cutoff
        } else if ends_with_at(chars, start, "自")
            || ends_with_at(chars, start, "从")
            || ends_with_at(chars, start, "于")
            || after.contains(&'起')
            || starts_with_at(after, 0, "以来")
            || starts_with_at(after, 0, "开始")
            || prev_is_date
                && ["至", "到", "-", "—"]
                    .iter()
                    .any(|w| ends_with_at(chars, start, w))
        {
            DateKind::Since
        } else {
            DateKind::Plain
        };
        out.push(DateMention {
            start,
            end,
            year,
            month,
            day,
            kind,
        });
        i = end;
    }
    out
}

/// Is the day at `start..end` a deadline or a plan? `3月5日前`, `之前`,
/// `以前`, `3月15日将召开`; a future word just before it; a reporting verb after it in its
/// clause (`到2月23日由各乡镇汇总上报`) unless a `截至` opened it (`截至3月5日
/// 各乡镇上报…` reports what was reported).
fn is_deadline(chars: &[char], start: usize, end: usize) -> bool {
    if ["前", "之前", "以前", "将"]
        .iter()
        .any(|w| starts_with_at(chars, end, w))
        && !starts_with_at(chars, end, "前期")
        && !starts_with_at(chars, end, "前后")
    {
        return true;
    }
    // `将于`, `计划于`: look past a `于`, `在`, `到` right before the day.
    let mut b = start;
    while b > 0 && matches!(chars[b - 1], '于' | '在' | '到' | '至') && start - b < 2 {
        b -= 1;
    }
    if FUTURE_BEFORE.iter().any(|w| ends_with_at(chars, b, w)) {
        return true;
    }
    if ["截至", "截止"]
        .iter()
        .any(|w| ends_with_at(chars, start, w))
    {
        return false;
    }
    let clause_end = chars[end..]
        .iter()
        .take(16)
        .position(|&c| matches!(c, ',' | '，' | '。' | ';' | '；' | ':' | '：'))
        .map_or((end + 16).min(chars.len()), |p| end + p);
    let clause = &chars[end..clause_end];
    DUE_AFTER.iter().any(|w| contains_word(clause, w))
}

/// A full date in a metadata line: `2020-02-01 00:55:28`, a URL's
/// `/2022/03/22/` or `/20220322/`.
pub fn date_in_meta(line: &str) -> Option<RecordDate> {
    let b: Vec<char> = line.chars().collect();
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let (y, k) = digits(&b, i, 4);
        let Some(y) = y.filter(|_| k - i == 4) else {
            continue;
        };
        if !(2000..=2100).contains(&y) {
            continue;
        }
        // YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日
        if matches!(b.get(k), Some('-' | '/' | '.' | '年')) {
            let (m, k2) = digits(&b, k + 1, 2);
            if matches!(b.get(k2), Some('-' | '/' | '.' | '月')) {
                let (d, _) = digits(&b, k2 + 1, 2);
                if let (Some(m), Some(d)) = (m, d)
                    && let Some(date) = RecordDate::ymd(y as i32, m as u8, d as u8)
                {
                    return Some(date);
                }
            }
        }
        // YYYYMMDD in a URL
        let (all, k8) = digits(&b, i, 8);
        if k8 - i == 8 && !b.get(k8).is_some_and(|c| c.is_ascii_digit()) {
            let all = all.unwrap_or_default();
            if let Some(date) = RecordDate::ymd(
                (all / 10000) as i32,
                ((all / 100) % 100) as u8,
                (all % 100) as u8,
            ) {
                return Some(date);
            }
        }
    }
    None
}

/// Guesses the year of a text from its cue words; `None` when nothing
/// points anywhere.
pub fn infer_year(text: &str) -> Option<i32> {
    let (score, _) = soft_scores(text);
    let best = (0..3).max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)))?;
    (score[best] > 0.0).then_some(2020 + best as i32)
}

/// Years written in the text (`2021年`) that fall in the epidemic's years,
/// most frequent first.
pub fn stated_year(text: &str) -> Option<i32> {
    stated_year_in(&super::chars_of(text))
}

/// [`stated_year`] of a text in chars.
fn stated_year_in(chars: &[char]) -> Option<i32> {
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..chars.len().saturating_sub(4) {
        // 年 first: it is the rarer test.
        if chars[i + 4] == '年' && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let (y, k) = digits(chars, i, 4);
            if k - i == 4
                && let Some(y) = y.filter(|y| (2019..=2023).contains(y))
            {
                *counts.entry(y as i32).or_insert(0) += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

/// An article's date and how it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleDate {
    pub date: RecordDate,
    pub basis: DateBasis,
    /// What gave the date or its year.
    pub clue: Clue,
    /// The day itself was given (a dates file, an address, the markup, a
    /// dateline), not taken as the latest day the text writes.
    pub firm: bool,
}

/// Resolves a month/day written without a year against the article's date:
/// a December date in a January article is last year's.
/// `month` is the month last written before a lone day (`1月17日和22日`).
pub fn resolve(m: &DateMention, month: Option<u8>, article: &ArticleDate) -> Option<RecordDate> {
    let month = m.month.or(month).or(article.date.month)?;
    let mut year = m.year.unwrap_or(article.date.year);
    if m.year.is_none()
        && let Some(am) = article.date.month
        && month as i32 > am as i32 + 1
    {
        year -= 1;
    }
    match m.day {
        Some(d) => RecordDate::ymd(year, month, d),
        None => Some(RecordDate {
            year,
            month: Some(month),
            day: None,
        }),
    }
}

/// Where a page's date, or its year, came from: the `date_clue` the app
/// shows beside a record, so a person sees why a year was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clue {
    /// The folder's `countylens-dates.csv`.
    DatesFile,
    FileName,
    Folder,
    /// A publication date in the page's markup or a labelled line (发布时间).
    Meta,
    /// The page's own web address (saved-from, canonical, 本文链接).
    Url,
    /// A timestamp under the headline, an e-paper page's header date.
    Dateline,
    /// The sentence writes its own year.
    Sentence,
    /// Years the text writes (`2021年`), the most frequent.
    YearInText,
    /// A day with its weekday (`3月12日（星期六）`) fits one year only.
    Weekday(&'static str),
    /// A word used only in some months of the epidemic.
    Era(&'static str),
    /// Words more common in one year than others (涉鄂, 第一针): a lean,
    /// not a bound.
    Words(&'static str),
    /// 2月29日: only 2020 among the epidemic's years has it.
    LeapDay,
    /// Nothing pointed anywhere: the first year of the epidemic.
    Default,
}

impl std::fmt::Display for Clue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clue::DatesFile => f.write_str("dates file"),
            Clue::FileName => f.write_str("file name"),
            Clue::Folder => f.write_str("folder"),
            Clue::Meta => f.write_str("meta"),
            Clue::Url => f.write_str("url"),
            Clue::Dateline => f.write_str("dateline"),
            Clue::Sentence => f.write_str("sentence"),
            Clue::YearInText => f.write_str("year in text"),
            Clue::Weekday(w) => write!(f, "weekday {w}"),
            Clue::Era(w) => write!(f, "era {w}"),
            Clue::Words(w) => write!(f, "words {w}"),
            Clue::LeapDay => f.write_str("leap day"),
            Clue::Default => f.write_str("no clue"),
        }
    }
}

/// Years a four-digit number in an address may be. A wide span: an
/// address's date is its own, whatever year it names.
const ADDRESS_YEARS: std::ops::RangeInclusive<u32> = 2000..=2099;

/// The date in a file path or web address: `2022-03-12`, `2022_03_12`,
/// `20220312`, `t20220312_…`, `2022/0312/`, `2022/03/12`, `/2022-03/12/`,
/// `/art/2022/3/12/`, `2022年3月12日`; a month alone (`/202203/`,
/// `2022-03`) or a year alone as a whole folder (`2020/`). The most precise
/// date wins, the first of equals.
pub fn date_in_address(s: &str) -> Option<RecordDate> {
    date_in_address_at(s).map(|(d, _)| d)
}

/// As [`date_in_address`], with the byte offset where the date starts.
fn date_in_address_at(s: &str) -> Option<(RecordDate, usize)> {
    let b: Vec<char> = s.chars().collect();
    let mut byte_at = Vec::with_capacity(b.len() + 1);
    let mut off = 0;
    for c in &b {
        byte_at.push(off);
        off += c.len_utf8();
    }
    byte_at.push(off);
    let mut best: Option<(RecordDate, usize)> = None;
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        if let Some(d) = address_date_at(&b, i)
            && best.is_none_or(|(bd, _)| precision(d) > precision(bd))
        {
            best = Some((d, byte_at[i]));
        }
    }
    best
}

/// 3 for a day, 2 for a month, 1 for a year alone.
pub(crate) fn precision(d: RecordDate) -> u8 {
    1 + u8::from(d.month.is_some()) + u8::from(d.day.is_some())
}

fn is_address_sep(c: Option<&char>) -> bool {
    matches!(c, Some('-' | '_' | '.' | '/'))
}

/// A date of an address starting at `i`, which no digit precedes.
fn address_date_at(b: &[char], i: usize) -> Option<RecordDate> {
    let (y, k) = digits(b, i, 4);
    let y = y.filter(|y| k - i == 4 && ADDRESS_YEARS.contains(y))? as i32;
    let month_only = |m: u32| RecordDate::ymd(y, m as u8, 1).map(|d| RecordDate { day: None, ..d });
    let segment_start = i == 0 || b[i - 1] == '/' || b[i - 1] == '\\';
    match b.get(k) {
        Some('年') => {
            // `2020年/` as a whole folder names a year.
            if segment_start && matches!(b.get(k + 1), Some('/' | '\\')) {
                return Some(RecordDate {
                    year: y,
                    month: None,
                    day: None,
                });
            }
            let (m, k2) = digits(b, k + 1, 2);
            let m = m.filter(|_| b.get(k2) == Some(&'月'))?;
            let (d, k3) = digits(b, k2 + 1, 2);
            match d.filter(|_| matches!(b.get(k3), Some('日' | '号'))) {
                Some(d) => RecordDate::ymd(y, m as u8, d as u8),
                None => month_only(m),
            }
        }
        Some(&sep) if is_address_sep(Some(&sep)) => {
            let (m, k2) = digits(b, k + 1, 4);
            let Some(m) = m else {
                // `2020/` as a whole folder names a year.
                return (sep == '/' && segment_start).then_some(RecordDate {
                    year: y,
                    month: None,
                    day: None,
                });
            };
            let followed_by_digit = b.get(k2).is_some_and(|c| c.is_ascii_digit());
            if followed_by_digit {
                return None;
            }
            match k2 - (k + 1) {
                // `2022/0312/`: month and day in one folder.
                4 => RecordDate::ymd(y, (m / 100) as u8, (m % 100) as u8),
                1 | 2 => {
                    let sep2 = b.get(k2);
                    if is_address_sep(sep2) {
                        let (d, k3) = digits(b, k2 + 1, 2);
                        let bounded = !b.get(k3).is_some_and(|c| c.is_ascii_digit());
                        if let Some(d) = d.filter(|_| bounded)
                            && let Some(date) = RecordDate::ymd(y, m as u8, d as u8)
                        {
                            return Some(date);
                        }
                    }
                    // A month alone, unless a dot follows: `2022.1.txt`
                    // may be a version.
                    (sep2 != Some(&'.')).then(|| month_only(m)).flatten()
                }
                _ => None,
            }
        }
        Some(c) if c.is_ascii_digit() => {
            let (all, k8) = digits(b, i, 8);
            let all = all?;
            let bounded = !b.get(k8).is_some_and(|c| c.is_ascii_digit());
            match k8 - i {
                8 if bounded => RecordDate::ymd(
                    (all / 10000) as i32,
                    ((all / 100) % 100) as u8,
                    (all % 100) as u8,
                ),
                // `/202203/`: a month folder.
                6 if segment_start && b.get(k8) == Some(&'/') => month_only(all % 100),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The date in a file's path relative to the opened folder, and whether it
/// sits in the file's name or in a folder.
pub fn date_in_path(source: &str) -> Option<(RecordDate, Clue)> {
    let source = source.replace('\\', "/");
    let (date, at) = date_in_address_at(&source)?;
    let name_start = source.rfind('/').map_or(0, |p| p + 1);
    Some((
        date,
        if at >= name_start {
            Clue::FileName
        } else {
            Clue::Folder
        },
    ))
}

/// The years a page without a written year can be from: the epidemic's.
/// Within 2019–2023 a month, day and weekday fit one year at most (the
/// weekday moves one or two days a year, at most five in four years).
const EPIDEMIC_YEARS: std::ops::RangeInclusive<i32> = 2019..=2023;

/// The day of the week of a date, 0 for Sunday (Sakamoto's method).
pub fn weekday(year: i32, month: u8, day: u8) -> u8 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    ((y + y / 4 - y / 100 + y / 400 + T[month as usize - 1] + day as i32).rem_euclid(7)) as u8
}

/// The weekday written right after a date (`3月12日（星期六）`,
/// `3月12日 周六`), as its word and number.
pub fn weekday_after(chars: &[char], end: usize) -> Option<(&'static str, u8)> {
    let mut k = end;
    while k < chars.len() && k - end < 2 && matches!(chars[k], '(' | '（' | ' ' | ',' | '，') {
        k += 1;
    }
    WEEKDAYS
        .iter()
        .find(|(w, _)| starts_with_at(chars, k, w))
        .copied()
}

/// The weekday written right before a day in brackets (`周五（26日）`).
pub fn weekday_before(chars: &[char], start: usize) -> Option<(&'static str, u8)> {
    let mut k = start;
    while k > 0 && start - k < 1 && matches!(chars[k - 1], '(' | '（') {
        k -= 1;
    }
    if k == start {
        return None;
    }
    WEEKDAYS
        .iter()
        .find(|(w, _)| ends_with_at(chars, k, w))
        .copied()
}

/// The epidemic years in which `month`/`day` falls on `wd`.
pub fn weekday_years(month: u8, day: u8, wd: u8) -> Vec<i32> {
    EPIDEMIC_YEARS
        .filter(|&y| RecordDate::ymd(y, month, day).is_some() && weekday(y, month, day) == wd)
        .collect()
}

/// A word used in some months of the epidemic only, from the first month
/// to the last (inclusive, `(year, month)`), and how much it weighs
/// against other such words when they disagree.
#[derive(Debug, Clone, Copy)]
pub struct Era {
    pub word: &'static str,
    pub from: (i32, u8),
    pub to: (i32, u8),
    pub weight: u32,
}

const fn era(word: &'static str, from: (i32, u8), to: (i32, u8), weight: u32) -> Era {
    Era {
        word,
        from,
        to,
        weight,
    }
}

/// Words of known eras. Official names and terms came and went on known
/// days (the disease was 新型冠状病毒感染的肺炎 until 8 February 2020,
/// 新冠肺炎 until 26 December 2022); variants were named when they arrived
/// (德尔塔 in spring 2021, 奥密克戎 at the end of November 2021); policies
/// have their months (a 7-day test for going home at the Spring Festival of
/// 2021, 48 hours a year later; 动态清零 from August 2021; 新十条 on
/// 7 December 2022; 乙类乙管 from its announcement on 26 December 2022).
/// The spans are a little wider than the terms' official life: pages keep
/// an old name a few weeks.
pub const ERAS: &[Era] = &[
    era("不明原因的病毒性肺炎", (2019, 12), (2020, 1), 4),
    era("不明原因肺炎", (2019, 12), (2020, 1), 3),
    era("新型冠状病毒感染的肺炎", (2020, 1), (2020, 3), 4),
    era("新冠肺炎", (2020, 2), (2023, 1), 1),
    era("新型冠状病毒肺炎", (2020, 2), (2023, 1), 1),
    era("涉鄂", (2020, 1), (2020, 6), 3),
    era("复工复产", (2020, 2), (2020, 12), 2),
    era("延期开学", (2020, 1), (2020, 5), 1),
    era("就地过年", (2021, 1), (2022, 2), 1),
    era("7天内核酸检测阴性证明", (2020, 12), (2021, 3), 2),
    era("7日内核酸检测阴性证明", (2020, 12), (2021, 3), 2),
    // Prepared for years, so it only rules out the time after the Games.
    era("冬奥", (2019, 12), (2022, 3), 1),
    era("德尔塔", (2021, 5), (2022, 3), 3),
    era("奥密克戎", (2021, 11), (2023, 3), 3),
    era("加强针", (2021, 9), (2023, 6), 2),
    era("第三针", (2021, 9), (2023, 6), 2),
    era("加强免疫", (2021, 9), (2023, 6), 2),
    era("动态清零", (2021, 8), (2022, 12), 2),
    era("场所码", (2021, 11), (2022, 12), 2),
    era("落地检", (2022, 1), (2022, 12), 2),
    era("常态化核酸", (2022, 4), (2022, 12), 2),
    era("抗原检测", (2022, 3), (2023, 3), 1),
    // Not 第九版 or 二十条 alone: an e-paper's page nine, a law's 第二十条.
    era("方案（第九版）", (2022, 6), (2022, 12), 2),
    era("方案(第九版)", (2022, 6), (2022, 12), 2),
    era("第九版防控方案", (2022, 6), (2022, 12), 2),
    era("“二十条”", (2022, 11), (2022, 12), 2),
    era("二十条优化措施", (2022, 11), (2022, 12), 2),
    era("新十条", (2022, 12), (2023, 3), 4),
    era("乙类乙管", (2022, 12), (2023, 12), 4),
];

impl Era {
    /// Can a page of `year` (and `month`, when known) use this word?
    pub fn allows(&self, year: i32, month: Option<u8>) -> bool {
        match month {
            Some(m) => self.from <= (year, m) && (year, m) <= self.to,
            None => self.from.0 <= year && year <= self.to.0,
        }
    }
}

/// The eras whose words the text uses, each once.
pub fn eras_in(text: &str) -> Vec<&'static Era> {
    eras_in_chars(&super::chars_of(text))
}

/// [`eras_in`] of a text in chars.
fn eras_in_chars(chars: &[char]) -> Vec<&'static Era> {
    static WORDS: std::sync::OnceLock<WordsByFirst> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| WordsByFirst::new(ERAS.iter().map(|e| e.word)));
    let mut seen = [false; ERAS.len()];
    words.each_hit(chars, |k| seen[k] = true);
    ERAS.iter()
        .zip(seen)
        .filter(|(_, s)| *s)
        .map(|(e, _)| e)
        .collect()
}

/// A short word list searched in a text's chars, each occurrence counted
/// under the first of equal words (as the automaton of the tests' oracle
/// counts them).
struct WordsByFirst {
    words: super::cues::CharWords,
    /// For each word, the index it counts under: the first of equal words.
    ids: Vec<usize>,
}

impl WordsByFirst {
    fn new<'w>(list: impl Iterator<Item = &'w str>) -> WordsByFirst {
        let all: Vec<&str> = list.collect();
        let ids = (0..all.len())
            .map(|k| all.iter().position(|w| *w == all[k]).unwrap_or(k))
            .collect();
        WordsByFirst {
            words: super::cues::CharWords::new(all),
            ids,
        }
    }

    /// Calls `hit` with the word's index for every occurrence, in order of
    /// their starts (words of one start in list order).
    fn each_hit(&self, chars: &[char], mut hit: impl FnMut(usize)) {
        self.words.each_hit(chars, |_, w| hit(self.ids[w]));
    }
}

/// The date a labelled metadata line gives (`发布时间:2022-03-12`, a
/// timestamp under the headline, `本文链接:http://…/202203/t20220312_1.html`),
/// with the kind of line it came from.
pub fn meta_line_date(line: &str) -> Option<(RecordDate, Clue)> {
    if line.contains("http") || line.contains("www.") {
        // A year alone in a link (`/2019/`) may be an upload folder.
        return date_in_address(line)
            .filter(|&d| precision(d) >= 2)
            .map(|d| (d, Clue::Url));
    }
    let d = date_in_meta(line).or_else(|| short_year_stamp(line))?;
    let labelled = ["来源", "发布", "发表", "时间", "日期", "编辑", "作者"]
        .iter()
        .any(|w| line.contains(w));
    Some((d, if labelled { Clue::Meta } else { Clue::Dateline }))
}

/// A timestamp with a two-digit year, as some portals print it under the
/// headline: `22-01-15 08:30`. The clock time must follow, so that other
/// number triples are not taken for dates.
fn short_year_stamp(line: &str) -> Option<RecordDate> {
    let b: Vec<char> = line.chars().collect();
    (0..b.len()).find_map(|i| {
        if i > 0 && b[i - 1].is_ascii_digit() {
            return None;
        }
        let two = |k: usize| -> Option<u32> {
            let (v, e) = digits(&b, k, 2);
            v.filter(|_| e - k == 2)
        };
        let (y, m, d) = (two(i)?, two(i + 3)?, two(i + 6)?);
        let shape = b.get(i + 2) == Some(&'-')
            && b.get(i + 5) == Some(&'-')
            && b.get(i + 8) == Some(&' ')
            && two(i + 9).is_some()
            && b.get(i + 11) == Some(&':');
        if !shape || !(19..=29).contains(&y) {
            return None;
        }
        RecordDate::ymd(2000 + y as i32, m as u8, d as u8)
    })
}

/// A full date on a short line near the top or at the head of a story (an
/// e-paper page's header `2020年2月25日 星期二`, `新华社长沙2022年3月12日电`),
/// or on a line of its own anywhere (a notice's signature date). Short lines
/// further down are other stories' headlines and lists.
fn dateline_date(page: &Page) -> Option<RecordDate> {
    for (i, p) in page.paras.iter().enumerate() {
        let short =
            (i < 8 && p.chars.len() <= 40 || p.chars.len() <= 14) && !p.chars.contains(&'。');
        let head = &p.chars[..p.chars.len().min(30)];
        for m in find_dates(if short { &p.chars } else { head }) {
            let is_dateline = short || starts_with_at(head, m.end, "电");
            if let (true, Some(y), Some(mo), Some(d)) = (is_dateline, m.year, m.month, m.day)
                && let Some(date) = RecordDate::ymd(y, mo, d)
            {
                return Some(date);
            }
        }
    }
    None
}

/// Does a fuller date `d` fit the less precise `anchor`?
fn agrees(anchor: RecordDate, d: RecordDate) -> bool {
    d.year == anchor.year && anchor.month.is_none_or(|m| d.month == Some(m))
}

/// Each paragraph's dates, found when first asked for and then kept for
/// the page: the page's date and every article's date read them.
#[derive(Default)]
pub struct ParaDates(std::cell::OnceCell<Vec<Vec<DateMention>>>);

impl ParaDates {
    /// The dates of `page`'s paragraphs (always the same page).
    fn of(&self, page: &Page) -> &[Vec<DateMention>] {
        self.0
            .get_or_init(|| page.paras.iter().map(|p| find_dates(&p.chars)).collect())
    }
}

/// A page's date: from the person's dates file, the file's path, the
/// page's markup, its metadata lines, a dateline; the first that gives one
/// decides, and a later, fuller one that agrees with it adds month and day.
/// Without any, the year is inferred from the text ([`infer_page_year`]).
/// A date still without a day takes the latest day the text gives in it.
/// `para_dates` keeps the paragraphs' dates it finds for the articles.
pub fn page_date(
    page: &Page,
    given: Option<RecordDate>,
    source: &str,
    markup: Option<(RecordDate, Clue)>,
    para_dates: &ParaDates,
) -> ArticleDate {
    let mut found: Vec<(RecordDate, Clue)> = Vec::new();
    found.extend(given.map(|d| (d, Clue::DatesFile)));
    found.extend(date_in_path(source));
    found.extend(markup);
    found.extend(page.meta.iter().filter_map(|l| meta_line_date(l)));
    found.extend(dateline_date(page).map(|d| (d, Clue::Dateline)));
    let all: Vec<usize> = (0..page.paras.len()).collect();
    let dates = || para_dates.of(page);
    if found
        .first()
        .is_some_and(|&(d, clue)| clue == Clue::Url && reposted(page, &all, d, dates()))
    {
        found.retain(|&(_, clue)| clue != Clue::Url);
    }
    if let Some(&(anchor, clue)) = found.first() {
        let (date, clue) = found
            .iter()
            .filter(|(d, _)| agrees(anchor, *d) && precision(*d) > precision(anchor))
            .max_by_key(|(d, _)| precision(*d))
            .copied()
            .unwrap_or((anchor, clue));
        let base = ArticleDate {
            date,
            basis: DateBasis::Article,
            clue,
            firm: date.day.is_some(),
        };
        if date.day.is_some() {
            return base;
        }
        return latest_date_in(page, &all, base, dates()).unwrap_or(base);
    }
    // The paragraphs' chars in one run, sized once.
    let mut text = Vec::with_capacity(page.paras.iter().map(|p| p.chars.len()).sum());
    for p in &page.paras {
        text.extend_from_slice(&p.chars);
    }
    // The page's month and day, whatever its year: the year is tried
    // against them (a weekday, an era's months). 2020 is a leap year, so
    // 2月29日 survives the probe.
    let probe = ArticleDate {
        date: RecordDate {
            year: 2020,
            month: None,
            day: None,
        },
        basis: DateBasis::Inferred,
        clue: Clue::Default,
        firm: false,
    };
    let named = month_day_in_name(source);
    let day = match named {
        Some((month, day)) => Some(RecordDate {
            year: 2020,
            month: Some(month),
            day: Some(day),
        }),
        None => latest_date_in(page, &all, probe, dates()).map(|a| a.date),
    };
    let (year, basis, clue) = infer_page_year(page, &text, day, dates());
    if let Some(date) = named.and_then(|(m, d)| RecordDate::ymd(year, m, d)) {
        return ArticleDate {
            date,
            basis: DateBasis::Inferred,
            clue: Clue::FileName,
            firm: true,
        };
    }
    let base = ArticleDate {
        date: RecordDate {
            year,
            month: None,
            day: None,
        },
        basis,
        clue,
        firm: false,
    };
    latest_date_in(page, &all, base, dates()).unwrap_or(base)
}

/// A month and day that open a file's name (`0218-情况汇报.txt`,
/// `0312_通报.html`): people who save a page a day name it so, and leave
/// the year to the folder or to nobody.
fn month_day_in_name(source: &str) -> Option<(u8, u8)> {
    let source = source.replace('\\', "/");
    let name: Vec<char> = source.rsplit('/').next()?.chars().collect();
    if name.len() < 5
        || !name[..4].iter().all(|c| c.is_ascii_digit())
        || !matches!(name[4], '-' | '_' | ' ' | '.')
    {
        return None;
    }
    let num =
        |a: usize| name[a].to_digit(10).unwrap_or(0) * 10 + name[a + 1].to_digit(10).unwrap_or(0);
    let (m, d) = (num(0), num(2));
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m as u8, d as u8))
}

/// Is a web address's day months after every day the body reports? Then
/// the address dates a re-posting (a portal moving old bulletins), not the
/// report, and its year is no clue either: the page's own words decide.
fn reposted(page: &Page, all: &[usize], address: RecordDate, dates: &[Vec<DateMention>]) -> bool {
    let (Some(am), Some(ad)) = (address.month, address.day) else {
        return false;
    };
    let base = ArticleDate {
        date: RecordDate {
            year: address.year,
            month: None,
            day: None,
        },
        basis: DateBasis::Article,
        clue: Clue::Url,
        firm: false,
    };
    let Some(body) = latest_date_in(page, all, base, dates).map(|a| a.date) else {
        return false;
    };
    let (Some(bm), Some(bd)) = (body.month, body.day) else {
        return false;
    };
    // About two months: a report is posted within days, a re-post much later.
    let ordinal = |m: u8, d: u8| m as i32 * 31 + d as i32;
    ordinal(am, ad) - ordinal(bm, bd) > 62
}

/// The one year all of a page's weekdays fit (`3月12日（星期六）` → 2022),
/// with the first weekday's word; `None` when the page names no weekday
/// after a day or its weekdays disagree.
fn weekday_year(page: &Page, dates: &[Vec<DateMention>]) -> Option<(i32, &'static str)> {
    let mut years: Option<Vec<i32>> = None;
    let mut word = None;
    for (p, found) in page.paras.iter().zip(dates) {
        let mut month = None;
        for &m in found {
            month = m.month.or(month);
            let (Some(mo), Some(d)) = (month, m.day) else {
                continue;
            };
            if m.year.is_some() {
                continue;
            }
            let Some((w, wd)) =
                weekday_after(&p.chars, m.end).or_else(|| weekday_before(&p.chars, m.start))
            else {
                continue;
            };
            let fit = weekday_years(mo, d, wd);
            years = Some(match years {
                None => fit,
                Some(ys) => ys.into_iter().filter(|y| fit.contains(y)).collect(),
            });
            word = word.or(Some(w));
        }
    }
    match years?.as_slice() {
        [y] => Some((*y, word?)),
        _ => None,
    }
}

/// The year of a page that never writes its full date, from what its text
/// says, strongest first: a weekday with a day; a year the text writes, when
/// no era word contradicts it; a leap day; then the era words, weighed
/// against one another (a span that excludes more years decides), leaning
/// last on words common in one year ([`infer_year`]). `day` is the page's
/// latest month and day, if any, which the era spans are checked against.
/// `text` is the page's paragraphs in chars, `dates` each paragraph's dates.
fn infer_page_year(
    page: &Page,
    text: &[char],
    day: Option<RecordDate>,
    dates: &[Vec<DateMention>],
) -> (i32, DateBasis, Clue) {
    let month = day.and_then(|d| d.month);
    let stated = stated_year_in(text);
    let weekday = weekday_year(page, dates);
    // The era words matter only to a stated year and to the scores below;
    // a page that a weekday or a leap day decides needs no search for them.
    let eras = std::cell::OnceCell::new();
    let eras = || eras.get_or_init(|| eras_in_chars(text));
    if let Some(y) = stated {
        let fits =
            eras().iter().all(|e| e.allows(y, month)) && weekday.is_none_or(|(wy, _)| wy == y);
        if fits {
            return (y, DateBasis::Article, Clue::YearInText);
        }
    }
    if let Some((y, w)) = weekday {
        return (y, DateBasis::Inferred, Clue::Weekday(w));
    }
    let candidates: Vec<i32> = EPIDEMIC_YEARS
        .filter(|&y| y != 2019 || month == Some(12))
        .filter(|&y| match (month, day.and_then(|d| d.day)) {
            (Some(m), Some(d)) => RecordDate::ymd(y, m, d).is_some(),
            _ => true,
        })
        .collect();
    if let [y] = candidates.as_slice() {
        return (*y, DateBasis::Inferred, Clue::LeapDay);
    }
    let eras = eras();
    let (soft, soft_word) = soft_scores_in(text);
    let score = |y: i32| -> f32 {
        let era: u32 = eras
            .iter()
            .filter(|e| e.allows(y, month))
            .map(|e| e.weight * 10)
            .sum();
        let stated_w = if stated == Some(y) { 25.0 } else { 0.0 };
        era as f32 + stated_w + soft_of(&soft, y)
    };
    let Some(best) = candidates
        .iter()
        .copied()
        .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
        .filter(|&y| score(y) > 0.0)
    else {
        return (2020, DateBasis::Inferred, Clue::Default);
    };
    // The era that decided: one the winner fits that rules out the most
    // other years.
    let decider = eras
        .iter()
        .filter(|e| e.allows(best, month))
        .map(|e| {
            let excluded = candidates.iter().filter(|&&y| !e.allows(y, month)).count();
            (excluded, e.weight, e.word)
        })
        .filter(|&(excluded, _, _)| excluded > 0)
        .max();
    let clue = match decider {
        Some((_, _, w)) => Clue::Era(w),
        None if stated == Some(best) => Clue::YearInText,
        None => soft_word(best).map_or(Clue::Default, Clue::Words),
    };
    (best, DateBasis::Inferred, clue)
}

fn soft_of(soft: &[f32; 3], y: i32) -> f32 {
    usize::try_from(y - 2020)
        .ok()
        .and_then(|i| soft.get(i))
        .copied()
        .unwrap_or(0.0)
}

/// Scores of 2020–2022 from [`YEAR_CUES`], and for a year the cue word that
/// gave it most.
fn soft_scores(text: &str) -> ([f32; 3], impl Fn(i32) -> Option<&'static str>) {
    soft_scores_in(&super::chars_of(text))
}

/// How often each of [`YEAR_CUES`] occurs in `text`, counted as
/// an automaton of them finds them (an equal word counts for its first entry),
/// without the page's string.
fn year_cue_counts(text: &[char]) -> [usize; YEAR_CUES.len()] {
    static WORDS: std::sync::OnceLock<WordsByFirst> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| WordsByFirst::new(YEAR_CUES.iter().map(|(w, _)| *w)));
    let mut seen = [0usize; YEAR_CUES.len()];
    words.each_hit(text, |k| seen[k] += 1);
    seen
}

/// [`soft_scores`] of a text in chars.
fn soft_scores_in(text: &[char]) -> ([f32; 3], impl Fn(i32) -> Option<&'static str> + use<>) {
    let seen = year_cue_counts(text);
    let mut score = [0f32; 3];
    for (k, (_, w)) in YEAR_CUES.iter().enumerate() {
        let n = seen[k].min(3) as f32;
        for y in 0..3 {
            score[y] += n * w[y];
        }
    }
    let top = move |y: i32| {
        let i = usize::try_from(y - 2020).ok().filter(|&i| i < 3)?;
        YEAR_CUES
            .iter()
            .zip(seen)
            .filter(|((_, w), n)| *n > 0 && w[i] > 0.0)
            .max_by(|a, b| {
                let wa = a.0.1[i] * a.1.min(3) as f32;
                let wb = b.0.1[i] * b.1.min(3) as f32;
                wa.total_cmp(&wb)
            })
            .map(|((c, _), _)| *c)
    };
    (score, top)
}

/// An article's date is its page's (a newspaper page's articles appear on
/// one day). When the page's day is only the latest the text writes, an
/// article that sums itself up as of a day (`截至2月20日`) takes that day:
/// features written some days before the page appeared do that. When the
/// page's day is known, a `截至` holds for its own paragraph only.
pub fn article_date(
    page: &Page,
    paras: &[usize],
    page_date: ArticleDate,
    para_dates: &ParaDates,
) -> ArticleDate {
    if page_date.firm {
        return page_date;
    }
    let mut best: Option<RecordDate> = None;
    let dates = para_dates.of(page);
    for &p in paras {
        let mut month = None;
        for m in &dates[p] {
            month = m.month.or(month);
            if m.kind != DateKind::Cutoff || m.day.is_none() {
                continue;
            }
            if let Some(d) = resolve(m, month, &page_date)
                && (d <= page_date.date || page_date.date.day.is_none())
            {
                best = best.max(Some(d));
            }
        }
    }
    match best {
        Some(date) => ArticleDate { date, ..page_date },
        None => page_date,
    }
}

/// The latest day written in the body that is not a start, a deadline or
/// a future day (`4月8日零时起`, `将于`, `3月5日前上报`) or the end of a
/// range: the day of the report. It must fall in `base`'s year (and month,
/// when `base` has one). Without such a day, a weaker one will do, in this
/// order: a start (`自3月1日以来`), a day in a headline, a month alone; a
/// page that gives one of them is still of that month, not of a bare year.
fn latest_date_in(
    page: &Page,
    paras: &[usize],
    base: ArticleDate,
    dates: &[Vec<DateMention>],
) -> Option<ArticleDate> {
    // Body day, body start, headline day, month alone.
    let mut tiers: [Option<RecordDate>; 4] = [None; 4];
    for &p in paras {
        let kind = page.paras[p].kind;
        if kind == ParaKind::Byline {
            continue;
        }
        let chars = &page.paras[p].chars;
        let mut month = None;
        for &m in &dates[p] {
            month = m.month.or(month);
            if m.kind == DateKind::Deadline {
                continue;
            }
            let before = &chars[m.start.saturating_sub(4)..m.start];
            if before.contains(&'将')
                || contains_word(before, "预计")
                || contains_word(before, "计划")
            {
                continue;
            }
            let Some(d) = resolve(
                &m,
                month,
                &ArticleDate {
                    date: RecordDate {
                        year: m.year.unwrap_or(base.date.year),
                        month: None,
                        day: None,
                    },
                    ..base
                },
            ) else {
                continue;
            };
            if !agrees(base.date, d) {
                continue;
            }
            let tier = match (m.day, kind, m.kind) {
                (None, _, _) => 3,
                (Some(_), ParaKind::Headline, _) => 2,
                (Some(_), _, DateKind::Since) => 1,
                _ => 0,
            };
            if tiers[tier].is_none_or(|b| d > b) {
                tiers[tier] = Some(d);
            }
        }
    }
    tiers
        .into_iter()
        .flatten()
        .next()
        .map(|date| ArticleDate { date, ..base })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn finds_dates_and_their_kind() {
        let d = find_dates(&chars(
            "截至8月11日,自2021年4月1日起,3月份,12306,22日晚上,4月8日零时起",
        ));
        assert_eq!(d.len(), 5);
        assert_eq!(
            (d[0].month, d[0].day, d[0].kind),
            (Some(8), Some(11), DateKind::Cutoff)
        );
        assert_eq!(
            (d[1].year, d[1].month, d[1].kind),
            (Some(2021), Some(4), DateKind::Since)
        );
        assert_eq!((d[2].month, d[2].day), (Some(3), None));
        assert_eq!(
            (d[3].month, d[3].day, d[3].kind),
            (None, Some(22), DateKind::Plain)
        );
        assert_eq!(d[4].kind, DateKind::Since);
        let range = find_dates(&chars("从2月19日起至3月4日"));
        assert_eq!(range[1].kind, DateKind::Since);
        let range = find_dates(&chars("8月1日至5日，全县出动"));
        assert_eq!(
            (range[0].kind, range[1].kind, range[1].day),
            (DateKind::Since, DateKind::Plain, Some(5))
        );
    }

    #[test]
    fn meta_dates() {
        assert_eq!(
            date_in_meta("2020-02-01 00:55:28").unwrap().to_string(),
            "2020-02-01"
        );
        assert_eq!(
            date_in_meta("本文链接:https://example.cn/content/2022/03/22/11039053.html")
                .unwrap()
                .to_string(),
            "2022-03-22"
        );
        assert_eq!(
            date_in_meta("http://x.cn/a/20210812/1.html")
                .unwrap()
                .to_string(),
            "2021-08-12"
        );
        assert!(date_in_meta("电话 12345678901").is_none());
        assert_eq!(
            date_in_meta("2022年4月12日 来源:某某融媒体中心")
                .unwrap()
                .to_string(),
            "2022-04-12"
        );
    }

    #[test]
    fn inferred_years() {
        assert_eq!(
            infer_year("对涉鄂人员实行居家隔离,武汉返乡人员全部登记"),
            Some(2020)
        );
        assert_eq!(infer_year("进入须扫场所码,督促接种加强针"), Some(2022));
        assert_eq!(
            infer_year("18岁以上人口第一针接种率达到九成,德尔塔"),
            Some(2021)
        );
        assert_eq!(infer_year("今天天气很好"), None);
    }

    #[test]
    fn december_in_a_january_article_is_last_year() {
        let art = ArticleDate {
            date: RecordDate::ymd(2021, 1, 10).unwrap(),
            basis: DateBasis::Article,
            clue: Clue::Dateline,
            firm: true,
        };
        let m = find_dates(&chars("12月28日"))[0];
        assert_eq!(resolve(&m, None, &art).unwrap().to_string(), "2020-12-28");
        let lone = find_dates(&chars("22日"))[0];
        assert_eq!(
            resolve(&lone, Some(1), &art).unwrap().to_string(),
            "2021-01-22"
        );
    }

    fn show(d: Option<RecordDate>) -> String {
        d.map_or("-".into(), |d| d.to_string())
    }

    #[test]
    fn dates_in_paths_and_addresses() {
        let cases = [
            ("疫情/2022-03-12 某县通报.txt", "2022-03-12"),
            ("2022_03_12.html", "2022-03-12"),
            ("saved/20220312某县.htm", "2022-03-12"),
            ("2022/0312/page.txt", "2022-03-12"),
            ("2022年3月12日某县疫情防控.txt", "2022-03-12"),
            (
                "http://www.example.gov.cn/xwzx/202203/t20220312_7654321.html",
                "2022-03-12",
            ),
            (
                "http://paper.example.cn/html/2022-03/12/content_4321.htm",
                "2022-03-12",
            ),
            (
                "http://www.example.gov.cn/art/2021/8/5/art_1229_123456.html",
                "2021-08-05",
            ),
            (
                "http://www.example.cn/n1/2020/0214/c123-31587.html",
                "2020-02-14",
            ),
            (
                "https://example.cn/c/2021-01-18/doc-ikfty.shtml",
                "2021-01-18",
            ),
            ("http://example.cn/202203/t4321.html", "2022-03"),
            ("2020/hengyang-0225.txt", "2020"),
            ("郴州/2021-08 汇编/第三篇.txt", "2021-08"),
            ("2020年/衡东县.txt", "2020"),
        ];
        for (s, want) in cases {
            assert_eq!(show(date_in_address(s)), want, "{s}");
        }
        // Numbers that are no dates: ids, phone numbers, versions, years in names.
        for s in [
            "http://example.cn/art_1229_56781234.html",
            "页面12345678901.txt",
            "v2022.1.txt",
            "某县2020年工作总结.txt",
            "19991301.html",
        ] {
            assert_eq!(date_in_address(s), None, "{s}");
        }
    }

    #[test]
    fn a_path_date_is_the_file_names_or_a_folders() {
        let (d, c) = date_in_path("衡东/20220404-疫情防控.txt").unwrap();
        assert_eq!((d.to_string(), c), ("2022-04-04".into(), Clue::FileName));
        let (d, c) = date_in_path("2020/0225/a.txt").unwrap();
        assert_eq!((d.to_string(), c), ("2020-02-25".into(), Clue::Folder));
        assert_eq!(date_in_path("湘南县/第三篇.txt"), None);
    }

    #[test]
    fn metadata_lines_name_their_clue() {
        let (d, c) = meta_line_date("发布时间：2022-04-01 09:30").unwrap();
        assert_eq!((d.to_string(), c), ("2022-04-01".into(), Clue::Meta));
        let (d, c) = meta_line_date("2021-08-06 17:02").unwrap();
        assert_eq!((d.to_string(), c), ("2021-08-06".into(), Clue::Dateline));
        let (d, c) = meta_line_date("22-01-15 08:30 来源:某某网").unwrap();
        assert_eq!((d.to_string(), c), ("2022-01-15".into(), Clue::Meta));
        assert_eq!(meta_line_date("编号 12-34-56 78"), None);
        assert_eq!(meta_line_date("http://x.cn/uploads/2019/logo.png"), None);
        let (d, c) = meta_line_date("本文链接:http://x.cn/xw/202112/t20211220_1.html").unwrap();
        assert_eq!((d.to_string(), c), ("2021-12-20".into(), Clue::Url));
    }

    #[test]
    fn weekdays_pin_one_year() {
        // 12 March 2022 was a Saturday, 25 January 2020 too.
        assert_eq!(weekday(2022, 3, 12), 6);
        assert_eq!(weekday(2020, 1, 25), 6);
        assert_eq!(weekday_years(3, 12, 6), vec![2022]);
        assert_eq!(weekday_years(1, 25, 6), vec![2020]);
        // Every month, day and weekday fits at most one epidemic year.
        for m in 1..=12u8 {
            for d in 1..=31u8 {
                for wd in 0..7u8 {
                    assert!(weekday_years(m, d, wd).len() <= 1, "{m}-{d} {wd}");
                }
            }
        }
        let c = chars("3月12日（星期六）,4月2日 周六,5月1日礼拜天,6月1日上午");
        let d = find_dates(&c);
        assert_eq!(weekday_after(&c, d[0].end), Some(("星期六", 6)));
        assert_eq!(weekday_after(&c, d[1].end), Some(("周六", 6)));
        assert_eq!(weekday_after(&c, d[2].end), Some(("礼拜天", 0)));
        assert_eq!(weekday_after(&c, d[3].end), None);
        let c = chars("4月初,海口市周五（26日）通报");
        let d = find_dates(&c);
        assert_eq!(weekday_before(&c, d[1].start), Some(("周五", 5)));
        assert_eq!(weekday_before(&c, d[0].start), None);
    }

    #[test]
    fn era_words_are_found_wherever_the_text_has_them() {
        // Every word, alone, inside others, overlapping another, at the ends.
        let mut texts: Vec<String> = ERAS.iter().map(|e| e.word.to_string()).collect();
        texts.push(ERAS.iter().map(|e| e.word).collect::<Vec<_>>().join("，"));
        texts.push("不明原因的病毒性肺炎和新型冠状病毒感染的肺炎与新冠肺炎".into());
        texts.push("方案（第九版）防控方案(第九版防控方案“二十条”新十条乙类乙管".into());
        texts.push("7天内核酸检测阴性证明7日内核酸检测阴性证明冬奥德尔塔加强免疫".into());
        texts.push("没有任何时代的词".into());
        for t in &texts {
            let naive: Vec<&str> = ERAS
                .iter()
                .filter(|e| t.contains(e.word))
                .map(|e| e.word)
                .collect();
            let found: Vec<&str> = eras_in(t).iter().map(|e| e.word).collect();
            assert_eq!(found, naive, "{t}");
        }
        // The year cues, as their table's automaton counts them.
        texts.push(
            super::super::cues::dates::YEAR_CUES
                .iter()
                .map(|(w, _)| *w)
                .collect::<Vec<_>>()
                .concat(),
        );
        texts.push(
            "新冠肺炎、疫苗加强针、核酸检测核酸、检测，涉鄂武汉、湖北口罩、口罩口罩、三码双码"
                .into(),
        );
        for t in &texts {
            use super::super::cues::dates::YEAR_CUE_TABLE;
            let mut table = [0usize; YEAR_CUES.len()];
            for h in YEAR_CUE_TABLE.find_in_str(t) {
                table[h.entry] += 1;
            }
            assert_eq!(year_cue_counts(&chars(t)), table, "{t}");
        }
        let c: Vec<char> = "各乡镇于3月5日前上报".chars().collect();
        assert!(contains_word(&c, "上报") && !contains_word(&c, "报送"));
        assert!(contains_word(&c, "各") && contains_word(&c, "报"));
    }

    #[test]
    fn era_words_and_their_months() {
        let found: Vec<&str> = eras_in("严防奥密克戎变异株输入,落实场所码查验,奥密克戎")
            .iter()
            .map(|e| e.word)
            .collect();
        assert_eq!(found, vec!["奥密克戎", "场所码"]);
        let omicron = ERAS.iter().find(|e| e.word == "奥密克戎").unwrap();
        assert!(!omicron.allows(2021, Some(3)));
        assert!(omicron.allows(2021, Some(12)));
        assert!(omicron.allows(2021, None));
        assert!(!omicron.allows(2020, None));
        // A law's article and a newspaper's page nine are no era.
        assert!(eras_in("依照传染病防治法第二十条,见本报第九版").is_empty());
        // Every span runs forward and lies in the epidemic's years.
        for e in ERAS {
            assert!(
                e.from <= e.to && e.from.0 >= 2019 && e.to.0 <= 2023,
                "{}",
                e.word
            );
            assert!(e.weight > 0);
        }
    }

    fn year_of(text: &str) -> (i32, DateBasis, String) {
        let page = super::super::page::parse(text);
        let d = page_date(&page, None, "a.txt", None, &ParaDates::default());
        (d.date.year, d.basis, d.clue.to_string())
    }

    #[test]
    fn inferred_years_from_weekdays_and_eras() {
        // A notice with a weekday: it decides even against a lean of words.
        let (y, b, c) = year_of(
            "关于做好返乡人员排查的通知\n\n3月12日（星期六）起,各村对武汉返乡人员逐户登记,口罩发放到户。\n",
        );
        assert_eq!(
            (y, b, c.as_str()),
            (2022, DateBasis::Inferred, "weekday 星期六")
        );
        // An Omicron wave in spring is 2022, not 2020.
        let (y, _, c) =
            year_of("本报讯 3月12日,某县召开会议,部署奥密克戎疫情防控,口罩储备充足。\n");
        assert_eq!((y, c.as_str()), (2022, "era 奥密克戎"));
        // 新十条 in December is that year's; 乙类乙管 in January the next.
        assert_eq!(year_of("本报讯 12月9日,某县落实新十条要求。\n").0, 2022);
        assert_eq!(
            year_of("本报讯 1月8日起,某县实施乙类乙管,发热门诊接诊300人次。\n").0,
            2023
        );
        // Early 2020: the first name of the disease.
        let (y, _, c) =
            year_of("本报讯 1月28日,某县全力防控新型冠状病毒感染的肺炎疫情,排查2000户。\n");
        assert_eq!((y, c.as_str()), (2020, "era 新型冠状病毒感染的肺炎"));
        // 2月29日 exists in 2020 only.
        let (y, _, c) = year_of("本报讯 2月29日,某县开展排查,共排查1000户。\n");
        assert_eq!((y, c.as_str()), (2020, "leap day"));
        // A written year stands when the era words agree with it…
        let (y, b, c) = year_of("本报讯 2021年以来,某县接种疫苗20万剂次。8月5日,防范德尔塔。\n");
        assert_eq!(
            (y, b, c.as_str()),
            (2021, DateBasis::Article, "year in text")
        );
        // …not when they say it was another year (a look back at 2020).
        let (y, _, c) = year_of(
            "本报讯 回顾2020年的抗疫,4月2日,某县再次部署奥密克戎防控,落实落地检,推行场所码。\n",
        );
        assert_eq!((y, c.as_str()), (2022, "era 奥密克戎"));
        // A January Spring-Festival screening with the 7-day test is 2021,
        // though vaccines and tests lean later.
        let (y, _, c) = year_of(
            "本报讯 1月25日,某县倡导就地过年,返乡人员须持7天内核酸检测阴性证明,已排查返乡人员1.2万人,核酸检测8000人次,疫苗接种有序推进。\n",
        );
        assert_eq!((y, c.as_str()), (2021, "era 7天内核酸检测阴性证明"));
        // Without the 7-day test, a January page of 就地过年 and tests alone
        // is not pushed to 2022 by its tests.
        let (y, _, _) = year_of(
            "本报讯 1月20日,某县倡导就地过年,对返乡人员开展核酸检测,核酸检测点增至12个,累计核酸检测6000人次。\n",
        );
        assert_eq!(y, 2021);
        // …but a third dose there is 2022.
        let (y, _, c) =
            year_of("本报讯 1月20日,某县倡导就地过年,对返乡人员开展核酸检测,第三针接种1.1万人。\n");
        assert_eq!((y, c.as_str()), (2022, "era 第三针"));
        // Nothing to go on.
        assert_eq!(year_of("本报讯 某县召开会议。\n").2, "no clue");
    }

    #[test]
    fn the_first_source_decides_and_a_fuller_one_adds_the_day() {
        let page = super::super::page::parse(
            "某县:\n\n排查到位\n\n本报讯 3月12日,某县开展排查1000户。3月15日将召开会议。\n",
        );
        let given = RecordDate::parse("2021-03");
        let d = page_date(&page, given, "2022-03-12.txt", None, &ParaDates::default());
        // The dates file says 2021; the file name's 2022 disagrees, so the
        // day comes from the text, within the person's month.
        assert_eq!(
            (d.date.to_string(), d.clue, d.firm),
            ("2021-03-12".into(), Clue::DatesFile, false)
        );
        let d = page_date(
            &page,
            None,
            "2022/某县.txt",
            RecordDate::ymd(2022, 3, 13).map(|d| (d, Clue::Meta)),
            &ParaDates::default(),
        );
        assert_eq!(
            (d.date.to_string(), d.clue, d.firm),
            ("2022-03-13".into(), Clue::Meta, true)
        );
        // A planned meeting (将召开) is not the day of the report.
        let d = page_date(&page, None, "2022/某县.txt", None, &ParaDates::default());
        assert_eq!(
            (d.date.to_string(), d.clue),
            ("2022-03-12".into(), Clue::Folder)
        );
    }

    #[test]
    fn an_epaper_header_is_a_dateline() {
        let page = super::super::page::parse(
            "某某日报 2021年8月6日 星期五\n\n第3版 要闻\n\n本报讯 8月5日,某县完成核酸检测30万人次。\n",
        );
        let d = page_date(&page, None, "a.txt", None, &ParaDates::default());
        assert_eq!(
            (d.date.to_string(), d.clue),
            ("2021-08-06".into(), Clue::Dateline)
        );
    }

    #[test]
    fn a_notices_signature_date_is_a_dateline_and_a_late_headline_is_not() {
        let mut text = String::from("关于进一步做好疫情防控工作的通告\n\n");
        for k in 1..=9 {
            text.push_str(&format!("{k}、各单位要落实防控责任,做好第{k}项工作。\n\n"));
        }
        let late = format!("{text}2021年8月3日召开的会议回顾\n\n");
        let page = super::super::page::parse(&late);
        assert_eq!(
            page_date(&page, None, "a.txt", None, &ParaDates::default()).clue,
            Clue::YearInText
        );
        let signed = format!("{text}某某县疫情防控指挥部\n\n2021年8月6日\n");
        let page = super::super::page::parse(&signed);
        let d = page_date(&page, None, "a.txt", None, &ParaDates::default());
        assert_eq!(
            (d.date.to_string(), d.clue),
            ("2021-08-06".into(), Clue::Dateline)
        );
    }

    #[test]
    fn a_page_date_has_a_month_and_day_whenever_the_text_gives_them() {
        let date = |text: &str| {
            let page = super::super::page::parse(text);
            page_date(&page, None, "2021/a.txt", None, &ParaDates::default())
                .date
                .to_string()
        };
        // Only a start in the body.
        assert_eq!(
            date("本报讯 自3月1日以来,某县累计排查2000人。\n"),
            "2021-03-01"
        );
        // Only a headline's day.
        assert_eq!(
            date("3月12日某县核酸检测情况\n\n某县完成核酸检测5万人次。\n"),
            "2021-03-12"
        );
        // Only a month.
        assert_eq!(date("本报讯 3月份,某县累计排查2000人。\n"), "2021-03");
        // A planned day is none of these.
        assert_eq!(date("本报讯 某县计划3月20日完成接种。\n"), "2021");
    }

    #[test]
    fn deadlines_and_plans_date_nothing() {
        let kinds =
            |s: &str| -> Vec<DateKind> { find_dates(&chars(s)).iter().map(|m| m.kind).collect() };
        assert_eq!(
            kinds("各乡镇于2月23日前上报排查情况"),
            vec![DateKind::Deadline]
        );
        assert_eq!(kinds("到2月23日由各乡镇汇总上报"), vec![DateKind::Deadline]);
        assert_eq!(
            kinds("县里将于3月1日开展第二轮检测"),
            vec![DateKind::Deadline]
        );
        assert_eq!(kinds("计划4月10日完成全员接种"), vec![DateKind::Deadline]);
        assert_eq!(
            kinds("截至3月5日,各乡镇上报排查人数"),
            vec![DateKind::Cutoff]
        );
        assert_eq!(
            kinds("截至3月5日各乡镇上报排查人数"),
            vec![DateKind::Cutoff]
        );
        assert_eq!(kinds("3月5日前后,全县复工"), vec![DateKind::Plain]);
    }
}
