//! Finding places by what a person types: simplified or traditional
//! characters (冷水灘 finds 冷水滩区), full pinyin (`hengdong`) or initials
//! (`hd`), among the places that have records and, after them, every place
//! of the gazetteer (shown as having no records).

use crate::gazetteer::Gazetteer;
use crate::records::Dataset;
use std::collections::HashSet;

/// A place that matches the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A node of the dataset's locality tree.
    Node(usize),
    /// A division of the gazetteer that has no records here.
    NoRecords(usize),
}

/// At most this many places without records are listed: a one-letter
/// initial matches thousands of townships.
pub const MAX_NO_RECORD_HITS: usize = 40;

/// What the person typed, in the forms names are compared in.
struct Query {
    /// Simplified characters, lower-case.
    text: String,
    /// Letters only: also read as pinyin.
    latin: bool,
}

impl Query {
    fn new(q: &str) -> Option<Query> {
        let q = q.trim().to_lowercase();
        if q.is_empty() {
            return None;
        }
        let latin = q.chars().all(|c| c.is_ascii_alphabetic());
        Some(Query {
            text: fast2s::convert(&q),
            latin,
        })
    }

    fn matches(&self, name: &str) -> bool {
        if name.to_lowercase().contains(&self.text) {
            return true;
        }
        if !self.latin {
            return false;
        }
        let (full, initials) = pinyin_of(name);
        full.iter().any(|f| f.contains(&self.text))
            || initials.iter().any(|i| i.starts_with(&self.text))
    }
}

/// The toneless pinyin of `name` and its initials, for each reading of
/// characters with several (长: chang, zhang); at most 8 of each.
fn pinyin_of(name: &str) -> (Vec<String>, Vec<String>) {
    use pinyin::ToPinyinMulti;
    let mut full = vec![String::new()];
    let mut initials = vec![String::new()];
    for c in name.chars() {
        let Some(multi) = c.to_pinyin_multi() else {
            // Latin letters and digits in a name stand as they are.
            for s in full.iter_mut().chain(initials.iter_mut()) {
                s.extend(c.to_lowercase());
            }
            continue;
        };
        let mut next_full = Vec::new();
        let mut next_init = Vec::new();
        for p in multi {
            let plain = p.plain();
            let first = plain.chars().next().unwrap_or_default();
            for f in &full {
                let s = format!("{f}{plain}");
                if next_full.len() < 8 && !next_full.contains(&s) {
                    next_full.push(s);
                }
            }
            for i in &initials {
                let s = format!("{i}{first}");
                if next_init.len() < 8 && !next_init.contains(&s) {
                    next_init.push(s);
                }
            }
        }
        full = next_full;
        initials = next_init;
    }
    (full, initials)
}

/// The places whose name matches `query`: the dataset's first (tree
/// order), then gazetteer divisions of the same names' kind that have no
/// records (at most [`MAX_NO_RECORD_HITS`]).
pub fn search(ds: &Dataset, g: &Gazetteer, query: &str) -> Vec<Hit> {
    let Some(q) = Query::new(query) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let mut named: HashSet<&str> = HashSet::new();
    ds.walk(&mut |i| {
        let n = &ds.nodes()[i];
        if q.matches(&n.name) {
            hits.push(Hit::Node(i));
        }
    });
    for n in ds.nodes() {
        named.insert(n.name.as_str());
    }
    // One letter or one character finds too much to be of use.
    if q.text.chars().count() < 2 {
        return hits;
    }
    let mut extra = 0;
    for (i, d) in g.divisions.iter().enumerate() {
        if extra >= MAX_NO_RECORD_HITS {
            break;
        }
        if d.pseudo || d.successor.is_some() || named.contains(d.name.as_str()) {
            continue;
        }
        if q.matches(&d.name) {
            hits.push(Hit::NoRecords(i));
            extra += 1;
        }
    }
    hits
}

/// Divisions of the gazetteer whose name matches `query` (characters in
/// either script, pinyin, initials), counties and cities first, at most
/// `limit`: the place picker of the record editor.
pub fn divisions(g: &Gazetteer, query: &str, limit: usize) -> Vec<usize> {
    let Some(q) = Query::new(query) else {
        return Vec::new();
    };
    if q.text.chars().count() < 2 {
        return Vec::new();
    }
    let mut found: Vec<usize> = g
        .divisions
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.pseudo && d.successor.is_none() && q.matches(&d.name))
        .map(|(i, _)| i)
        .take(limit * 20)
        .collect();
    // Higher levels first: a person correcting a place most often means a county.
    found.sort_by_key(|&i| (g.get(i).level, g.get(i).name.chars().count()));
    found.truncate(limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Record;

    fn ds(places: &[&[&str]]) -> Dataset {
        let recs = places
            .iter()
            .map(|path| {
                let v = serde_json::json!({
                    "locality": path.last().unwrap(), "locality_path": path,
                    "date": "2020-02-20", "measure": "screening", "value": 1,
                    "unit": "户", "source": "a.jsonl"
                });
                serde_json::from_value::<Record>(v).unwrap()
            })
            .collect();
        Dataset::new(recs)
    }

    fn names(ds: &Dataset, g: &Gazetteer, q: &str) -> Vec<String> {
        search(ds, g, q)
            .into_iter()
            .map(|h| match h {
                Hit::Node(i) => ds.nodes()[i].name.clone(),
                Hit::NoRecords(i) => format!("({})", g.get(i).name),
            })
            .collect()
    }

    #[test]
    fn traditional_pinyin_and_initials_find_places() {
        let g = Gazetteer::bundled();
        let d = ds(&[
            &["湖南省", "衡阳市", "衡东县"],
            &["湖南省", "永州市", "冷水滩区"],
        ]);
        assert_eq!(names(&d, g, "冷水灘")[0], "冷水滩区");
        assert_eq!(names(&d, g, "hengdong")[0], "衡东县");
        assert_eq!(names(&d, g, "HengDong")[0], "衡东县");
        assert!(names(&d, g, "hd").contains(&"衡东县".to_string()));
        assert!(names(&d, g, "lstq").contains(&"冷水滩区".to_string()));
        assert!(names(&d, g, "  ").is_empty());
    }

    #[test]
    fn the_picker_finds_divisions_counties_first() {
        let g = Gazetteer::bundled();
        let found = divisions(g, "hengdong", 5);
        assert!(!found.is_empty());
        assert_eq!(g.get(found[0]).name, "衡东县");
        assert!(divisions(g, "x", 5).is_empty());
    }

    #[test]
    fn places_without_records_come_after_and_say_so() {
        let g = Gazetteer::bundled();
        let d = ds(&[&["湖南省", "衡阳市", "衡东县"]]);
        let found = names(&d, g, "衡山");
        assert!(found.iter().any(|n| n == "(衡山县)"), "{found:?}");
        assert!(
            !found.contains(&"(衡东县)".to_string()),
            "places with records are not repeated"
        );
        let many = search(&d, g, "zh");
        assert!(
            many.iter()
                .filter(|h| matches!(h, Hit::NoRecords(_)))
                .count()
                <= MAX_NO_RECORD_HITS
        );
    }
}
