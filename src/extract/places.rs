//! Where: locality mentions → gazetteer entries, with the article's context.
//!
//! Three kinds of words name places. Gazetteer names, full or short
//! (`衡东县`, `衡东`), are resolved among their namesakes by the places the
//! page already names (13 places are called 东风街道; the one in the page's
//! city wins). References (`全区`, `该县`, `县住建局`, `市直机关`) stand for the
//! place of that level the article is about. Villages and communities
//! (`福塘村`, `百花社区`) are not in the gazetteer; they hang under the
//! place the text gives before them.

use super::cues::places::{NOT_PLACES, OFFICE_HEADS};
use crate::gazetteer::{Gazetteer, Mention};
use crate::records::Level;

/// A resolved place: a gazetteer division, or a village under one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub division: usize,
    /// A village or community under `division` that the gazetteer lacks.
    pub village: Option<String>,
}

/// What the whole page says about where it is: the prefectures and
/// provinces its unambiguous place names point to.
#[derive(Debug, Default)]
pub struct PageContext {
    /// By division; a map with a fast hash, asked at every place mention
    /// (SipHash was a twentieth of the extractor's time).
    weight: rustc_hash::FxHashMap<usize, f32>,
}

/// A place word in a sentence, before or after resolution.
#[derive(Debug, Clone)]
pub enum PlaceWord {
    Named(Place),
    /// A place named as a whole area (`整个衡阳地区`, `衡阳全市`) or acting
    /// through its office (`醴陵市卫健局`): it counts even where a more
    /// specific place is the article's subject.
    Area(Place),
    /// `全县`, `该区`, `市直`: a place of this kind that the article is about.
    /// With the village that follows it, if any: `该镇清水塘村`.
    Reference(RefKind, Option<String>),
    /// `该县`, `此镇`: the place of this kind the text named last (not the
    /// article's subject, when another was named since).
    Back(RefKind, Option<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Province,
    /// 市: a prefecture, or a county-level city.
    City,
    /// 县
    County,
    /// 区: a district or a zone
    District,
    /// 镇, 乡
    Town,
    /// 街道
    Street,
}

impl PageContext {
    /// Builds the context from every full name in the page that means one
    /// place only, and from newspaper names (`衡阳日报`).
    pub fn new(g: &Gazetteer, texts: &[&[char]]) -> PageContext {
        let mentions: Vec<Vec<Mention>> = texts.iter().map(|c| g.find(c)).collect();
        let pairs: Vec<(&[char], &[Mention])> = texts
            .iter()
            .copied()
            .zip(mentions.iter().map(Vec::as_slice))
            .collect();
        PageContext::from_mentions(g, &pairs)
    }

    /// The same from mentions already found (each text with its own).
    pub fn from_mentions(g: &Gazetteer, texts: &[(&[char], &[Mention])]) -> PageContext {
        let mut ctx = PageContext::default();
        for &(chars, mentions) in texts {
            for m in mentions {
                let after = Ahead(&chars[m.end..(m.end + 2).min(chars.len())]);
                let newspaper = ["日报", "晚报", "新闻"]
                    .iter()
                    .any(|w| after.starts_with(w));
                if m.short && !newspaper {
                    continue;
                }
                // A bare short name means the larger of two nested namesakes:
                // 衡阳 is 衡阳市, not 衡阳县.
                let outer;
                let cands: &[usize] = if m.short {
                    outer = outermost(g, &m.candidates);
                    &outer
                } else {
                    &m.candidates
                };
                let w = 1.0 / cands.len() as f32;
                for &c in cands {
                    g.with_path(c, |path| {
                        for &a in path {
                            if matches!(
                                g.get(a).level,
                                Level::Province | Level::Prefecture | Level::County
                            ) {
                                *ctx.weight.entry(a).or_default() += w;
                            }
                        }
                    });
                }
            }
        }
        ctx
    }

    /// Counts a place the page is known to be from (its file's name, its
    /// web address) as if the page named it once in full.
    pub fn support(&mut self, g: &Gazetteer, d: usize) {
        for a in g.path(d) {
            if matches!(
                g.get(a).level,
                Level::Province | Level::Prefecture | Level::County
            ) {
                *self.weight.entry(a).or_default() += 1.0;
            }
        }
    }

    fn score(&self, g: &Gazetteer, c: usize) -> f32 {
        g.with_path(c, |path| {
            path.iter()
                .map(|a| self.weight.get(a).copied().unwrap_or(0.0).min(5.0))
                .sum()
        })
    }

    /// The division a mention means here, or `None` when a short form has no
    /// support in the page (a bare `新华` is not a place).
    pub fn choose(&self, g: &Gazetteer, m: &Mention, near: &[usize]) -> Option<usize> {
        let filtered: Vec<usize>;
        let cands: &[usize] = if m.short {
            // The nested namesake only where the page names it in full.
            let outer = outermost(g, &m.candidates);
            filtered = m
                .candidates
                .iter()
                .copied()
                .filter(|&c| outer.contains(&c) || self.weight.get(&c).is_some_and(|w| *w >= 1.0))
                .collect();
            &filtered
        } else {
            &m.candidates
        };
        let best = cands
            .iter()
            .copied()
            .map(|c| {
                // Nearby places (the article's subject) weigh more than the page.
                let near_bonus: f32 = near
                    .iter()
                    .filter(|&&n| g.is_within(c, n) || g.is_within(n, c))
                    .count() as f32
                    * 3.0;
                let shared: f32 = near
                    .iter()
                    .filter_map(|&n| {
                        let pc = g.ancestor_at(c, Level::Prefecture)?;
                        (g.ancestor_at(n, Level::Prefecture) == Some(pc)).then_some(2.0)
                    })
                    .sum();
                // Among namesakes with equal support, the higher level: 湘潭 is the city.
                let level_bias = match g.get(c).level {
                    Level::Province => 0.3,
                    Level::Prefecture => 0.2,
                    Level::County => 0.1,
                    _ => 0.0,
                };
                (c, self.score(g, c) + near_bonus + shared + level_bias)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
        // A short form counts only for a place the page names in full, itself
        // or through places inside it: `今天心情` holds 天心, which is no
        // place of a page about 北塔区.
        // A weak town name (`乌镇` inside running text) counts where the
        // page names its county.
        let anchor = match g.get(best.0).level {
            Level::Township => g.county_of(best.0).unwrap_or(best.0),
            _ => best.0,
        };
        if m.short && self.weight.get(&anchor).copied().unwrap_or(0.0) < 0.5 {
            return None;
        }
        Some(best.0)
    }
}

/// Where a page is from when its text names no place of its own, in the
/// order a person's word outranks a guess: the place the dates file gives,
/// then a place in the file's name or folders (`衡东县/0225.txt`,
/// `hengdong-0225.txt`), then the web address it was saved from
/// (`www.hengdong.gov.cn` → 衡东县).
pub fn page_place(
    g: &Gazetteer,
    ctx: &PageContext,
    given: Option<&str>,
    source: &str,
    addresses: &[String],
) -> Option<usize> {
    given
        .and_then(|p| place_in_words(g, ctx, p))
        .or_else(|| place_in_path(g, ctx, source))
        .or_else(|| addresses.iter().find_map(|a| place_in_address(g, ctx, a)))
}

/// A place a person wrote: a division code (`430424`) or a name, with its
/// parents if they like (`湖南省衡阳市衡东县`, `衡东县`, `衡东`).
pub fn place_in_words(g: &Gazetteer, ctx: &PageContext, words: &str) -> Option<usize> {
    let words = words.trim();
    if !words.is_empty() && words.chars().all(|c| c.is_ascii_digit()) {
        // A 12-digit code names a village: its first 9 are the township.
        let code = if words.len() == 12 {
            &words[..9]
        } else {
            words
        };
        return code.parse().ok().and_then(|c| g.by_code(c));
    }
    let chars: Vec<char> = words.chars().collect();
    let mentions = g.find(&chars);
    mentions.last().and_then(|m| pick(g, ctx, &m.candidates))
}

/// A place in a file's relative path: Chinese names in its folders or name,
/// else pinyin words (`hengdong-0225.txt`). The innermost wins.
fn place_in_path(g: &Gazetteer, ctx: &PageContext, source: &str) -> Option<usize> {
    let mut found = None;
    for part in source.split(['/', '\\']) {
        let stem = part.rsplit_once('.').map_or(part, |(s, _)| s);
        let here = place_in_words(g, ctx, stem)
            .or_else(|| latin_words(stem).find_map(|w| pick(g, ctx, g.by_pinyin(&w))));
        if here.is_some() {
            found = here;
        }
    }
    found
}

/// The place of a web address's host: `http://www.hengdong.gov.cn/…` →
/// 衡东县; `hengdong.hengyang.gov.cn` → 衡东县 inside 衡阳市.
fn place_in_address(g: &Gazetteer, ctx: &PageContext, text: &str) -> Option<usize> {
    let host = host_of(text)?;
    let mut found: Option<usize> = None;
    for label in place_labels(&host) {
        let cands = g.by_pinyin(label);
        // A label inside the place another label named narrows it.
        let inside: Vec<usize> = match found {
            Some(f) => cands
                .iter()
                .copied()
                .filter(|&c| g.is_within(c, f))
                .collect(),
            None => Vec::new(),
        };
        let here = if inside.is_empty() {
            pick(g, ctx, cands)
        } else {
            pick(g, ctx, &inside)
        };
        if let Some(h) = here.filter(|&h| found.is_none_or(|f| g.is_within(h, f))) {
            found = Some(h);
        }
    }
    found
}

/// The address a saved web page records for itself: the browser's
/// `saved from url=` comment, the canonical link or the `og:url` meta tag.
/// Other links of the page (to other counties' sites) do not count.
pub fn saved_address(html: &str) -> Option<String> {
    let head = &html[..html.floor_char_boundary(64 * 1024)];
    for marker in ["saved from url=", "canonical", "og:url"] {
        let Some(p) = head.find(marker) else { continue };
        // The tag's attributes may come in either order: look around it.
        let tag_start = head[..p].rfind('<').unwrap_or(p);
        let tag_end = head[p..].find('>').map_or(head.len(), |e| p + e);
        let tag = &head[tag_start..tag_end];
        if let Some(u) = tag.find("http") {
            let url: String = tag[u..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '>'))
                .collect();
            return Some(url);
        }
    }
    None
}

/// The host of the first web address in `text`, lower-cased.
fn host_of(text: &str) -> Option<String> {
    let start = text
        .find("://")
        .map(|p| p + 3)
        .or_else(|| text.find("www."))?;
    let host: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    host.contains('.').then(|| host.to_ascii_lowercase())
}

/// The labels of a host that can name a place: a government site is named
/// after its place (`www.hengdong.gov.cn`); any other site only through a
/// channel below its own name (`yiyang.rednet.cn`, not `rednet`).
fn place_labels(host: &str) -> Vec<&str> {
    let labels: Vec<&str> = host.split('.').collect();
    let gov = host.ends_with(".gov.cn");
    let two_part = [".gov.cn", ".com.cn", ".net.cn", ".org.cn"]
        .iter()
        .any(|s| host.ends_with(s));
    let suffix = if two_part { 2 } else { 1 };
    let keep = labels.len().saturating_sub(suffix + usize::from(!gov));
    labels[..keep]
        .iter()
        .copied()
        .filter(|l| l.len() >= 4 && !NOT_PLACES.contains(l))
        .collect()
}

/// Runs of Latin letters of four or more, lower-cased: the words a pinyin
/// place name can be (`hengdong` in `hengdong-0225`).
fn latin_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4)
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| !NOT_PLACES.contains(&w.as_str()))
}

/// One division among namesakes: the only one, the one the page supports
/// most, or the outer of two nested ones (长沙 is the city, not the county).
fn pick(g: &Gazetteer, ctx: &PageContext, cands: &[usize]) -> Option<usize> {
    match cands {
        [] => None,
        [one] => Some(*one),
        _ => {
            let outer = outermost(g, cands);
            if let [one] = outer[..] {
                return Some(one);
            }
            let scored: Vec<(usize, f32)> = outer.iter().map(|&c| (c, ctx.score(g, c))).collect();
            let best = scored.iter().map(|s| s.1).fold(0.0, f32::max);
            let top: Vec<usize> = scored
                .iter()
                .filter(|s| s.1 == best && best > 0.0)
                .map(|s| s.0)
                .collect();
            match top[..] {
                [one] => Some(one),
                _ => None,
            }
        }
    }
}

/// The candidates that no other candidate contains.
fn outermost(g: &Gazetteer, cands: &[usize]) -> Vec<usize> {
    cands
        .iter()
        .copied()
        .filter(|&c| !cands.iter().any(|&o| o != c && g.is_within(c, o)))
        .collect()
}

/// Place words of a sentence: (position, word), in text order.
pub fn place_words(
    g: &Gazetteer,
    ctx: &PageContext,
    chars: &[char],
    near: &[usize],
) -> Vec<(usize, PlaceWord)> {
    place_words_with(g, ctx, chars, &g.find(chars), near)
}

/// [`place_words`] with the gazetteer mentions of `chars` already found:
/// the automaton over fifty thousand names is the costly part, so a page's
/// paragraphs are searched once and their sentences reuse the result.
pub fn place_words_with(
    g: &Gazetteer,
    ctx: &PageContext,
    chars: &[char],
    mentions: &[Mention],
    near: &[usize],
) -> Vec<(usize, PlaceWord)> {
    place_words_at(g, ctx, chars, mentions, 0, near)
}

/// [`place_words_with`] for `chars` that start at offset `base` of the text
/// the mentions were found in (a sentence of a paragraph): the paragraph's
/// mentions serve without a copy of each made relative to the sentence.
pub fn place_words_at(
    g: &Gazetteer,
    ctx: &PageContext,
    chars: &[char],
    mentions: &[Mention],
    base: usize,
    near: &[usize],
) -> Vec<(usize, PlaceWord)> {
    let mut out: Vec<(usize, PlaceWord)> = Vec::new();
    let mut covered = vec![false; chars.len()];
    for m in mentions {
        let (start, end) = (m.start - base, m.end - base);
        // 武汉籍, 湖北返湘: an origin, not where the response happened.
        let after = Ahead(&chars[end..(end + 4).min(chars.len())]);
        if after.starts_with("籍")
            || after.starts_with("返")
            || after.starts_with("来")
            || after.starts_with("回")
        {
            continue;
        }
        let Some(d) = ctx.choose(g, m, near) else {
            continue;
        };
        for c in covered.iter_mut().take(end).skip(start) {
            *c = true;
        }
        // 醴陵市卫健局派出…: the place's own office acts for the whole place,
        // even in a story about one of its towns.
        let office = OFFICE_HEADS.iter().any(|h| after.starts_with(h));
        let area = ["地区", "全境", "境内", "全市", "全县", "全区", "范围"]
            .iter()
            .any(|w| after.starts_with(w))
            || (start >= 2 && chars[start - 2..start] == ['整', '个'])
            || office;
        let place = Place {
            division: d,
            village: None,
        };
        out.push((
            start,
            if area {
                PlaceWord::Area(place)
            } else {
                PlaceWord::Named(place)
            },
        ));
        // A village right after a town or county: 草市镇福塘村.
        if let Some((name, _)) = village_at(chars, end) {
            out.push((
                end,
                PlaceWord::Named(Place {
                    division: d,
                    village: Some(name),
                }),
            ));
        }
    }
    for (pos, zone) in city_zones(g, chars, &covered, near) {
        out.push((
            pos,
            PlaceWord::Named(Place {
                division: zone,
                village: None,
            }),
        ));
    }
    for (pos, kind, village, back) in references(chars, &covered) {
        let word = if back {
            PlaceWord::Back(kind, village)
        } else {
            PlaceWord::Reference(kind, village)
        };
        out.push((pos, word));
    }
    out.sort_by_key(|(p, _)| *p);
    out
}

/// `高新区`, `经开区` that name the zone of the article's city: after a bare
/// `市` (`市高新区`), or as a word of their own in a story about the city.
/// In a county's story a bare `高新区` is the county's own park, which the
/// statistical divisions do not list.
fn city_zones(
    g: &Gazetteer,
    chars: &[char],
    covered: &[bool],
    near: &[usize],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Most sentences hold neither word: leave before any gazetteer walk.
    let has_zone_word = chars
        .windows(3)
        .any(|w| w[2] == '区' && matches!((w[0], w[1]), ('高', '新') | ('经', '开')));
    let Some(&subject) = near.first().filter(|_| has_zone_word) else {
        return out;
    };
    let Some(city) = g.ancestor_at(subject, Level::Prefecture) else {
        return out;
    };
    let city_story = g.get(subject).level == Level::Prefecture;
    for zone_word in ["高新区", "经开区"] {
        let word: Vec<char> = zone_word.chars().collect();
        for i in 0..chars.len().saturating_sub(word.len() - 1) {
            if covered[i] || !chars[i..].starts_with(&word) {
                continue;
            }
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let after_shi = prev == Some('市') && !covered[i - 1];
            let own_word = prev.is_none_or(|p| {
                !is_han(p) || "在对向由和与及的为了是将到从经据全该本我".contains(p)
            }) || (i >= 2 && chars[i - 2..i] == ['其', '中']);
            if !(after_shi || (own_word && city_story)) {
                continue;
            }
            if let [zone] = g.lookup(&format!("{}{zone_word}", g.get(city).name)) {
                out.push((if after_shi { i - 1 } else { i }, *zone));
            }
        }
    }
    out
}

/// `福塘村`, `百花社区` starting at `i`: 2–4 characters then 村 or 社区.
fn village_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    const NOT_NAME: &str = "各全该本每乡农山进到入驻联在和与及的等个了对为是有村区镇县市里内外中";
    for len in 2..=4 {
        let end = i + len;
        if end > chars.len() {
            break;
        }
        let name = &chars[i..end];
        if name.iter().any(|c| !is_han(*c) || NOT_NAME.contains(*c)) {
            break;
        }
        if chars.get(end) == Some(&'村')
            && chars.get(end + 1) != Some(&'民')
            && chars.get(end + 1) != Some(&'里')
        {
            let s = super::string_of(&chars[i..=end]);
            return Some((s, end + 1));
        }
        if chars.get(end) == Some(&'社') && chars.get(end + 1) == Some(&'区') {
            let s = super::string_of(&chars[i..end + 2]);
            return Some((s, end + 2));
        }
    }
    None
}

/// The few chars after a word, asked what they start with: the rules read
/// them at every place name and level char, and making a string of them
/// each time was a tenth of the place rules' time.
#[derive(Clone, Copy)]
struct Ahead<'a>(&'a [char]);

impl Ahead<'_> {
    fn starts_with(self, word: &str) -> bool {
        super::starts_with_at(self.0, 0, word)
    }
}

pub fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Reference words: `全县`, `该区`, `县住建局`, `市直机关`, `全镇`.
/// Each with whether it points back (`该`, `此`) rather than at the
/// article's own place (`全`, `本`, `我`).
fn references(chars: &[char], covered: &[bool]) -> Vec<(usize, RefKind, Option<String>, bool)> {
    let mut out = Vec::new();
    for i in 0..chars.len() {
        if covered[i] {
            continue;
        }
        let (kind, len) = match chars[i] {
            '省' => (RefKind::Province, 1),
            '市' => (RefKind::City, 1),
            '县' => (RefKind::County, 1),
            '区' => (RefKind::District, 1),
            '镇' | '乡' => (RefKind::Town, 1),
            '街' if chars.get(i + 1) == Some(&'道') => (RefKind::Street, 2),
            _ => continue,
        };
        let prev = i.checked_sub(1).map(|p| chars[p]);
        // 我县, 我市: the page's own place, as a county's own site writes.
        let prefixed = matches!(prev, Some('全' | '该' | '本' | '此' | '我'));
        let after = Ahead(&chars[i + len..(i + len + 3).min(chars.len())]);
        // A level word that starts a word: not the end of a name (衡阳市) nor inside one (社区).
        let word_start = match prev {
            None => true,
            Some(p) => {
                !is_han(p)
                    || "对在向由和与及、,，。;；:：(（的为了是将到从经据".contains(p)
                    || prefixed
            }
        };
        let office = word_start && OFFICE_HEADS.iter().any(|h| after.starts_with(h));
        if prefixed || office {
            // 社区, 城区, 园区 are not district references.
            if kind == RefKind::District
                && matches!(
                    prev,
                    Some('社' | '城' | '园' | '景' | '小' | '片' | '辖' | '山' | '疫')
                )
            {
                continue;
            }
            if kind == RefKind::Town && (after.starts_with("村") || prev == Some('城')) {
                continue;
            }
            let village = matches!(kind, RefKind::Town | RefKind::Street)
                .then(|| village_at(chars, i + len).map(|(name, _)| name))
                .flatten();
            let back = matches!(prev, Some('该' | '此'));
            out.push((if prefixed { i - 1 } else { i }, kind, village, back));
        }
    }
    out
}

/// Does a division answer to a reference kind?
pub fn fits(g: &Gazetteer, d: usize, kind: RefKind) -> bool {
    let div = g.get(d);
    let name = div.name.as_str();
    match kind {
        RefKind::Province => div.level == Level::Province,
        RefKind::City => {
            div.level == Level::Prefecture || (div.level == Level::County && name.ends_with('市'))
        }
        RefKind::County => {
            div.level == Level::County && (name.ends_with('县') || name.ends_with("旗"))
        }
        RefKind::District => {
            div.level == Level::County && !name.ends_with('县') && !name.ends_with('市')
        }
        RefKind::Town => {
            div.level == Level::Township && (name.ends_with('镇') || name.ends_with('乡'))
        }
        RefKind::Street => {
            div.level == Level::Township && !name.ends_with('镇') && !name.ends_with('乡')
        }
    }
}

/// Resolves `该县`, `此镇` against the places named so far, most recent
/// last: the last one of that kind (or inside one), else as [`resolve_reference`].
pub fn resolve_back(
    g: &Gazetteer,
    kind: RefKind,
    named: &[usize],
    subject: Option<usize>,
) -> Option<usize> {
    named
        .iter()
        .rev()
        .find_map(|&r| g.path(r).into_iter().rev().find(|&a| fits(g, a, kind)))
        .or_else(|| resolve_reference(g, kind, named, subject))
}

/// Resolves a reference against the places the article has named so far
/// (most recent last) and its subject: the nearest fitting one.
pub fn resolve_reference(
    g: &Gazetteer,
    kind: RefKind,
    recent: &[usize],
    subject: Option<usize>,
) -> Option<usize> {
    // The subject and its ancestors first: 全市 in a county-level city's article is that city.
    if let Some(s) = subject {
        for a in g.path(s).into_iter().rev() {
            if fits(g, a, kind) {
                return Some(a);
            }
        }
    }
    for &r in recent.iter().rev() {
        for a in g.path(r).into_iter().rev() {
            if fits(g, a, kind) {
                return Some(a);
            }
        }
    }
    // 市 in a county's article with no county-level city: the prefecture.
    if kind == RefKind::City
        && let Some(s) = subject.or(recent.last().copied())
    {
        return g.ancestor_at(s, Level::Prefecture);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The place words of a one-text page.
    fn words_of(text: &str) -> Vec<(usize, PlaceWord)> {
        let g = Gazetteer::bundled();
        let page = chars(text);
        let ctx = PageContext::new(g, &[&page]);
        place_words(g, &ctx, &page, &[])
    }

    fn names_division(
        words: &[(usize, PlaceWord)],
        test: impl Fn(&crate::gazetteer::Division) -> bool,
    ) -> bool {
        let g = Gazetteer::bundled();
        words
            .iter()
            .any(|(_, w)| matches!(w, PlaceWord::Named(p) if test(g.get(p.division))))
    }

    #[test]
    fn namesakes_resolve_by_the_page() {
        let words = words_of("衡阳市珠晖区召开会议。东风街道组织排查。");
        let last = words.iter().rev().find_map(|(_, w)| match w {
            PlaceWord::Named(p) => Some(p.division),
            _ => None,
        });
        assert_eq!(Gazetteer::bundled().get(last.unwrap()).code, 430405010);
    }

    #[test]
    fn old_names_resolve() {
        let words = words_of("衡阳市东风路街道开展排查");
        assert!(names_division(&words, |d| d.code == 430405010));
    }

    #[test]
    fn references_and_offices() {
        let c = chars("全区排查,县住建局检查,市直机关,社区干部,该镇");
        let refs = references(&c, &vec![false; c.len()]);
        let back: Vec<bool> = refs.iter().map(|r| r.3).collect();
        assert_eq!(back, [false, false, false, true]);
        let kinds: Vec<RefKind> = refs.iter().map(|r| r.1).collect();
        assert_eq!(
            kinds,
            [
                RefKind::District,
                RefKind::County,
                RefKind::City,
                RefKind::Town
            ]
        );
    }

    #[test]
    fn villages_hang_under_the_town() {
        let words = words_of("草市镇福塘村组建志愿队");
        assert!(words.iter().any(
            |(_, w)| matches!(w, PlaceWord::Named(Place { village: Some(v), .. }) if v == "福塘村")
        ));
    }

    #[test]
    fn short_forms_need_support() {
        let words = words_of("衡阳日报讯 衡东开展排查。衡东县草市镇。今天心情好");
        assert!(names_division(&words, |d| d.name == "衡东县"));
        assert!(!names_division(&words, |d| d.name == "天心区"));
    }

    #[test]
    fn places_from_web_addresses() {
        let g = Gazetteer::bundled();
        let ctx = PageContext::default();
        let name = |a: &str| place_in_address(g, &ctx, a).map(|d| g.get(d).name.clone());
        assert_eq!(
            name("http://www.hengdong.gov.cn/art/1.html").as_deref(),
            Some("衡东县")
        );
        assert_eq!(
            name("本文链接:https://hengdong.hengyang.gov.cn/x").as_deref(),
            Some("衡东县")
        );
        // A portal's own name is no place; its city channel is, when the page agrees.
        assert_eq!(name("https://mp.weixin.qq.com/s/abc"), None);
        assert_eq!(name("https://news.sina.com.cn/c/1.shtml"), None);
        assert_eq!(name("https://www.rednet.cn/content/1.html"), None);
        let page = chars("益阳市赫山区开展排查");
        let ctx = PageContext::new(g, &[&page]);
        assert_eq!(
            place_in_address(g, &ctx, "https://yiyang.rednet.cn/content/1.html")
                .map(|d| g.get(d).name.as_str()),
            Some("益阳市")
        );
    }

    #[test]
    fn places_from_file_names_and_folders() {
        let g = Gazetteer::bundled();
        let ctx = PageContext::default();
        let name = |p: &str| place_in_path(g, &ctx, p).map(|d| g.get(d).name.clone());
        assert_eq!(name("衡东县/2022/0225.txt").as_deref(), Some("衡东县"));
        assert_eq!(name("湖南/衡阳市/衡东/0225.txt").as_deref(), Some("衡东县"));
        assert_eq!(name("pages/hengdong-0225.txt").as_deref(), Some("衡东县"));
        assert_eq!(name("weixin/0225.html"), None);
        assert_eq!(name("news/index.html"), None);
    }

    #[test]
    fn a_one_character_town_inside_text_needs_its_county_on_the_page() {
        let words = words_of("佳县开展排查。走进乌镇,志愿者入户登记");
        assert!(names_division(&words, |d| d.name == "乌镇"));
        let words = words_of("衡东县开展排查。走进乌镇,志愿者入户登记");
        assert!(!names_division(&words, |d| d.name == "乌镇"));
    }

    #[test]
    fn a_saved_pages_own_address() {
        let html = "<html><head><meta content='http://www.hengdong.gov.cn/a/1.html' property='og:url'><link href=\"http://www.leiyang.gov.cn/\" rel=\"next\"></head>";
        assert_eq!(
            saved_address(html).as_deref(),
            Some("http://www.hengdong.gov.cn/a/1.html")
        );
        let html = "<!-- saved from url=(0031)http://www.yyhs.gov.cn/c/2.html -->\n<html>";
        assert_eq!(
            saved_address(html).as_deref(),
            Some("http://www.yyhs.gov.cn/c/2.html")
        );
        assert_eq!(
            saved_address("<a href=\"http://www.leiyang.gov.cn/\">x</a>"),
            None
        );
    }
}
