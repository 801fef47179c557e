//! When: an article's date, a sentence's own date, and the year when the
//! page never writes one.
//!
//! Newspaper pages often give only `4月3日`. The year then comes, in order,
//! from a date the person gave for the file, a timestamp or URL of the page,
//! a full date or a year written in the text, and last from what the text
//! talks about: words whose use is tied to a phase of the epidemic (涉鄂 and
//! 复工复产 in early 2020, 第一针 in 2021, 场所码 and 加强针 in 2022). Such a
//! year is flagged `inferred`.

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
    Plain,
}

fn digits(chars: &[char], i: usize, max: usize) -> (Option<u32>, usize) {
    let mut j = i;
    let mut v = 0u32;
    while j < chars.len() && j - i < max && chars[j].is_ascii_digit() {
        v = v * 10 + chars[j].to_digit(10).unwrap();
        j += 1;
    }
    if j == i { (None, i) } else { (Some(v), j) }
}

fn starts_with_at(chars: &[char], i: usize, w: &str) -> bool {
    w.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}

fn ends_with_at(chars: &[char], end: usize, w: &str) -> bool {
    let n = w.chars().count();
    end >= n && starts_with_at(chars, end - n, w)
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
        if let Some(d) = d {
            if matches!(chars.get(k2), Some('日' | '号')) && (1..=31).contains(&d) {
                day = Some(d as u8);
                end = k2 + 1;
            }
        }
        if month.is_none() && day.is_none() {
            i = end.max(i + 1);
            continue;
        }
        let after: String = chars[end..(end + 5).min(chars.len())].iter().collect();
        let prev_is_date = out.last().is_some_and(|p: &DateMention| p.end + 2 >= start);
        let kind = if ["截至", "截止", "截止到"]
            .iter()
            .any(|w| ends_with_at(chars, start, w))
            || (["至", "到"].iter().any(|w| ends_with_at(chars, start, w)) && !prev_is_date)
        {
            DateKind::Cutoff
        } else if ends_with_at(chars, start, "自")
            || ends_with_at(chars, start, "从")
            || ends_with_at(chars, start, "于")
            || after.contains('起')
            || after.starts_with("以来")
            || after.starts_with("开始")
            || after.starts_with("前")
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
                if let (Some(m), Some(d)) = (m, d) {
                    if let Some(date) = RecordDate::ymd(y as i32, m as u8, d as u8) {
                        return Some(date);
                    }
                }
            }
        }
        // YYYYMMDD in a URL
        let (all, k8) = digits(&b, i, 8);
        if k8 - i == 8 && !b.get(k8).is_some_and(|c| c.is_ascii_digit()) {
            let all = all.unwrap();
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

/// Words tied to phases of the epidemic, with the weight they give to 2020,
/// 2021 and 2022.
const YEAR_CUES: &[(&str, [f32; 3])] = &[
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
    ("核酸检测", [0.2, 0.5, 0.8]),
    ("常态化", [0.3, 0.5, 0.5]),
    ("行程卡", [0.2, 0.5, 0.5]),
    ("行程码", [0.0, 0.5, 0.5]),
    ("健康码", [0.3, 0.3, 0.3]),
    ("冷链", [0.3, 1.0, 0.5]),
    ("方舱", [0.3, 0.0, 1.0]),
    ("红黄码", [0.0, 0.3, 1.0]),
];

/// Guesses the year of a text from its cue words; `None` when nothing
/// points anywhere.
pub fn infer_year(text: &str) -> Option<i32> {
    static AUTOMATON: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let ac = AUTOMATON.get_or_init(|| {
        let words: Vec<&str> = YEAR_CUES.iter().map(|(c, _)| *c).collect();
        super::measures::small_automaton(&words)
    });
    let mut seen = [0usize; YEAR_CUES.len()];
    for m in ac.find_overlapping_iter(text) {
        seen[m.pattern().as_usize()] += 1;
    }
    let mut score = [0f32; 3];
    for (k, (_, w)) in YEAR_CUES.iter().enumerate() {
        let n = seen[k].min(3) as f32;
        for y in 0..3 {
            score[y] += n * w[y];
        }
    }
    let best = (0..3).max_by(|&a, &b| score[a].partial_cmp(&score[b]).unwrap().then(b.cmp(&a)))?;
    (score[best] > 0.0).then_some(2020 + best as i32)
}

/// Years written in the text (`2021年`) that fall in the epidemic's years,
/// most frequent first.
pub fn stated_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..chars.len().saturating_sub(4) {
        if (i == 0 || !chars[i - 1].is_ascii_digit()) && chars[i + 4] == '年' {
            let (y, k) = digits(&chars, i, 4);
            if k - i == 4 {
                if let Some(y) = y.filter(|y| (2019..=2023).contains(y)) {
                    *counts.entry(y as i32).or_insert(0) += 1;
                }
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
}

/// Resolves a month/day written without a year against the article's date:
/// a December date in a January article is last year's.
/// `month` is the month last written before a lone day (`1月17日和22日`).
pub fn resolve(m: &DateMention, month: Option<u8>, article: &ArticleDate) -> Option<RecordDate> {
    let month = m.month.or(month).or(article.date.month)?;
    let mut year = m.year.unwrap_or(article.date.year);
    if m.year.is_none() {
        if let Some(am) = article.date.month {
            if month as i32 > am as i32 + 1 {
                year -= 1;
            }
        }
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
        };
        let m = find_dates(&chars("12月28日"))[0];
        assert_eq!(resolve(&m, None, &art).unwrap().to_string(), "2020-12-28");
        let lone = find_dates(&chars("22日"))[0];
        assert_eq!(
            resolve(&lone, Some(1), &art).unwrap().to_string(),
            "2021-01-22"
        );
    }
}
