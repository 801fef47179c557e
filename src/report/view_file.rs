//! A saved view: a small JSON file that says which chart of which folder —
//! places by division code (their names as a fallback), measures, series,
//! view, date range, aggregate, per-capita, size — so a view can be sent
//! to a colleague and made again next month (`countylens export --view`,
//! `countylens FOLDER --view`, the app's Save view… / Open view…).
//!
//! ```json
//! {"countylens_view":1,"folder":"news","view":"bars",
//!  "places":[{"code":"430424","name":"衡东县","path":"湖南省/衡阳市/衡东县"}],
//!  "measures":["screening"],"series":{"measure":"screening","series":"screening.households","unit":"户","indicator":null},
//!  "from":"2020-02-01","to":"2020-03-31","aggregate":"latest","per_capita":false,
//!  "uniform_y":false,"include_below":false,"include_rejected":false,
//!  "size":{"width":1600,"height":900,"scale":1}}
//! ```
//!
//! The folder is written relative to the view file when it can be (the
//! folder and the file travel together), else absolute.

use super::model::{View, ViewState};
use crate::compare::{Aggregate, Comparable};
use crate::records::{Dataset, Filter, Measure, RecordDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The format's version; a newer file is refused rather than misread.
pub const VERSION: u32 = 1;

/// A place of a saved view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Place {
    /// The statistical division code, when the place's records have one:
    /// what finds the place again after a rename or in another folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The place's name: the fallback without a code.
    pub name: String,
    /// The place's key in the tree (`湖南省/衡阳市/衡东县`).
    pub path: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSize {
    pub width: u32,
    pub height: u32,
    pub scale: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewFile {
    pub countylens_view: u32,
    /// The records' folder (relative to the view file when it could be);
    /// none for the bundled sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<PathBuf>,
    pub view: String,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub measures: Vec<String>,
    #[serde(default)]
    pub series: Option<Comparable>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default = "default_aggregate")]
    pub aggregate: String,
    #[serde(default)]
    pub per_capita: bool,
    #[serde(default)]
    pub uniform_y: bool,
    #[serde(default)]
    pub include_below: bool,
    #[serde(default)]
    pub include_rejected: bool,
    #[serde(default)]
    pub size: Option<SavedSize>,
}

fn default_aggregate() -> String {
    "latest".into()
}

/// The division code most of a place's own records give.
pub fn place_code(ds: &Dataset, key: &str) -> Option<String> {
    let node = ds.node(key)?;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &i in &node.records {
        if let Some(c) = ds.record(i).code.as_deref().map(str::trim)
            && !c.is_empty()
        {
            *counts.entry(c).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c.to_string())
}

impl ViewFile {
    /// The file of `state` over `ds`, whose records came from `folder`;
    /// `at` is where the file will be written (for the relative folder).
    pub fn from_state(
        ds: &Dataset,
        state: &ViewState,
        folder: Option<&Path>,
        size: super::Size,
        at: &Path,
    ) -> ViewFile {
        let day = |d: Option<i64>| d.map(|d| RecordDate::from_day_number(d).to_string());
        ViewFile {
            countylens_view: VERSION,
            folder: folder.map(|f| relative_to_file(f, at)),
            view: state.view.code().into(),
            places: state
                .selection
                .iter()
                .map(|k| Place {
                    code: place_code(ds, k),
                    name: ds.node(k).map_or_else(|| k.clone(), |n| n.name.clone()),
                    path: k.clone(),
                })
                .collect(),
            measures: state
                .filter
                .measures
                .iter()
                .map(|m| m.code().to_string())
                .collect(),
            series: state.figure.clone(),
            from: day(state.filter.from),
            to: day(state.filter.to),
            aggregate: state.aggregate.code().into(),
            per_capita: state.per_capita,
            uniform_y: state.uniform_y,
            include_below: state.filter.include_below,
            include_rejected: state.filter.include_rejected,
            size: Some(SavedSize {
                width: size.width,
                height: size.height,
                scale: size.scale,
            }),
        }
    }

    pub fn to_json(&self) -> String {
        // Pretty: a person may read or edit it.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    pub fn parse(text: &str) -> Result<ViewFile, String> {
        let v: ViewFile = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("not a CountyLens view file: {e}"))?;
        if v.countylens_view > VERSION {
            return Err(format!(
                "view file version {} is newer than this CountyLens reads ({VERSION})",
                v.countylens_view
            ));
        }
        Ok(v)
    }

    pub fn read(path: &Path) -> Result<ViewFile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        ViewFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Writes the file (through a temporary file, so a failure leaves no half file).
    pub fn write(&self, path: &Path) -> Result<(), String> {
        crate::records::io::write_atomically(path, |w| w.write_all(self.to_json().as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// The folder, resolved against the directory of the file at `at`.
    pub fn folder_from(&self, at: &Path) -> Option<PathBuf> {
        let f = self.folder.as_ref()?;
        if f.is_absolute() {
            return Some(f.clone());
        }
        let base = at.parent().unwrap_or(Path::new("."));
        Some(normalize(&base.join(f)))
    }

    pub fn size(&self) -> Option<super::Size> {
        let s = self.size?;
        super::Size::new(s.width, s.height, s.scale).ok()
    }

    /// The view over `ds`, and what of the file could not be found there
    /// (a place the records do not have, an unknown measure or view).
    pub fn apply(&self, ds: &Dataset) -> (ViewState, Vec<String>) {
        let mut warnings = Vec::new();
        let view = View::from_code(&self.view).unwrap_or_else(|| {
            warnings.push(format!(
                "unknown view {:?}: showing the timeline",
                self.view
            ));
            View::Timeline
        });
        let mut selection = Vec::new();
        for p in &self.places {
            match find_place(ds, p) {
                Some(k) if !selection.contains(&k) => selection.push(k),
                Some(_) => {}
                None => warnings.push(format!(
                    "no records of {}{} here",
                    p.name,
                    p.code
                        .as_deref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                )),
            }
        }
        let mut filter = Filter::default();
        if !self.measures.is_empty() {
            filter.measures = self
                .measures
                .iter()
                .filter_map(|c| {
                    let m = Measure::from_code(c);
                    if m.is_none() {
                        warnings.push(format!("unknown measure {c:?}"));
                    }
                    m
                })
                .collect();
        }
        let day = |s: &Option<String>, warnings: &mut Vec<String>| {
            let s = s.as_deref()?;
            let d = RecordDate::parse(s);
            if d.is_none() {
                warnings.push(format!("unreadable date {s:?}"));
            }
            d.map(|d| d.day_number())
        };
        filter.from = day(&self.from, &mut warnings);
        filter.to = day(&self.to, &mut warnings);
        filter.include_below = self.include_below;
        filter.include_rejected = self.include_rejected;
        let aggregate = Aggregate::from_code(&self.aggregate).unwrap_or_else(|| {
            warnings.push(format!("unknown aggregate {:?}", self.aggregate));
            Aggregate::default()
        });
        let mut state = ViewState {
            view,
            selection,
            filter,
            figure: self.series.clone(),
            aggregate,
            per_capita: self.per_capita,
            uniform_y: self.uniform_y,
        };
        if state.selection.is_empty() {
            state.selection = ds.busiest(6);
        }
        let wanted = state.figure.clone();
        state.fix_figure(ds);
        if wanted.is_some() && state.figure != wanted {
            warnings.push("the saved series is not in these records: showing the commonest".into());
        }
        (state, warnings)
    }
}

/// A place of the file in `ds`: by code first (any tree node whose records
/// carry it, the shortest path), then by its exact path, then by a unique name.
fn find_place(ds: &Dataset, p: &Place) -> Option<String> {
    if let Some(code) = p.code.as_deref().filter(|c| !c.is_empty()) {
        let mut hits: Vec<&str> = ds
            .nodes()
            .iter()
            .filter(|n| {
                n.records
                    .iter()
                    .any(|&i| ds.record(i).code.as_deref().map(str::trim) == Some(code))
            })
            .map(|n| n.key.as_str())
            .collect();
        // The path the file names, if the code has several nodes.
        if hits.contains(&p.path.as_str()) {
            return Some(p.path.clone());
        }
        hits.sort_by_key(|k| (k.len(), *k));
        if let Some(k) = hits.first() {
            return Some(k.to_string());
        }
    }
    if ds.node(&p.path).is_some() {
        return Some(p.path.clone());
    }
    let named: Vec<&str> = ds
        .nodes()
        .iter()
        .filter(|n| n.name == p.name && !n.records.is_empty())
        .map(|n| n.key.as_str())
        .collect();
    match named.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

/// `..`, `.` taken out without touching the disk.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `folder` relative to the directory of the file at `file`, when both are
/// absolute (or both relative) and share a root; else `folder` as it is.
pub fn relative_to_file(folder: &Path, file: &Path) -> PathBuf {
    let abs = |p: &Path| {
        if p.is_absolute() {
            Some(normalize(p))
        } else {
            std::env::current_dir().ok().map(|d| normalize(&d.join(p)))
        }
    };
    let (Some(folder_abs), Some(file_abs)) = (abs(folder), abs(file)) else {
        return folder.to_path_buf();
    };
    let base = file_abs.parent().unwrap_or(Path::new("/"));
    let a: Vec<Component> = folder_abs.components().collect();
    let b: Vec<Component> = base.components().collect();
    // A different drive or root: no relative path between them.
    if a.first() != b.first() {
        return folder_abs;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c);
    }
    if rel.as_os_str().is_empty() {
        rel.push(".");
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Size;

    fn sample() -> Dataset {
        let text = include_str!("../../assets/sample.jsonl");
        Dataset::new(crate::records::read_jsonl("sample.jsonl", text).0)
    }

    #[test]
    fn a_view_saved_and_read_back_is_the_same_view() {
        let ds = sample();
        let mut state = ViewState::defaults(&ds, View::Bars);
        state.selection.truncate(3);
        state.aggregate = Aggregate::Largest;
        state.per_capita = true;
        state.filter.include_below = true;
        let (lo, hi) = ds.day_span().unwrap();
        state.filter.from = Some(lo + 1);
        state.filter.to = Some(hi - 1);
        state.fix_figure(&ds);
        let at = Path::new("/data/views/hengyang.json");
        let file = ViewFile::from_state(
            &ds,
            &state,
            Some(Path::new("/data/news")),
            Size::default(),
            at,
        );
        assert_eq!(file.folder.as_deref(), Some(Path::new("../news")));
        assert_eq!(
            file.folder_from(at).as_deref(),
            Some(Path::new("/data/news"))
        );
        let back = ViewFile::parse(&file.to_json()).unwrap();
        assert_eq!(back, file);
        let (again, warnings) = back.apply(&ds);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(again, state);
        assert_eq!(back.size(), Some(Size::default()));
    }

    #[test]
    fn places_are_found_by_code_before_name() {
        let lines = [
            r#"{"locality":"孟津区","locality_path":["河南省","洛阳市","孟津区"],"code":"410308","date":"2022-03-12","measure":"testing","value":5,"unit":"轮","source":"a.txt"}"#,
            r#"{"locality":"衡东县","locality_path":["湖南省","衡阳市","衡东县"],"date":"2020-02-12","measure":"screening","value":80,"unit":"户","source":"b.txt"}"#,
        ];
        let ds = Dataset::new(crate::records::read_jsonl("f.jsonl", &lines.join("\n")).0);
        let key = "河南省/洛阳市/孟津区".to_string();
        assert_eq!(place_code(&ds, &key).as_deref(), Some("410308"));
        // Saved under its old name and path: the code finds it.
        let renamed = Place {
            code: Some("410308".into()),
            name: "孟津县".into(),
            path: "河南省/洛阳市/孟津县".into(),
        };
        assert_eq!(find_place(&ds, &renamed), Some(key));
        // No code: the name, wherever the path now puts it.
        let by_name = Place {
            code: None,
            name: "衡东县".into(),
            path: "衡东县".into(),
        };
        assert_eq!(
            find_place(&ds, &by_name).as_deref(),
            Some("湖南省/衡阳市/衡东县")
        );
        let nowhere = Place {
            code: Some("999999".into()),
            name: "无此地".into(),
            path: "无此地".into(),
        };
        assert_eq!(find_place(&ds, &nowhere), None);
    }

    #[test]
    fn relative_folders() {
        let f = |a: &str, b: &str| relative_to_file(Path::new(a), Path::new(b));
        assert_eq!(f("/a/b/news", "/a/b/view.json"), PathBuf::from("news"));
        assert_eq!(f("/a/b", "/a/b/view.json"), PathBuf::from("."));
        assert_eq!(
            f("/a/news", "/a/b/c/view.json"),
            PathBuf::from("../../news")
        );
    }

    #[test]
    fn newer_or_foreign_files_are_refused() {
        assert!(ViewFile::parse("{\"countylens_view\":99,\"view\":\"bars\"}").is_err());
        assert!(ViewFile::parse("[1,2]").is_err());
        let (state, warnings) = ViewFile::parse("{\"countylens_view\":1,\"view\":\"pie\"}")
            .unwrap()
            .apply(&sample());
        assert_eq!(state.view, View::Timeline);
        assert_eq!(warnings.len(), 1);
    }
}
