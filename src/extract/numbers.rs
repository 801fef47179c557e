//! Figures in text: a number, its multiplier, its approximator and its unit.
//!
//! Works on normalized chars (full-width digits already ASCII, spaces inside
//! numbers already gone — see `page`). What is not a figure is decided here
//! when the words around the number say so: dates and clock times, years,
//! ordinals (`第3`), codes (`G5513`, `K9125次`), ranges, and durations that
//! are rules (`14天`, `24小时`). What the figure counts is `measures`' job.

use super::cues::CharWords;
use super::cues::numbers::{IDIOMS, NOT_AFTER, UNITS};
use super::cues::{APPROXIMATORS, ROUND_APPROXIMATORS};
use super::starts_with_at;
use std::sync::OnceLock;

/// A figure found in text. Offsets are indices into the searched chars.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// From the approximator (if any) to the end of the unit.
    pub start: usize,
    pub end: usize,
    /// The number itself.
    pub num_start: usize,
    pub num_end: usize,
    pub value: f64,
    pub unit: String,
    pub approx: bool,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Every char [`cn_digit`] or [`cn_unit`] reads: each char of each
/// sentence is asked whether it is a numeral, and one bit test answers
/// where two lists of compares did.
const NUMERALS: super::CharSet = super::CharSet::of(&[
    '〇', '零', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万',
    '亿',
]);

fn is_cn_numeral(c: char) -> bool {
    NUMERALS.contains(c)
}

/// The chars a number starts with: [`NUMERALS`] and the ASCII digits.
const NUMBER_STARTS: super::CharSet = super::CharSet::of(&[
    '〇', '零', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万',
    '亿', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
]);

fn cn_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Reads a run of Chinese numerals (`十万`, `三千五百`, `两`); returns the
/// value and whether it had a 十/百/千/万/亿 (a lone digit is too often part
/// of an idiom to count).
pub fn parse_chinese(run: &[char]) -> Option<(f64, bool)> {
    if run.is_empty() {
        return None;
    }
    let mut total: u64 = 0; // completed 万/亿 sections
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    let mut has_unit = false;
    for &c in run {
        if let Some(d) = cn_digit(c) {
            if digit.is_some() && d != 0 {
                return None; // 三四 is "three or four": not one figure
            }
            digit = Some(d);
        } else if let Some(u) = cn_unit(c) {
            has_unit = true;
            if u >= 10_000 {
                let s = section + digit.take().unwrap_or(0);
                let s = if s == 0 { 1 } else { s };
                total = (total + s) * u;
                section = 0;
            } else {
                section += digit.take().unwrap_or(1) * u;
            }
        } else {
            return None;
        }
    }
    Some(((total + section + digit.unwrap_or(0)) as f64, has_unit))
}

fn word_before(chars: &[char], i: usize, word: &str) -> bool {
    let n = word.chars().count();
    i >= n && starts_with_at(chars, i - n, word)
}

/// Finds every figure in `chars`.
pub fn find_figures(chars: &[char]) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Most chars start no number: passed over with one lookup each.
        match chars[i..].iter().position(|&c| NUMBER_STARTS.contains(c)) {
            Some(p) => i += p,
            None => break,
        }
        let c = chars[i];
        let parsed = if is_digit(c) {
            parse_arabic(chars, i)
        } else if is_cn_numeral(c) {
            parse_cn_run(chars, i)
        } else {
            None
        };
        let Some((value, num_end, cn)) = parsed else {
            i += 1;
            continue;
        };
        let next = num_end.max(i + 1);
        if let Some(f) = figure_at(chars, i, num_end, value, cn) {
            i = f.end.max(next);
            out.push(f);
        } else {
            i = next;
        }
    }
    out
}

/// Digits with thousands separators and one decimal point: `1,200`, `17.2`.
fn parse_arabic(chars: &[char], start: usize) -> Option<(f64, usize, bool)> {
    let mut j = start;
    // Every number of a page passes here, dates and clock times too: the
    // digits are gathered without a heap string unless they are very many.
    let mut s = Digits::default();
    while j < chars.len() {
        let c = chars[j];
        if is_digit(c) {
            s.push(c);
            j += 1;
        } else if c == ','
            && j + 3 < chars.len() + 1
            && (1..=3).all(|k| chars.get(j + k).is_some_and(|c| is_digit(*c)))
            && !chars.get(j + 4).is_some_and(|c| is_digit(*c))
            && !s.contains('.')
        {
            j += 1; // thousands separator
        } else if c == '.' && !s.contains('.') && chars.get(j + 1).is_some_and(|c| is_digit(*c)) {
            s.push('.');
            j += 1;
        } else {
            break;
        }
    }
    Some((s.as_str().parse().ok()?, j, false))
}

/// The ASCII digits and point of a number, on the stack up to 32 of them.
#[derive(Default)]
struct Digits {
    short: [u8; 32],
    len: usize,
    long: String,
}

impl Digits {
    fn push(&mut self, c: char) {
        debug_assert!(c.is_ascii());
        if self.len < self.short.len() {
            self.short[self.len] = c as u8;
        } else {
            if self.long.is_empty() {
                self.long.extend(self.short.iter().map(|&b| char::from(b)));
            }
            self.long.push(c);
        }
        self.len += 1;
    }

    fn contains(&self, c: char) -> bool {
        self.as_str().contains(c)
    }

    fn as_str(&self) -> &str {
        if self.len <= self.short.len() {
            // Only ASCII is pushed, so this never fails.
            std::str::from_utf8(&self.short[..self.len]).unwrap_or_default()
        } else {
            &self.long
        }
    }
}

fn parse_cn_run(chars: &[char], start: usize) -> Option<(f64, usize, bool)> {
    let mut j = start;
    while j < chars.len() && (cn_digit(chars[j]).is_some() || cn_unit(chars[j]).is_some()) {
        j += 1;
    }
    // A trailing 万/亿 is the multiplier of figure_at, not part of the run,
    // unless the run is nothing else (`十万` keeps its 万).
    let (value, has_unit) = parse_chinese(&chars[start..j])?;
    if !has_unit || value < 10.0 {
        return None;
    }
    // A lone 百/千/万 is a figure only when approximated: 近百人, 破万人.
    if j - start == 1 {
        let before = &chars[start.saturating_sub(2)..start];
        if !APPROXIMATORS
            .iter()
            .chain(&ROUND_APPROXIMATORS)
            .any(|w| super::ends_with_at(before, before.len(), w))
        {
            return None;
        }
    }
    for idiom in IDIOMS {
        let n = idiom.chars().count();
        let from = start.saturating_sub(n);
        if super::contains_word(&chars[from..(start + n).min(chars.len())], idiom) {
            return None;
        }
    }
    Some((value, j, true))
}

/// [`UNITS`], searched at a position: every number that stands alone asks.
fn units() -> &'static CharWords {
    static WORDS: OnceLock<CharWords> = OnceLock::new();
    WORDS.get_or_init(|| CharWords::new(UNITS))
}

/// [`NOT_AFTER`], searched at a position: every number asks.
fn not_after() -> &'static CharWords {
    static WORDS: OnceLock<CharWords> = OnceLock::new();
    WORDS.get_or_init(|| CharWords::new(NOT_AFTER))
}

fn figure_at(
    chars: &[char],
    num_start: usize,
    num_end: usize,
    value: f64,
    cn: bool,
) -> Option<Figure> {
    if !stands_alone(chars, num_start, num_end, cn) {
        return None;
    }
    let (value, mut j, mut approx) = multiplied(chars, num_end, value, cn);
    if not_after().first_at(chars, j).is_some() {
        return None;
    }
    let (unit, unit_end, unit_approx) = unit_at(chars, j, num_start)?;
    j = unit_end;
    approx |= unit_approx;
    if !counts_work(chars, num_start, j, &unit) {
        return None;
    }
    // 左右/上下/以上 after the unit.
    for w in ["左右", "上下"] {
        if starts_with_at(chars, j, w) {
            approx = true;
        }
    }
    let start = approx_prefix_start(chars, num_start);
    if start < num_start {
        approx = true;
    }
    Some(Figure {
        start,
        end: j,
        num_start,
        num_end,
        value,
        unit,
        approx,
    })
}

/// Is the number at `num_start..num_end` a number of its own: not part of
/// a code, an ordinal, a range or an idiom?
fn stands_alone(chars: &[char], num_start: usize, num_end: usize, cn: bool) -> bool {
    let prev = num_start.checked_sub(1).map(|p| chars[p]);
    // Codes and identifiers: G5513, K9125, 4S, No.3, part of a longer number.
    // A colon is a clock's or a code's only after a digit or letter
    // (`12:18`, `No:3`); after words it opens a list (`实施严格管控：18家…`).
    let before_colon = num_start.checked_sub(2).map(|p| chars[p]);
    let clock_colon = prev == Some(':') && before_colon.is_none_or(|c| c.is_ascii_alphanumeric());
    if clock_colon
        || prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '-' || p == '/')
    {
        return false;
    }
    if prev == Some('第') || prev == Some('前') && !cn {
        return false;
    }
    // The end of a range: 1至3个, 2到5人.
    if matches!(prev, Some('至' | '到' | '~'))
        && num_start >= 2
        && chars[num_start - 2].is_ascii_digit()
    {
        return false;
    }
    let next = chars.get(num_end).copied();
    if next.is_some_and(|n| {
        n.is_ascii_alphabetic() || n == ':' || n == '/' || n == '-' || n == '~' || n == '－'
    }) {
        return false;
    }
    if next == Some('至') && chars.get(num_end + 1).is_some_and(|c| is_digit(*c)) {
        return false; // 1至2个: a range, not a figure
    }
    !starts_with_at(chars, num_start, "千家万户")
}

/// The value times a multiplier after the number, possibly after 余/多
/// (`3万余`, `1万多`) and before them: (value, end, approximate).
fn multiplied(chars: &[char], num_end: usize, value: f64, cn: bool) -> (f64, usize, bool) {
    let mut value = value;
    let mut j = num_end;
    let mut approx = false;
    for _ in 0..2 {
        match chars.get(j) {
            Some('万') if !cn || value < 10_000.0 => {
                value *= 10_000.0;
                j += 1;
            }
            Some('亿') => {
                value *= 100_000_000.0;
                j += 1;
            }
            Some('千') if !cn && !starts_with_at(chars, j, "千克") => {
                value *= 1_000.0;
                j += 1;
            }
            Some('余') | Some('多') | Some('来') => {
                approx = true;
                j += 1;
            }
            _ => break,
        }
    }
    (value, j, approx)
}

/// The unit at `j`: (unit, its end, approximate by a 余/多 around it).
fn unit_at(chars: &[char], j: usize, num_start: usize) -> Option<(String, usize, bool)> {
    if chars.get(j) == Some(&'%') || chars.get(j) == Some(&'％') {
        return Some(("%".to_string(), j + 1, false));
    }
    if let Some(k) = units().first_at(chars, j) {
        let full = UNITS[k];
        let u = full.trim_start_matches(['余', '多']);
        let end = j
            + u.chars().count()
            + usize::from(starts_with_at(chars, j, "余") || starts_with_at(chars, j, "多"));
        return Some((u.to_string(), end, u.len() != full.len()));
    }
    // 点击量超过十万: an amount of views or reads counts times.
    let before = approx_prefix_start(chars, num_start);
    ["量", "量达", "量超过", "量超", "量近", "量达到"]
        .iter()
        .any(|w| word_before(chars, before, w))
        .then(|| ("次".to_string(), j, false))
}

/// A share needs a rate word before it (排查率100%, 完成目标的84.6%;
/// `美团在衡阳80%的站点` is background); days count only what did not happen
/// (连续17天无新增 is a figure, 14天居家隔离 a rule).
fn counts_work(chars: &[char], num_start: usize, end: usize, unit: &str) -> bool {
    if unit == "%" {
        let before = &chars[num_start.saturating_sub(8)..num_start];
        return [
            "率", "比例", "目标", "覆盖", "完成", "达到", "达", "占", "提高", "下降", "增长",
            "上升",
        ]
        .iter()
        .any(|w| super::contains_word(before, w));
    }
    unit != "天" || matches!(chars.get(end), Some('无' | '零' | '未'))
}

/// Start of an approximator right before the number (`近`, `约`, `超过`).
fn approx_prefix_start(chars: &[char], num_start: usize) -> usize {
    // Most numbers have no approximator: the char before one ends a word of
    // the lists below, or it is none.
    let ends_one = |c: &char| matches!(c, '近' | '约' | '过' | '逾' | '超' | '破' | '上');
    if !num_start
        .checked_sub(1)
        .and_then(|p| chars.get(p))
        .is_some_and(ends_one)
    {
        return num_start;
    }
    // 上 counts only before a bare round word (上百, 上千, 上万).
    let round = matches!(chars.get(num_start), Some('百' | '千' | '万'));
    let round_words = ROUND_APPROXIMATORS.iter().filter(|_| round);
    for &w in APPROXIMATORS.iter().chain(round_words) {
        if word_before(chars, num_start, w) {
            // 最近 and 附近 are not approximators.
            let n = w.chars().count();
            if w == "近" && num_start >= 2 && matches!(chars[num_start - 2], '最' | '附' | '接')
            {
                return num_start;
            }
            return num_start - n;
        }
    }
    num_start
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick check lets every approximator through: each is found
    /// before a round number.
    #[test]
    fn every_approximator_passes_the_quick_check() {
        for w in APPROXIMATORS.iter().chain(&ROUND_APPROXIMATORS) {
            let chars: Vec<char> = format!("{w}百人").chars().collect();
            let n = w.chars().count();
            assert_eq!(approx_prefix_start(&chars, n), 0, "{w}");
        }
    }

    /// The word lists searched at a position find, at every position, the
    /// first word of the list that a scan of it finds.
    #[test]
    fn the_first_word_at_a_position_is_the_scan_s() {
        for (list, words) in [(&UNITS[..], units()), (&NOT_AFTER[..], not_after())] {
            let mut text = String::new();
            for (k, w) in list.iter().enumerate() {
                text.push_str(w);
                text.push_str(list[(k * 5 + 2) % list.len()]);
                text.push_str(if k % 3 == 0 { "12" } else { "余" });
            }
            let chars: Vec<char> = text.chars().collect();
            for j in 0..=chars.len() + 1 {
                let scan = list.iter().position(|w| starts_with_at(&chars, j, w));
                assert_eq!(words.first_at(&chars, j), scan, "at {j}");
            }
        }
    }

    #[test]
    fn the_numeral_bits_are_the_digits_and_units() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let listed = cn_digit(c).is_some() || cn_unit(c).is_some();
            assert_eq!(is_cn_numeral(c), listed, "{c:?}");
            assert_eq!(NUMBER_STARTS.contains(c), listed || is_digit(c), "{c:?}");
        }
    }

    fn figs(s: &str) -> Vec<(f64, String, bool)> {
        let chars: Vec<char> = s.chars().collect();
        find_figures(&chars)
            .into_iter()
            .map(|f| (f.value, f.unit, f.approx))
            .collect()
    }

    /// One approximator list serves digits and round-number words alike.
    #[test]
    fn approximators_of_digits_and_round_words_agree() {
        assert_eq!(figs("全镇接种人数突破万人"), [(10000.0, "人".into(), true)]);
        assert_eq!(figs("核酸检测突破3000人"), [(3000.0, "人".into(), true)]);
        assert_eq!(figs("参与志愿者超过百人"), [(100.0, "人".into(), true)]);
        assert_eq!(figs("每天接待群众上千人"), [(1000.0, "人".into(), true)]);
        // 上 before digits ends another word: not an approximator.
        assert_eq!(figs("线上培训300人"), [(300.0, "人".into(), false)]);
        // A bare 百 with no approximator is a word, not a figure.
        assert!(figs("百人").is_empty());
    }

    /// Pages come normalized to half-width: `：` is `:` here.
    #[test]
    fn a_colon_opens_a_list_after_words_but_not_after_a_clock() {
        assert_eq!(
            figs("实施严格管控:18家景区暂时闭园"),
            [(18.0, "家".into(), false)]
        );
        assert!(
            figs("会议于10:30个别发言").is_empty(),
            "{:?}",
            figs("会议于10:30个别发言")
        );
        assert!(figs("编号A:12个").is_empty());
    }

    #[test]
    fn multipliers_and_decimals() {
        assert_eq!(
            figs("累计接种17.2万人次"),
            [(172000.0, "人次".into(), false)]
        );
        assert_eq!(figs("投放口罩45万只"), [(450000.0, "只".into(), false)]);
        assert_eq!(
            figs("总投资8174.14万元"),
            [(81741400.0, "元".into(), false)]
        );
        assert_eq!(figs("联系3.2万余户"), [(32000.0, "户".into(), true)]);
        assert_eq!(figs("资金1.5亿元"), [(150000000.0, "元".into(), false)]);
    }

    #[test]
    fn thousands_separators_and_percent() {
        assert_eq!(figs("检查1,200人"), [(1200.0, "人".into(), false)]);
        assert_eq!(figs("完成目标的84.6%"), [(84.6, "%".into(), false)]);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(figs("阅读量超过十万"), [(100000.0, "次".into(), true)]);
        assert_eq!(figs("近百人加入"), [(100.0, "人".into(), true)]);
        assert_eq!(figs("三千五百份"), [(3500.0, "份".into(), false)]);
        assert_eq!(figs("两万只口罩"), [(20000.0, "只".into(), false)]);
        // A lone digit is an idiom more often than a figure.
        assert!(figs("一对一帮扶,分三组").is_empty());
        assert!(figs("深入千家万户").is_empty());
    }

    #[test]
    fn approximators() {
        assert_eq!(figs("排查8000多户"), [(8000.0, "户".into(), true)]);
        assert_eq!(figs("30000余人"), [(30000.0, "人".into(), true)]);
        assert_eq!(figs("约500名"), [(500.0, "名".into(), true)]);
        assert_eq!(figs("逾2000份"), [(2000.0, "份".into(), true)]);
        assert_eq!(figs("200人左右"), [(200.0, "人".into(), true)]);
        assert_eq!(figs("最近3天"), []);
    }

    #[test]
    fn not_figures() {
        assert!(figs("2月20日").is_empty());
        assert!(figs("2020年").is_empty());
        assert!(figs("实行14天居家隔离").is_empty());
        assert!(figs("24小时值班").is_empty());
        assert!(figs("第3批").is_empty());
        assert!(figs("G5513高速,K9125次列车,4S店").is_empty());
        assert!(figs("电话13812345678").is_empty());
        assert!(figs("22:56开出").is_empty());
        assert!(figs("每周2-3次").is_empty());
        assert!(figs("建立1至3个").is_empty());
    }

    #[test]
    fn days_without_new_cases_count() {
        assert_eq!(
            figs("已连续21天未出现新增病例"),
            [(21.0, "天".into(), false)]
        );
    }
}
