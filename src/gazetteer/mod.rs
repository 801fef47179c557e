//! The bundled divisions of China (NBS statistical codes, 2020 and 2023):
//! lookup by name and code, ancestors, and finding place names in text.
//!
//! Pages from 2020–2022 use names that the 2023 tables dropped (东风路街道
//! became 东风街道), so both snapshots are loaded and every name of a code
//! resolves to that code. News text shortens names (`衡东` for 衡东县,
//! `北塔` for 北塔区); short forms are indexed too, but flagged, so callers
//! only trust them where the surrounding text makes them likely.

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::records::Level;

const BUNDLED: &str = include_str!("../../assets/gazetteer.tsv");

/// One administrative division.
#[derive(Debug, Clone)]
pub struct Division {
    /// NBS code: 2 digits province, 4 prefecture, 6 county, 9 township.
    pub code: u64,
    /// The 2023 name when there is one, else the 2020 name.
    pub name: String,
    /// Other names of the same code (the 2020 name of a renamed place).
    pub old_names: Vec<String>,
    pub level: Level,
    pub parent: Option<usize>,
    /// Containers such as 市辖区 or 省直辖县级行政区划: they are in the
    /// code tree but never in a locality path.
    pub pseudo: bool,
}

/// A place name found in text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Char offsets into the searched text.
    pub start: usize,
    pub end: usize,
    /// Every division the name can mean.
    pub candidates: Vec<usize>,
    /// True when only a short form matched (`衡东`), not a full name.
    pub short: bool,
}

pub struct Gazetteer {
    pub divisions: Vec<Division>,
    by_code: HashMap<u64, usize>,
    /// Every name searched for in text, as chars: (the divisions it can
    /// mean, is_short).
    names: FxHashMap<Box<[char]>, (Vec<usize>, bool)>,
    /// For the first two chars of some name: a bit per char length of the
    /// names that start with them (bit n: n chars). Every name has at least
    /// two chars, so most positions of a text are ruled out by one lookup.
    starts: FxHashMap<(char, char), u64>,
}

/// Suffixes that a short form drops. Longest first.
const SUFFIXES: [&str; 12] = [
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "街道",
    "省",
    "市",
    "县",
    "区",
];

/// Short forms that are ordinary words or too ambiguous to index.
const SHORT_STOP: [&str; 24] = [
    "城区", "新区", "市区", "郊区", "矿区", "林区", "高新", "开发", "经开", "东区", "西区", "南区",
    "北区", "中区", "市中", "城关", "新城", "老城", "河口", "长安", "和平", "新华", "白云", "南山",
];

impl Gazetteer {
    /// The gazetteer bundled in the binary, parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse(BUNDLED))
    }

    pub fn parse(tsv: &str) -> Gazetteer {
        let mut divisions: Vec<Division> = Vec::new();
        let mut by_code: HashMap<u64, usize> = HashMap::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(code), Some(name), era) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let Ok(code_n) = code.parse::<u64>() else {
                continue;
            };
            let level = match code.len() {
                2 => Level::Province,
                4 => Level::Prefecture,
                6 => Level::County,
                _ => Level::Township,
            };
            let name = name.trim().to_string();
            if let Some(&i) = by_code.get(&code_n) {
                // A second name of the same code: the 2023 one leads.
                let d = &mut divisions[i];
                if era == Some("n") {
                    let old = std::mem::replace(&mut d.name, name);
                    d.old_names.push(old);
                } else {
                    d.old_names.push(name);
                }
                continue;
            }
            let pseudo = matches!(
                name.as_str(),
                "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
            );
            by_code.insert(code_n, divisions.len());
            divisions.push(Division {
                code: code_n,
                name,
                old_names: Vec::new(),
                level,
                parent: None,
                pseudo,
            });
        }
        for i in 0..divisions.len() {
            let code = divisions[i].code;
            let parent_code = match code {
                c if c >= 100_000_000 => Some(c / 1000),
                c if c >= 100_000 => Some(c / 100),
                c if c >= 1_000 => Some(c / 100),
                _ => None,
            };
            divisions[i].parent = parent_code.and_then(|p| by_code.get(&p).copied());
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut short_names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            if d.pseudo {
                continue;
            }
            for name in std::iter::once(&d.name).chain(&d.old_names) {
                for n in match_names(name) {
                    by_name.entry(n).or_default().push(i);
                }
                if let Some(s) = short_form(name, d.level) {
                    short_names.entry(s).or_default().push(i);
                }
            }
        }
        for v in by_name.values_mut() {
            v.dedup();
        }
        let mut patterns: Vec<(String, bool)> =
            by_name.keys().map(|n| (n.clone(), false)).collect();
        for (s, idx) in short_names {
            if by_name.contains_key(&s) {
                continue;
            }
            by_name.insert(s.clone(), idx);
            patterns.push((s, true));
        }
        let mut names: FxHashMap<Box<[char]>, (Vec<usize>, bool)> = FxHashMap::default();
        let mut starts: FxHashMap<(char, char), u64> = FxHashMap::default();
        for (p, short) in patterns {
            let chars: Box<[char]> = p.chars().collect();
            assert!(
                (2..64).contains(&chars.len()),
                "gazetteer name of 2 to 63 chars: {p}"
            );
            *starts.entry((chars[0], chars[1])).or_default() |= 1 << chars.len();
            names.insert(chars, (by_name[&p].clone(), short));
        }
        Gazetteer {
            divisions,
            by_code,
            names,
            starts,
        }
    }

    pub fn get(&self, i: usize) -> &Division {
        &self.divisions[i]
    }

    pub fn by_code(&self, code: u64) -> Option<usize> {
        self.by_code.get(&code).copied()
    }

    /// Every division a name (full, old or short form) can mean.
    pub fn lookup(&self, name: &str) -> &[usize] {
        let key: Vec<char> = name.chars().collect();
        self.names
            .get(key.as_slice())
            .map_or(&[], |(candidates, _)| candidates.as_slice())
    }

    /// Ancestors then the division itself, outermost first, containers left out.
    pub fn path(&self, i: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let mut cur = Some(i);
        while let Some(c) = cur {
            if !self.divisions[c].pseudo {
                path.push(c);
            }
            cur = self.divisions[c].parent;
        }
        path.reverse();
        path
    }

    pub fn path_names(&self, i: usize) -> Vec<String> {
        self.path(i)
            .into_iter()
            .map(|p| self.divisions[p].name.clone())
            .collect()
    }

    /// The ancestor (or self) at a level.
    pub fn ancestor_at(&self, i: usize, level: Level) -> Option<usize> {
        self.path(i)
            .into_iter()
            .find(|&p| self.divisions[p].level == level)
    }

    /// Is `a` the same as `b` or inside it?
    pub fn is_within(&self, a: usize, b: usize) -> bool {
        let mut cur = Some(a);
        while let Some(c) = cur {
            if c == b {
                return true;
            }
            cur = self.divisions[c].parent;
        }
        false
    }

    /// The county-level division (or a prefecture without counties) that
    /// holds `i`: what analysts compare by.
    pub fn county_of(&self, i: usize) -> Option<usize> {
        self.ancestor_at(i, Level::County)
    }

    /// All place names in `chars`, leftmost-longest, as char offsets.
    ///
    /// Scans left to right for the longest name starting at each position
    /// and resumes after a match: the leftmost-longest semantics of an
    /// Aho-Corasick automaton, without walking an automaton of fifty
    /// thousand names (whose states miss the cache) byte by byte.
    pub fn find(&self, chars: &[char]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i + 1 < chars.len() {
            let Some(&lens) = self.starts.get(&(chars[i], chars[i + 1])) else {
                i += 1;
                continue;
            };
            // Lengths that fit, longest first.
            let room = chars.len() - i;
            let mut lens = if room < 63 {
                lens & ((2u64 << room) - 1)
            } else {
                lens
            };
            let mut found = None;
            while lens != 0 {
                let n = 63 - lens.leading_zeros() as usize;
                if let Some(entry) = self.names.get(&chars[i..i + n]) {
                    found = Some((n, entry));
                    break;
                }
                lens &= !(1 << n);
            }
            match found {
                Some((n, (candidates, short))) => {
                    out.push(Mention {
                        start: i,
                        end: i + n,
                        candidates: candidates.clone(),
                        short: *short,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The names under which a division is matched in text: its name, and
/// without a trailing 办事处 (`庆北办事处` is written `庆北`).
fn match_names(name: &str) -> Vec<String> {
    let mut v = vec![name.to_string()];
    if let Some(s) = name.strip_suffix("街道办事处") {
        v.push(format!("{s}街道"));
    } else if let Some(s) = name.strip_suffix("办事处") {
        if s.chars().count() >= 2 {
            v.push(format!("{s}街道"));
        }
    }
    v.retain(|n| n.chars().count() >= 2);
    v
}

/// `衡东县` → `衡东`, `衡阳市` → `衡阳`, `湖南省` → `湖南`. Townships get
/// no short form: two-character town names are too often ordinary words.
fn short_form(name: &str, level: Level) -> Option<String> {
    if level == Level::Township {
        return None;
    }
    for suf in SUFFIXES {
        if let Some(s) = name.strip_suffix(suf) {
            // 自治县/自治州 names carry nationalities: 城步苗族自治县 → 城步.
            let s = strip_nationality(s);
            if s.chars().count() >= 2 && !SHORT_STOP.contains(&s) {
                return Some(s.to_string());
            }
            return None;
        }
    }
    None
}

fn strip_nationality(s: &str) -> &str {
    // Names like 湘西土家族苗族: cut at the first 族-bearing nationality.
    const NATIONS: [&str; 12] = [
        "土家族",
        "苗族",
        "侗族",
        "瑶族",
        "壮族",
        "回族",
        "彝族",
        "藏族",
        "蒙古族",
        "满族",
        "白族",
        "哈尼族",
    ];
    let mut cut = s.len();
    for n in NATIONS {
        if let Some(p) = s.find(n) {
            cut = cut.min(p);
        }
    }
    &s[..cut]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::bundled()
    }

    #[test]
    fn full_old_and_short_names_resolve() {
        let i = g().lookup("衡东县")[0];
        assert_eq!(g().path_names(i), ["湖南省", "衡阳市", "衡东县"]);
        assert!(g().lookup("衡东").contains(&i));
        let old = g().lookup("东风路街道");
        let hy = *old.iter().find(|&&i| g().get(i).code == 430405010).unwrap();
        assert_eq!(g().get(hy).name, "东风街道");
        assert_eq!(
            g().path_names(hy),
            ["湖南省", "衡阳市", "珠晖区", "东风街道"]
        );
        assert!(g().lookup("东风街道").len() >= 13);
    }

    #[test]
    fn municipalities_skip_containers() {
        let i = g()
            .lookup("东城区")
            .iter()
            .copied()
            .find(|&i| g().get(i).code == 110101)
            .unwrap();
        assert_eq!(g().path_names(i), ["北京市", "东城区"]);
    }

    #[test]
    fn finds_names_in_text_leftmost_longest() {
        let text: Vec<char> = "衡东县草市镇与北塔区".chars().collect();
        let m = g().find(&text);
        let names: Vec<String> = m
            .iter()
            .map(|m| text[m.start..m.end].iter().collect())
            .collect();
        assert_eq!(names, ["衡东县", "草市镇", "北塔区"]);
    }

    /// `find` must give what a leftmost-longest automaton over the same
    /// names gives, on text dense with names, prefixes of names and names
    /// that overlap (`衡阳县` inside `衡阳市` text, short forms inside full ones).
    #[test]
    fn find_matches_a_leftmost_longest_automaton() {
        use aho_corasick::{AhoCorasickBuilder, MatchKind};
        let g = g();
        let mut names: Vec<String> = g.names.keys().map(|n| n.iter().collect()).collect();
        names.sort();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .unwrap();
        // Every 11th name, whole, cut short and run into the next, with
        // filler between some of them.
        let mut text = String::new();
        for (k, n) in names.iter().enumerate().step_by(11) {
            let chars: Vec<char> = n.chars().collect();
            match k % 4 {
                0 => text.push_str(n),
                1 => text.extend(&chars[..chars.len() - 1]),
                2 => text.extend(&chars[1..]),
                _ => {
                    text.push_str(n);
                    text.push_str("开展排查12户,");
                }
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let ours: Vec<(usize, usize)> = g.find(&chars).iter().map(|m| (m.start, m.end)).collect();
        let char_at = |b: usize| text[..b].chars().count();
        let theirs: Vec<(usize, usize)> = ac
            .find_iter(&text)
            .map(|m| (char_at(m.start()), char_at(m.end())))
            .collect();
        assert!(theirs.len() > 1000, "only {} names found", theirs.len());
        assert_eq!(ours, theirs);
    }
}
