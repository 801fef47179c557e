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
    /// The division this 2020 code became when it was given a new code
    /// (孟津县 410322 → 孟津区 410308): its names and its code lead there, so
    /// a page of 2020 and one of 2023 speak of one place.
    pub successor: Option<usize>,
}

/// A place name found in text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Char offsets into the searched text.
    pub start: usize,
    pub end: usize,
    /// Every division the name can mean.
    pub candidates: Vec<usize>,
    /// True when the name alone is weak evidence and needs the page's
    /// support: a short form (`衡东`), or a one-character name read inside
    /// a word (`卡点和县医院`: 和 is a conjunction there).
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
    /// County- and prefecture-level names by their pinyin, built when first
    /// asked for: only pages without a place of their own need it.
    pinyin: OnceLock<HashMap<String, Vec<usize>>>,
}

/// Suffixes that a short form drops. Longest first.
const SUFFIXES: [&str; 13] = [
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道",
    "省",
    "市",
    "县",
    "区",
];

/// Level words that end a one-character name (`和县`, `新镇`).
const LEVEL_CHARS: [char; 6] = ['县', '区', '市', '旗', '镇', '乡'];

/// Names that are also ordinary words (`城区` is "the urban area", `农场` "a
/// farm"): they name a place only right after the place that holds them.
const GENERIC: [&str; 24] = [
    "城区",
    "郊区",
    "矿区",
    "东区",
    "西区",
    "市中区",
    "城关区",
    "新城区",
    "老城区",
    "开发区",
    "高新区",
    "经开区",
    "新区",
    "街道",
    "农场",
    "林场",
    "盐场",
    "牛场",
    "苗圃",
    "东城",
    "西城",
    "城南",
    "城区街道",
    "新区街道",
];

fn is_generic(name: &[char]) -> bool {
    GENERIC.iter().any(|g| g.chars().eq(name.iter().copied()))
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

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
        let Table {
            mut divisions,
            mut by_code,
            eras,
        } = read_divisions(tsv);
        link_parents(&mut divisions, &by_code);
        merge_renumbered(&mut divisions, &eras, Level::County);
        merge_renumbered(&mut divisions, &eras, Level::Township);
        for d in &divisions {
            if let Some(s) = d.successor {
                by_code.insert(d.code, s);
            }
        }
        let (strong, weak, derived) = name_forms(&divisions);
        let (patterns, by_name) = ranked_patterns(strong, weak, derived);
        let (names, starts) = name_index(patterns, &by_name);
        Gazetteer {
            divisions,
            by_code,
            names,
            starts,
            pinyin: OnceLock::new(),
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

    /// The county- and prefecture-level divisions whose name, with or
    /// without its level word, reads as `word` in toneless pinyin
    /// (`hengdong`, `hengdongxian`), any reading of a character with several.
    pub fn by_pinyin(&self, word: &str) -> &[usize] {
        let index = self.pinyin.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, d) in self.divisions.iter().enumerate() {
                if d.pseudo
                    || d.successor.is_some()
                    || !matches!(d.level, Level::County | Level::Prefecture)
                {
                    continue;
                }
                for name in std::iter::once(&d.name).chain(&d.old_names) {
                    let stem = short_form(name).unwrap_or_else(|| name_stem(name).to_string());
                    for n in [name.as_str(), stem.as_str()] {
                        if n.chars().count() < 2 {
                            continue;
                        }
                        for key in readings(n) {
                            let v = index.entry(key).or_default();
                            if !v.contains(&i) {
                                v.push(i);
                            }
                        }
                    }
                }
            }
            index
        });
        index.get(word).map_or(&[], Vec::as_slice)
    }

    /// Ancestors then the division itself, outermost first, containers left out.
    pub fn path(&self, i: usize) -> Vec<usize> {
        // Province, city, county, township: room for all at once.
        let mut path = Vec::with_capacity(4);
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

    /// `f` of [`Gazetteer::path`] without allocating it: the place rules
    /// score every candidate of every mention by its path.
    pub fn with_path<R>(&self, i: usize, f: impl FnOnce(&[usize]) -> R) -> R {
        const DEEPEST: usize = 8;
        let mut up = [0usize; DEEPEST];
        let mut n = 0;
        let mut cur = Some(i);
        while let Some(c) = cur {
            if !self.divisions[c].pseudo {
                if n == DEEPEST {
                    return f(&self.path(i));
                }
                up[n] = c;
                n += 1;
            }
            cur = self.divisions[c].parent;
        }
        up[..n].reverse();
        f(&up[..n])
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

    /// The place names in `chars`, leftmost-longest, as char offsets, read
    /// in their context: a name right after a place that holds it means the
    /// namesake inside that place (`晋城市城区`); a name that is an ordinary
    /// word (`城区`, `开发区`) counts only there; a one-character name
    /// (`和县`, `新镇`) inside running text is weak (`卡点和县医院`).
    pub fn find(&self, chars: &[char]) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        for mut m in self.find_names(chars) {
            let parent = out.last().filter(|p| p.end == m.start);
            let inside: Vec<usize> = parent.map_or_else(Vec::new, |p| {
                m.candidates
                    .iter()
                    .copied()
                    .filter(|&c| p.candidates.iter().any(|&a| a != c && self.is_within(c, a)))
                    .collect()
            });
            let chained = !inside.is_empty();
            if chained {
                m.candidates = inside;
                // 永州市江华, 湖南江华: a short form right after a place that
                // holds it is no accident of the text; it counts as a full name.
                m.short = false;
            } else {
                let name = &chars[m.start..m.end];
                if is_generic(name) {
                    continue;
                }
                let in_word = m.start > 0 && is_han(chars[m.start - 1]);
                if name.len() == 2 && LEVEL_CHARS.contains(&name[1]) && in_word {
                    m.short = true;
                }
            }
            out.push(m);
        }
        out
    }

    /// All names in `chars`, leftmost-longest, as char offsets.
    ///
    /// Scans left to right for the longest name starting at each position
    /// and resumes after a match: the leftmost-longest semantics of an
    /// Aho-Corasick automaton, without walking an automaton of fifty
    /// thousand names (whose states miss the cache) byte by byte.
    fn find_names(&self, chars: &[char]) -> Vec<Mention> {
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

/// A name's divisions, and whether the name is a weak short form.
type NameHits = (Vec<usize>, bool);

/// A name and the divisions it can mean.
type NameMap = HashMap<String, Vec<usize>>;

/// The table as read: its divisions in its order, their index by code, and
/// per division (in the 2020 tables, in the 2023 tables).
struct Table {
    divisions: Vec<Division>,
    by_code: HashMap<u64, usize>,
    eras: Vec<(bool, bool)>,
}

/// A name's characters and what it means.
type NameIndex = FxHashMap<Box<[char]>, NameHits>;

/// Per first two characters, the lengths of the names that start with them
/// (a bit per length).
type Starts = FxHashMap<(char, char), u64>;

fn read_divisions(tsv: &str) -> Table {
    let mut divisions: Vec<Division> = Vec::new();
    let mut by_code: HashMap<u64, usize> = HashMap::new();
    // Per division: (in the 2020 tables, in the 2023 tables).
    let mut eras: Vec<(bool, bool)> = Vec::new();
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
        let (old, new) = match era {
            Some("o") => (true, false),
            Some("n") => (false, true),
            _ => (true, true),
        };
        let name = name.trim().to_string();
        if let Some(&i) = by_code.get(&code_n) {
            // A second name of the same code: the 2023 one leads.
            eras[i].0 |= old;
            eras[i].1 |= new;
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
        eras.push((old, new));
        divisions.push(Division {
            code: code_n,
            name,
            old_names: Vec::new(),
            level,
            parent: None,
            pseudo,
            successor: None,
        });
    }
    Table {
        divisions,
        by_code,
        eras,
    }
}

/// Each division's parent, from its code.
fn link_parents(divisions: &mut [Division], by_code: &HashMap<u64, usize>) {
    for d in divisions.iter_mut() {
        let code = d.code;
        let parent_code = match code {
            c if c >= 100_000_000 => Some(c / 1000),
            c if c >= 100_000 => Some(c / 100),
            c if c >= 1_000 => Some(c / 100),
            _ => None,
        };
        d.parent = parent_code.and_then(|p| by_code.get(&p).copied());
    }
}

/// The names of the live divisions: full and old names (strong), short
/// forms (weak) and forms made from them (derived: 江华县, 衡阳高新区).
fn name_forms(divisions: &[Division]) -> (NameMap, NameMap, NameMap) {
    let mut strong: NameMap = HashMap::new();
    let mut weak: NameMap = HashMap::new();
    let mut derived: NameMap = HashMap::new();
    for (i, d) in divisions.iter().enumerate() {
        if d.pseudo || d.successor.is_some() {
            continue;
        }
        for name in std::iter::once(&d.name).chain(&d.old_names) {
            for n in match_names(name) {
                strong.entry(n).or_default().push(i);
            }
            for (n, is_weak) in other_forms(name, d.level) {
                let map = if is_weak { &mut weak } else { &mut derived };
                map.entry(n).or_default().push(i);
            }
            if d.level == Level::County {
                let city = d.parent.map(|p| &divisions[p]).filter(|p| !p.pseudo);
                let province = d.parent.and_then(|p| divisions[p].parent);
                let province = province.map(|p| divisions[p].name.as_str());
                for n in zone_aliases(name, city.map(|c| c.name.as_str()), province) {
                    derived.entry(n).or_default().push(i);
                }
            }
        }
    }
    (strong, weak, derived)
}

/// The names to search for, each marked when it is a weak short form, and
/// what each means.
fn ranked_patterns(
    mut strong: NameMap,
    weak: NameMap,
    derived: NameMap,
) -> (Vec<(String, bool)>, NameMap) {
    for v in strong.values_mut() {
        v.dedup();
    }
    // Derived forms (江华县, 衡阳高新区) are as good as full names, but
    // never stand in for a real name they collide with; weak short forms
    // only fill what is left.
    let mut patterns: Vec<(String, bool)> = strong.keys().map(|n| (n.clone(), false)).collect();
    for (map, is_weak) in [(derived, false), (weak, true)] {
        for (s, mut idx) in map {
            if strong.contains_key(&s) {
                continue;
            }
            idx.dedup();
            strong.insert(s.clone(), idx);
            patterns.push((s, is_weak));
        }
    }
    (patterns, strong)
}

/// The names by their characters, and per first two characters the lengths
/// of the names that start with them (a bit per length).
fn name_index(patterns: Vec<(String, bool)>, by_name: &NameMap) -> (NameIndex, Starts) {
    let mut names: NameIndex = FxHashMap::default();
    let mut starts: Starts = FxHashMap::default();
    for (p, short) in patterns {
        let chars: Box<[char]> = p.chars().collect();
        assert!(
            (2..64).contains(&chars.len()),
            "gazetteer name of 2 to 63 chars: {p}"
        );
        *starts.entry((chars[0], chars[1])).or_default() |= 1 << chars.len();
        names.insert(chars, (by_name[&p].clone(), short));
    }
    (names, starts)
}

/// The names under which a division is matched in text: its name, and
/// without a trailing 办事处 (`庆北办事处` is written `庆北`).
fn match_names(name: &str) -> Vec<String> {
    let mut v = vec![name.to_string()];
    if let Some(s) = name.strip_suffix("街道办事处") {
        v.push(format!("{s}街道"));
    } else if let Some(s) = name.strip_suffix("办事处")
        && s.chars().count() >= 2
    {
        v.push(format!("{s}街道"));
    }
    v.retain(|n| n.chars().count() >= 2);
    v
}

/// Other names a division goes by in text, each with whether it is weak
/// (a short form that needs the page's support).
///
/// `衡东县` → `衡东` (weak); an autonomous county or banner drops its
/// nationalities: `江华瑶族自治县` → `江华` (weak), `江华县`, `江华自治县`;
/// `鄂温克族自治旗` → `鄂温克旗`; `湘西土家族苗族自治州` → `湘西州`,
/// `湘西自治州`. Townships get no short form: two-character town names are
/// too often ordinary words.
fn other_forms(name: &str, level: Level) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if level == Level::Township {
        return out;
    }
    for (suffix, level_word) in [("自治县", "县"), ("自治旗", "旗"), ("自治州", "州")] {
        let Some(s) = name.strip_suffix(suffix) else {
            continue;
        };
        let stem = strip_nationality(s);
        if stem.chars().count() >= 2 {
            out.push((format!("{stem}{level_word}"), false));
            out.push((format!("{stem}自治{}", &suffix[6..]), false));
        }
    }
    if let Some(s) = short_form(name) {
        out.push((s, true));
    }
    out.retain(|(n, _)| n != name);
    out
}

/// `衡东县` → `衡东`, `衡阳市` → `衡阳`, `湖南省` → `湖南`, `城步苗族自治县` → `城步`.
fn short_form(name: &str) -> Option<String> {
    for suf in SUFFIXES {
        if let Some(s) = name.strip_suffix(suf) {
            // Only autonomous prefectures, counties and banners name their
            // nationalities after the place: 内蒙古自治区 keeps its 蒙古.
            let s = if suf.starts_with("自治") && suf != "自治区" {
                strip_nationality(s)
            } else {
                s
            };
            if s.chars().count() >= 2 && !SHORT_STOP.contains(&s) {
                return Some(s.to_string());
            }
            return None;
        }
    }
    None
}

/// The 55 recognised minority nationalities, as autonomous places' names
/// carry them (`布依族`, or without 族: `巴里坤哈萨克自治县`).
const NATIONS: [&str; 55] = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// The place part of an autonomous place's name: `江华瑶族` → `江华`,
/// `关岭布依族苗族` → `关岭`, `巴里坤哈萨克` → `巴里坤`. A name that is only
/// a nationality keeps it without 族: `鄂温克族` → `鄂温克`, `东乡族` → `东乡`.
fn strip_nationality(s: &str) -> &str {
    let mut cut = s.len();
    for n in NATIONS {
        // One-character names only with 族 (水族, 土族): alone they are
        // ordinary characters of place names.
        let with_zu = format!("{n}族");
        let positions = s.match_indices(with_zu.as_str()).map(|(p, _)| p).chain(
            (n.chars().count() >= 2)
                .then(|| s.match_indices(n).map(|(p, _)| p))
                .into_iter()
                .flatten(),
        );
        for p in positions {
            // Only a run of nationalities that reaches the end of the name.
            if p > 0 && is_nationality_run(&s[p..]) {
                cut = cut.min(p);
            }
        }
    }
    if cut < s.len() {
        return &s[..cut];
    }
    // The whole name is nationalities: keep the first, without 族.
    let first = NATIONS
        .iter()
        .filter(|n| s.starts_with(*n) && n.chars().count() >= 2)
        .max_by_key(|n| n.len());
    match first {
        Some(n) if is_nationality_run(s) => &s[..n.len()],
        _ => s,
    }
}

/// Is `s` nothing but nationalities, each with or without 族 (`布依族苗族`)?
fn is_nationality_run(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    NATIONS.iter().any(|n| {
        s.strip_prefix(n).is_some_and(|rest| {
            let rest_zu = rest.strip_prefix('族');
            rest_zu.is_some_and(is_nationality_run)
                || (n.chars().count() >= 2 && is_nationality_run(rest))
        })
    })
}

/// Informal names of a development zone: `湖南衡阳高新技术产业园区` is
/// written `衡阳高新区` and `衡阳市高新区`; `邯郸经济技术开发区` is
/// `邯郸经开区`. `city` and `province` are the zone's parents.
fn zone_aliases(name: &str, city: Option<&str>, province: Option<&str>) -> Vec<String> {
    const ZONES: [(&str, &str); 5] = [
        ("高新技术产业开发区", "高新区"),
        ("高新技术产业园区", "高新区"),
        ("高新技术开发区", "高新区"),
        ("经济技术开发区", "经开区"),
        ("经济开发区", "经开区"),
    ];
    let mut out = Vec::new();
    let Some((core, short)) = ZONES
        .iter()
        .find_map(|(suf, short)| Some((name.strip_suffix(suf)?, *short)))
    else {
        return out;
    };
    let province_short = province.and_then(short_form);
    let core = [province, province_short.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|p| core.strip_prefix(p).filter(|c| !c.is_empty()))
        .unwrap_or(core);
    if core.chars().count() < 2 {
        return out;
    }
    out.push(format!("{core}{short}"));
    if short == "经开区" {
        out.push(format!("{core}经济开发区"));
    }
    // `衡阳高新区` is also `衡阳市高新区`.
    if let Some(city) = city {
        let city_short = short_form(city);
        if let Some(rest) = city_short.as_deref().and_then(|c| core.strip_prefix(c)) {
            out.push(format!("{city}{rest}{short}"));
        }
    }
    out.retain(|n| n != name);
    out
}

/// Divisions that the 2023 tables list under a new code (孟津县 410322 →
/// 孟津区 410308, 沙县 → 沙县区, 横县 → 横州市): a code of 2020 only gets as
/// successor the one code of 2023 only under the same parent whose name
/// starts with its name less the level word. Mergers (吉利区 into 孟津区)
/// have no such name and stay apart. Children follow their parent, so
/// towns are matched under the merged county.
fn merge_renumbered(divisions: &mut [Division], eras: &[(bool, bool)], level: Level) {
    let mut born: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, d) in divisions.iter().enumerate() {
        if d.level == level && eras[i] == (false, true) && !d.pseudo {
            born.entry(d.parent).or_default().push(i);
        }
    }
    let mut merges = Vec::new();
    for (i, d) in divisions.iter().enumerate() {
        if d.level != level || eras[i].1 || d.pseudo {
            continue;
        }
        let stem = name_stem(&d.name);
        if stem.is_empty() {
            continue;
        }
        let found: Vec<usize> = born
            .get(&d.parent)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&j| divisions[j].name.starts_with(stem))
            .collect();
        if let [j] = found[..] {
            merges.push((i, j));
        }
    }
    for &(i, j) in &merges {
        let old = divisions[i].name.clone();
        let old_names = divisions[i].old_names.clone();
        divisions[i].successor = Some(j);
        for n in std::iter::once(old).chain(old_names) {
            if n != divisions[j].name && !divisions[j].old_names.contains(&n) {
                divisions[j].old_names.push(n);
            }
        }
    }
    let successor: HashMap<usize, usize> = merges.into_iter().collect();
    for d in divisions.iter_mut() {
        if let Some(&j) = d.parent.and_then(|p| successor.get(&p)) {
            d.parent = Some(j);
        }
    }
}

/// Every toneless pinyin spelling of `name` (a character with several
/// readings gives several: 长 is chang and zhang), at most 16.
fn readings(name: &str) -> Vec<String> {
    use pinyin::ToPinyinMulti;
    let mut out = vec![String::new()];
    for c in name.chars() {
        let Some(multi) = c.to_pinyin_multi() else {
            return Vec::new();
        };
        let mut next = Vec::new();
        for p in multi {
            for prefix in &out {
                if next.len() < 16 && !next.contains(&format!("{prefix}{}", p.plain())) {
                    next.push(format!("{prefix}{}", p.plain()));
                }
            }
        }
        out = next;
    }
    out
}

/// A name without its level word: `孟津县` → `孟津`, `城关镇` → `城关`.
fn name_stem(name: &str) -> &str {
    for suf in [
        "街道办事处",
        "办事处",
        "街道",
        "县",
        "市",
        "区",
        "旗",
        "镇",
        "乡",
    ] {
        if let Some(s) = name.strip_suffix(suf) {
            return s;
        }
    }
    name
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
        let ours: Vec<(usize, usize)> = g
            .find_names(&chars)
            .iter()
            .map(|m| (m.start, m.end))
            .collect();
        let char_at = |b: usize| text[..b].chars().count();
        let theirs: Vec<(usize, usize)> = ac
            .find_iter(&text)
            .map(|m| (char_at(m.start()), char_at(m.end())))
            .collect();
        assert!(theirs.len() > 1000, "only {} names found", theirs.len());
        assert_eq!(ours, theirs);
    }

    fn code_of(name: &str) -> Vec<u64> {
        g().lookup(name).iter().map(|&i| g().get(i).code).collect()
    }

    #[test]
    fn autonomous_places_by_their_short_forms() {
        for short in ["江华县", "江华自治县"] {
            assert_eq!(code_of(short), [431129], "{short}");
        }
        for short in ["通道县", "通道自治县"] {
            assert_eq!(code_of(short), [431230], "{short}");
        }
        assert_eq!(code_of("关岭县"), [520424]);
        assert_eq!(code_of("巴里坤县"), [650521]);
        assert_eq!(code_of("鄂温克旗"), [150724]);
        assert_eq!(code_of("莫力达瓦旗"), [150722]);
        assert_eq!(code_of("湘西州"), [4331]);
        assert_eq!(code_of("东乡县"), [622926]);
        // A bare short form is still there, and still weak.
        let text: Vec<char> = "江华开展排查".chars().collect();
        assert!(g().find(&text)[0].short);
        let text: Vec<char> = "江华县开展排查".chars().collect();
        assert!(!g().find(&text)[0].short);
        let text: Vec<char> = "湖南江华开展排查".chars().collect();
        let m = g().find(&text);
        assert!(m[0].short && !m[1].short, "{m:?}");
    }

    #[test]
    fn nationalities_are_cut_only_at_the_end() {
        assert_eq!(strip_nationality("江华瑶族"), "江华");
        assert_eq!(strip_nationality("关岭布依族苗族"), "关岭");
        assert_eq!(strip_nationality("巴里坤哈萨克"), "巴里坤");
        assert_eq!(strip_nationality("鄂温克族"), "鄂温克");
        // 水 is a nationality only as 水族; 内蒙古 keeps its 蒙古.
        assert_eq!(strip_nationality("三都水族"), "三都");
        assert_eq!(short_form("内蒙古自治区").as_deref(), Some("内蒙古"));
    }

    #[test]
    fn development_zones_by_their_informal_names() {
        assert_eq!(code_of("衡阳高新区"), [430476]);
        assert_eq!(code_of("衡阳市高新区"), [430476]);
        assert_eq!(code_of("邯郸经开区"), [130471]);
        let text: Vec<char> = "衡阳市高新区组织核酸检测".chars().collect();
        let m = g().find(&text);
        assert_eq!((m[0].start, m[0].end), (0, 6));
    }

    #[test]
    fn renumbered_counties_stay_one_place() {
        let old = code_of("孟津县");
        assert_eq!(old, [410308]);
        assert_eq!(code_of("孟津区"), old);
        assert_eq!(g().by_code(410322), g().by_code(410308));
        assert_eq!(code_of("沙县"), [350405]);
        assert_eq!(code_of("横县"), code_of("横州市"));
        // A county merged into another keeps its own code.
        assert_eq!(code_of("吉利区"), [410306]);
        // Towns of the old code hang under the one place.
        let town = g()
            .divisions
            .iter()
            .position(|d| d.code / 1000 == 410322 && d.successor.is_none())
            .unwrap();
        assert_eq!(g().county_of(town), g().by_code(410308));
    }

    fn found(text: &str) -> Vec<(String, bool, Vec<u64>)> {
        let chars: Vec<char> = text.chars().collect();
        g().find(&chars)
            .iter()
            .map(|m| {
                let name = chars[m.start..m.end].iter().collect();
                let codes = m.candidates.iter().map(|&c| g().get(c).code).collect();
                (name, m.short, codes)
            })
            .collect()
    }

    #[test]
    fn one_character_names_inside_words_are_weak() {
        let f = found("各卡点和县医院发热门诊");
        assert_eq!(f.len(), 1);
        assert!(f[0].1, "{f:?}");
        let f = found("安徽省和县,马鞍山市和县");
        assert!(f.iter().filter(|m| m.0 == "和县").all(|m| !m.1), "{f:?}");
        let f = found("和县卫健委");
        assert!(!f[0].1);
    }

    #[test]
    fn ordinary_words_name_a_place_only_under_their_parent() {
        assert!(found("城区各小区开展消杀").is_empty());
        assert!(found("在开发区和新区设置卡点").is_empty());
        let f = found("晋城市城区开展消杀");
        assert_eq!(f[1].0, "城区");
        assert_eq!(f[1].2, [140502]);
        // A name after its parent means the namesake inside it.
        let f = found("衡阳市珠晖区东风街道");
        assert_eq!(f[2].2, [430405010]);
    }

    #[test]
    fn pinyin_of_county_and_city_names() {
        let hd = g().by_code(430424).unwrap();
        assert!(g().by_pinyin("hengdong").contains(&hd));
        assert!(g().by_pinyin("hengdongxian").contains(&hd));
        // 长 reads chang here; both 长沙市 and 长沙县 answer.
        assert_eq!(g().by_pinyin("changsha").len(), 2);
        assert!(g().by_pinyin("zzzz").is_empty());
    }

    /// Every county-level division resolves from its full name, alone and
    /// after its prefecture, and from its 2020 name when it had another.
    #[test]
    fn every_county_resolves_from_its_names() {
        let g = g();
        let mut checked = 0;
        for (i, d) in g.divisions.iter().enumerate() {
            if d.level != Level::County || d.pseudo || d.successor.is_some() {
                continue;
            }
            for name in std::iter::once(&d.name).chain(&d.old_names) {
                assert!(g.lookup(name).contains(&i), "{name}");
                let parent = d.parent.map(|p| g.get(p)).filter(|p| !p.pseudo);
                let text: String = parent.map_or(String::new(), |p| p.name.clone()) + name;
                let chars: Vec<char> = text.chars().collect();
                let m = g.find(&chars);
                assert!(
                    m.last()
                        .is_some_and(|m| m.end == chars.len() && m.candidates.contains(&i)),
                    "{text}"
                );
                checked += 1;
            }
        }
        assert!(checked > 2900, "{checked}");
    }
}
