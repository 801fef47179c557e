//! The loaded records, indexed for the views: by locality, by measure, by
//! date; the locality tree with counts; per-locality series; bar aggregation.
//!
//! A `Dataset` is built once per opened folder and never changes, so the
//! views read from it freely and cache what they derive. Figures are
//! compared only within one [`Comparable`] kind (a series in one unit), and
//! reprints of one report count once: the tree and the views see one
//! record per report, [`Dataset::sources`] lists all that reported it.

use super::{Measure, Record, Status};
use crate::compare::{self, Aggregate, Comparable, ReportKey};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Index of a record in [`Dataset::records`].
pub type RecordId = usize;

/// A place in the locality tree: the records about it and the places below.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalityNode {
    /// `湖南省/衡阳市/衡东县`: the key selections and settings store.
    pub key: String,
    /// The last part of the path: what the tree and the charts show.
    pub name: String,
    pub path: Vec<String>,
    pub depth: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Records about this place itself.
    pub records: Vec<RecordId>,
    /// Records about this place and every place below it.
    pub total: usize,
}

/// What the views show: which measures, which days, which statuses.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    pub measures: BTreeSet<Measure>,
    /// First and last day shown (day numbers), inclusive.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Records a reviewer rejected are hidden unless this is set.
    pub include_rejected: bool,
    /// A locality's lane also shows the records of the places below it.
    pub include_below: bool,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            measures: Measure::ALL.into_iter().collect(),
            from: None,
            to: None,
            include_rejected: false,
            include_below: false,
        }
    }
}

impl Filter {
    pub fn accepts(&self, r: &Record) -> bool {
        self.accepts_on(r, r.date.day_number())
    }

    /// [`Filter::accepts`] with the record's day number already known.
    pub fn accepts_on(&self, r: &Record, day: i64) -> bool {
        if !self.include_rejected && r.status == Status::Rejected {
            return false;
        }
        if !self.measures.contains(&r.measure) {
            return false;
        }
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// One bar: a locality's figure of one kind.
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    pub key: String,
    pub name: String,
    pub value: f64,
    /// Some figure behind the bar was approximate (`多`, `约`, `近`…).
    pub approx: bool,
    /// The records behind the bar: the one(s) the value came from first,
    /// then the others of the kind, by date. One record per report.
    pub records: Vec<RecordId>,
    /// How many records the value's reports came from, reprints included.
    pub sources: usize,
    /// The day of the latest figure the value used.
    pub day: i64,
    /// A sum over figures whose period the text did not give.
    pub unknown_period: bool,
    /// Parts (`其中`) of the place's figures, never set against wholes.
    pub parts_left_out: usize,
}

/// A point of a per-locality series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeriesPoint {
    pub day: i64,
    pub value: f64,
    pub record: RecordId,
}

/// The records of a [`Dataset`], in chunks it may share with the datasets
/// built before it while a folder loads: each showing of the records read
/// so far adds the new ones as one more chunk instead of copying them all
/// again (a million records are about a gigabyte).
#[derive(Clone, Debug, Default)]
pub struct Records {
    chunks: Vec<Arc<Vec<Record>>>,
    /// The index of each chunk's first record.
    starts: Vec<usize>,
    len: usize,
}

impl Records {
    /// Adds `more` after the records there are, as one chunk.
    pub fn push(&mut self, more: Vec<Record>) {
        if more.is_empty() {
            return;
        }
        self.starts.push(self.len);
        self.len += more.len();
        self.chunks.push(Arc::new(more));
    }
    /// Keeps the first `len` records: a file's records shown while it
    /// loaded are void when it turns out to need reading whole.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let keep = self.starts.partition_point(|&s| s < len);
        self.chunks.truncate(keep);
        self.starts.truncate(keep);
        if let (Some(last), Some(&start)) = (self.chunks.last_mut(), self.starts.last()) {
            // A shared chunk is copied, never cut under another dataset.
            Arc::make_mut(last).truncate(len - start);
        }
        self.len = len;
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn get(&self, id: RecordId) -> Option<&Record> {
        if let [only] = self.chunks.as_slice() {
            return only.get(id);
        }
        let chunk = self.starts.partition_point(|&s| s <= id).checked_sub(1)?;
        self.chunks[chunk].get(id - self.starts[chunk])
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Record> + Clone {
        self.chunks.iter().flat_map(|c| c.iter())
    }
    pub fn to_vec(&self) -> Vec<Record> {
        self.iter().cloned().collect()
    }
}

impl From<Vec<Record>> for Records {
    fn from(records: Vec<Record>) -> Records {
        let mut out = Records::default();
        out.push(records);
        out
    }
}

impl std::ops::Index<RecordId> for Records {
    type Output = Record;
    fn index(&self, id: RecordId) -> &Record {
        match self.get(id) {
            Some(r) => r,
            None => panic!("record {id} of {}", self.len),
        }
    }
}

impl<'a> IntoIterator for &'a Records {
    type Item = &'a Record;
    type IntoIter = Box<dyn Iterator<Item = &'a Record> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[derive(Debug, Default)]
pub struct Dataset {
    records: Records,
    nodes: Vec<LocalityNode>,
    roots: Vec<usize>,
    by_key: HashMap<String, usize>,
    /// The tree node of each record.
    node_of: Vec<usize>,
    /// The day number of each record: computed once, sorted on often.
    days: Vec<i64>,
    measure_counts: BTreeMap<Measure, usize>,
    day_span: Option<(i64, i64)>,
    /// For a report told by several records: all of them, the one the
    /// views show first. Records not here are their own only source.
    copies: HashMap<RecordId, Vec<RecordId>>,
    /// Records that repeat an earlier one's report (hidden from the views).
    repeats: usize,
    /// For each record: whether it repeats an earlier record's report.
    is_repeat: Vec<bool>,
}

impl Dataset {
    pub fn new(records: Vec<Record>) -> Dataset {
        Dataset::of(Records::from(records))
    }

    /// The dataset of `records`, sharing their chunks (see [`Records`]).
    pub fn of(records: Records) -> Dataset {
        let (path_of, paths) = canonical_paths(&records);
        let mut ds = Dataset {
            records,
            ..Default::default()
        };
        let mut node_of = Vec::with_capacity(ds.records.len());
        // The first record of each report, by the hash of its key: a key
        // holds strings, and a million of them kept in the map cost more
        // memory than the dataset itself. A hash that matches is checked
        // against the first record's own key, so a collision never merges.
        // The first report of a hash sits in the map itself; the rare
        // others of that hash (collisions) in a second map, so most reports
        // cost 16 bytes here, not a list each.
        let mut first_of: FxHashMap<u64, RecordId> = FxHashMap::default();
        let mut others_of: FxHashMap<u64, Vec<RecordId>> = FxHashMap::default();
        // The node of each distinct path, found once: a folder's records
        // name a few thousand places at most.
        let mut node_of_path: Vec<Option<usize>> = vec![None; paths.len()];
        ds.is_repeat = vec![false; ds.records.len()];
        for (i, &p) in path_of.iter().enumerate() {
            let node = match node_of_path[p] {
                Some(n) => n,
                None => {
                    let n = ds.node_for_path(&paths[p]);
                    node_of_path[p] = Some(n);
                    n
                }
            };
            node_of.push(node);
            let key = ReportKey::of(&ds.records[i], &ds.nodes[node].key);
            let hash = {
                use std::hash::BuildHasher;
                rustc_hash::FxBuildHasher.hash_one(&key)
            };
            let is_same =
                |f: RecordId| ReportKey::of(&ds.records[f], &ds.nodes[node_of[f]].key) == key;
            let first = first_of.get(&hash).copied();
            let same = first.filter(|&f| is_same(f)).or_else(|| {
                others_of
                    .get(&hash)
                    .and_then(|o| o.iter().copied().find(|&f| is_same(f)))
            });
            match same {
                Some(first) => {
                    ds.copies
                        .entry(first)
                        .or_insert_with(|| vec![first])
                        .push(i);
                    ds.repeats += 1;
                    ds.is_repeat[i] = true;
                }
                None => {
                    if first.is_none() {
                        first_of.insert(hash, i);
                    } else {
                        others_of.entry(hash).or_default().push(i);
                    }
                    ds.nodes[node].records.push(i);
                }
            }
        }
        ds.node_of = node_of;
        ds.days = ds.records.iter().map(|r| r.date.day_number()).collect();
        let days = &ds.days;
        for node in &mut ds.nodes {
            node.records.sort_by_key(|&i| (days[i], i));
        }
        // Totals, bottom up: children always come after their parent.
        for n in (0..ds.nodes.len()).rev() {
            ds.nodes[n].total += ds.nodes[n].records.len();
            if let Some(p) = ds.nodes[n].parent {
                let t = ds.nodes[n].total;
                ds.nodes[p].total += t;
            }
        }
        // Children by name so the tree reads the same every time.
        let names: Vec<String> = ds.nodes.iter().map(|n| n.name.clone()).collect();
        for node in &mut ds.nodes {
            node.children.sort_by(|a, b| names[*a].cmp(&names[*b]));
        }
        ds.roots.sort_by(|a, b| names[*a].cmp(&names[*b]));
        for ((r, &d), &repeat) in ds.records.iter().zip(&ds.days).zip(&ds.is_repeat) {
            // Reports, not records: a reprint counts once here as on the charts.
            if !repeat {
                *ds.measure_counts.entry(r.measure).or_default() += 1;
            }
            ds.day_span = Some(match ds.day_span {
                None => (d, d),
                Some((a, b)) => (a.min(d), b.max(d)),
            });
        }
        ds
    }

    fn node_for_path(&mut self, path: &[String]) -> usize {
        let mut parent: Option<usize> = None;
        let mut key = String::new();
        for (depth, part) in path.iter().enumerate() {
            if !key.is_empty() {
                key.push('/');
            }
            key.push_str(part);
            let id = match self.by_key.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.nodes.len();
                    self.nodes.push(LocalityNode {
                        key: key.clone(),
                        name: part.clone(),
                        path: path[..=depth].to_vec(),
                        depth,
                        parent,
                        children: Vec::new(),
                        records: Vec::new(),
                        total: 0,
                    });
                    match parent {
                        Some(p) => self.nodes[p].children.push(id),
                        None => self.roots.push(id),
                    }
                    self.by_key.insert(key.clone(), id);
                    id
                }
            };
            parent = Some(id);
        }
        parent.expect("a record's path has at least its locality")
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
    pub fn records(&self) -> &Records {
        &self.records
    }
    pub fn record(&self, id: RecordId) -> &Record {
        &self.records[id]
    }
    /// The day number of a record's date (its first day).
    pub fn day(&self, id: RecordId) -> i64 {
        self.days[id]
    }
    pub fn nodes(&self) -> &[LocalityNode] {
        &self.nodes
    }
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }
    pub fn node(&self, key: &str) -> Option<&LocalityNode> {
        self.by_key.get(key).map(|&i| &self.nodes[i])
    }
    pub fn node_index(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }
    /// The tree key of the place a record is about (its path after merging
    /// partial paths with full ones).
    pub fn key_of(&self, id: RecordId) -> &str {
        &self.nodes[self.node_of[id]].key
    }
    /// How many records each measure has.
    pub fn measure_counts(&self) -> &BTreeMap<Measure, usize> {
        &self.measure_counts
    }
    /// Every record that told the report of `id` (itself first).
    pub fn sources(&self, id: RecordId) -> Vec<RecordId> {
        self.copies.get(&id).cloned().unwrap_or_else(|| vec![id])
    }
    /// How many records told the report of `id`.
    pub fn source_count(&self, id: RecordId) -> usize {
        self.copies.get(&id).map_or(1, Vec::len)
    }
    /// Whether a record only repeats an earlier one's report: the views show
    /// the earlier one, with this one among its sources.
    pub fn is_repeat(&self, id: RecordId) -> bool {
        self.is_repeat.get(id).copied().unwrap_or(false)
    }
    /// Distinct reports: records less the reprints.
    pub fn reports(&self) -> usize {
        self.records.len() - self.repeats
    }
    /// First and last day of any record.
    pub fn day_span(&self) -> Option<(i64, i64)> {
        self.day_span
    }

    /// Every place with records about itself, in tree order.
    pub fn places_with_records(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|n| !n.records.is_empty())
            .map(|n| n.key.clone())
            .collect()
    }

    /// The places with the most records about themselves, for a first view.
    pub fn busiest(&self, n: usize) -> Vec<String> {
        let mut v: Vec<&LocalityNode> = self
            .nodes
            .iter()
            .filter(|n| !n.records.is_empty())
            .collect();
        v.sort_by(|a, b| {
            b.records
                .len()
                .cmp(&a.records.len())
                .then(a.key.cmp(&b.key))
        });
        v.into_iter().take(n).map(|n| n.key.clone()).collect()
    }

    /// Tree nodes whose name or path contains `query` (case-insensitive), in
    /// tree order.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        self.walk(&mut |i| {
            if self.nodes[i].name.to_lowercase().contains(&q) {
                out.push(i);
            }
        });
        out
    }

    /// Visits every node in tree order (parents before children).
    pub fn walk(&self, f: &mut dyn FnMut(usize)) {
        fn go(ds: &Dataset, i: usize, f: &mut dyn FnMut(usize)) {
            f(i);
            for &c in &ds.nodes[i].children {
                go(ds, c, f);
            }
        }
        for &r in &self.roots {
            go(self, r, f);
        }
    }

    /// The records of a locality that pass the filter, by date.
    pub fn records_of(&self, key: &str, filter: &Filter) -> Vec<RecordId> {
        let Some(&n) = self.by_key.get(key) else {
            return Vec::new();
        };
        let accept = |&i: &usize| filter.accepts_on(&self.records[i], self.days[i]);
        if !filter.include_below {
            // Node records are kept sorted by date.
            return self.nodes[n]
                .records
                .iter()
                .copied()
                .filter(accept)
                .collect();
        }
        let mut out = Vec::new();
        let mut stack = vec![n];
        while let Some(i) = stack.pop() {
            out.extend(self.nodes[i].records.iter().copied().filter(accept));
            stack.extend(self.nodes[i].children.iter().copied());
        }
        out.sort_by_key(|&i| (self.days[i], i));
        out
    }

    /// The kinds of figure present for these localities with their record
    /// counts, those that most of the places have first (then most
    /// records): what the numeric views and bars can show, one at a time,
    /// and the first is the one that compares the most places.
    pub fn figures(&self, keys: &[String], filter: &Filter) -> Vec<(Comparable, usize)> {
        let mut counts: HashMap<Comparable, (usize, usize)> = HashMap::new();
        for key in keys {
            let mut here: Vec<Comparable> = Vec::new();
            for i in self.records_of(key, filter) {
                let kind = Comparable::of(&self.records[i]);
                let e = counts.entry(kind.clone()).or_default();
                e.0 += 1;
                if !here.contains(&kind) {
                    e.1 += 1;
                    here.push(kind);
                }
            }
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by(|a, b| (b.1.1, b.1.0).cmp(&(a.1.1, a.1.0)).then(a.0.cmp(&b.0)));
        v.into_iter().map(|(k, (n, _))| (k, n)).collect()
    }

    /// One locality's figures of one kind, by date.
    pub fn series(&self, key: &str, what: &Comparable, filter: &Filter) -> Vec<SeriesPoint> {
        self.records_of(key, filter)
            .into_iter()
            .filter(|&i| what.matches(&self.records[i]))
            .map(|i| SeriesPoint {
                day: self.days[i],
                value: self.records[i].value,
                record: i,
            })
            .collect()
    }

    /// A bar per locality that has figures of the kind `what`, largest
    /// first. Localities without such figures (or with only parts of
    /// figures) get no bar.
    pub fn bars(
        &self,
        keys: &[String],
        what: &Comparable,
        agg: Aggregate,
        filter: &Filter,
    ) -> Vec<BarRow> {
        let mut rows = Vec::new();
        for key in keys {
            let pts = self.series(key, what, filter);
            let points: Vec<compare::Point> = pts
                .iter()
                .map(|p| compare::Point {
                    day: p.day,
                    value: p.value,
                    tally: self.records[p.record].tally,
                    part_of: self.records[p.record].part_of,
                    id: p.record,
                })
                .collect();
            let Some(a) = compare::aggregate(&points, agg) else {
                continue;
            };
            let approx = a.used.iter().any(|&i| self.records[i].approx);
            let day = a
                .used
                .iter()
                .map(|&i| self.days[i])
                .max()
                .unwrap_or_default();
            let sources = a.used.iter().map(|&i| self.source_count(i)).sum();
            let mut records = a.used.clone();
            records.extend(pts.iter().map(|p| p.record).filter(|i| !a.used.contains(i)));
            let name = self
                .node(key)
                .map(|n| n.name.clone())
                .unwrap_or_else(|| key.to_string());
            rows.push(BarRow {
                key: key.clone(),
                name,
                value: a.value,
                approx,
                records,
                sources,
                day,
                unknown_period: a.unknown_period,
                parts_left_out: a.parts_left_out,
            });
        }
        rows.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.key.cmp(&b.key)));
        rows
    }

    /// Records per measure for each locality: the profile view.
    pub fn profile(
        &self,
        keys: &[String],
        filter: &Filter,
    ) -> Vec<(String, BTreeMap<Measure, Vec<RecordId>>)> {
        keys.iter()
            .map(|key| {
                let mut m: BTreeMap<Measure, Vec<RecordId>> = BTreeMap::new();
                for i in self.records_of(key, filter) {
                    m.entry(self.records[i].measure).or_default().push(i);
                }
                (key.clone(), m)
            })
            .collect()
    }

    /// Of a [`Dataset::profile`]: the measures any place has (in measure
    /// order) and every record behind it, place by place — what the profile
    /// chart and its export show.
    pub fn profile_contents(
        profile: &[(String, BTreeMap<Measure, Vec<RecordId>>)],
    ) -> (Vec<Measure>, Vec<RecordId>) {
        let mut present: Vec<Measure> = profile
            .iter()
            .flat_map(|(_, m)| m.keys().copied())
            .collect();
        present.sort();
        present.dedup();
        let records = profile
            .iter()
            .flat_map(|(_, m)| m.values().flatten().copied())
            .collect();
        (present, records)
    }
}

/// Each record's place as a full path: a record that names only `衡东县`
/// joins `湖南省/衡阳市/衡东县` when exactly one longer path ends that way, so
/// hand-coded files and extracted ones meet in one tree node.
fn canonical_paths(records: &Records) -> (Vec<usize>, Vec<Vec<String>>) {
    // Each distinct path once: a million records name a few thousand places.
    let mut ids: FxHashMap<Vec<String>, usize> = FxHashMap::default();
    let mut distinct: Vec<Vec<String>> = Vec::new();
    let path_of: Vec<usize> = records
        .iter()
        .map(|r| {
            let p = r.full_path();
            match ids.get(&p) {
                Some(&id) => id,
                None => {
                    ids.insert(p.clone(), distinct.len());
                    distinct.push(p);
                    distinct.len() - 1
                }
            }
        })
        .collect();
    drop(ids);
    // Every distinct path, grouped by its last part.
    let mut by_last: HashMap<&str, BTreeSet<&Vec<String>>> = HashMap::new();
    for p in &distinct {
        if let Some(last) = p.last() {
            by_last.entry(last.as_str()).or_default().insert(p);
        }
    }
    let canonical = distinct
        .iter()
        .map(|p| {
            let Some(last) = p.last() else {
                return p.clone();
            };
            let longer: Vec<&&Vec<String>> = by_last[last.as_str()]
                .iter()
                .filter(|q| q.len() > p.len() && q.ends_with(p))
                .collect();
            // Only the longest ones; two different longest means we cannot tell.
            let max = longer.iter().map(|q| q.len()).max();
            let longest: Vec<_> = longer.iter().filter(|q| Some(q.len()) == max).collect();
            if longest.len() == 1 {
                (**longest[0]).clone()
            } else {
                p.clone()
            }
        })
        .collect();
    (path_of, canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::RecordDate;

    fn rec(path: &[&str], date: &str, m: Measure, value: f64, unit: &str) -> Record {
        Record {
            locality: (*path.last().unwrap()).into(),
            locality_path: path.iter().map(|&s| s.into()).collect(),
            level: None,
            date: RecordDate::parse(date).unwrap(),
            date_basis: None,
            measure: m,
            indicator: None,
            value,
            unit: unit.into(),
            approx: false,
            source: "t.jsonl".into(),
            span: None,
            evidence: None,
            date_clue: None,
            series: None,
            tally: None,
            part_of: false,
            code: None,
            status: Status::Extracted,
            extra: BTreeMap::new(),
        }
    }

    fn sample() -> Dataset {
        use Measure::*;
        Dataset::new(vec![
            rec(
                &["湖南省", "衡阳市", "衡东县"],
                "2020-02-01",
                Screening,
                8000.0,
                "户",
            ),
            rec(
                &["湖南省", "衡阳市", "衡东县"],
                "2020-02-10",
                Screening,
                12000.0,
                "户",
            ),
            rec(&["衡东县"], "2020-02-05", Screening, 300.0, "人"),
            rec(
                &["湖南省", "衡阳市", "耒阳市"],
                "2020-02-20",
                Supplies,
                450000.0,
                "只",
            ),
            rec(
                &["湖南省", "衡阳市", "耒阳市"],
                "2020-02-03",
                Supplies,
                100000.0,
                "只",
            ),
            rec(&["湖南省", "衡阳市"], "2021-05", Vaccination, 1.5e6, "剂次"),
            rec(
                &["湖南省", "衡阳市", "耒阳市"],
                "2020-02-21",
                Screening,
                9000.0,
                "户",
            ),
        ])
    }

    #[test]
    fn tree_merges_partial_paths_and_counts() {
        let ds = sample();
        assert_eq!(ds.roots().len(), 1);
        let hd = ds.node("湖南省/衡阳市/衡东县").unwrap();
        assert_eq!(
            hd.records.len(),
            3,
            "the record naming only 衡东县 joins the full path"
        );
        assert_eq!(ds.node("湖南省").unwrap().total, 7);
        assert_eq!(ds.node("湖南省/衡阳市").unwrap().records.len(), 1);
        assert_eq!(ds.node("湖南省/衡阳市").unwrap().children.len(), 2);
        assert_eq!(ds.key_of(2), "湖南省/衡阳市/衡东县");
    }

    #[test]
    fn ambiguous_partial_paths_stay_apart() {
        let ds = Dataset::new(vec![
            rec(
                &["湖南省", "A市", "城关镇"],
                "2020-01-01",
                Measure::Other,
                1.0,
                "人",
            ),
            rec(
                &["湖南省", "B市", "城关镇"],
                "2020-01-01",
                Measure::Other,
                1.0,
                "人",
            ),
            rec(&["城关镇"], "2020-01-01", Measure::Other, 1.0, "人"),
        ]);
        assert!(ds.node("城关镇").is_some());
    }

    /// A kind without a series, as a person's own sheet gives.
    fn kind(measure: Measure, unit: &str) -> Comparable {
        Comparable {
            measure,
            series: None,
            unit: unit.into(),
            indicator: None,
        }
    }

    #[test]
    fn bars_never_mix_units_and_sort_largest_first() {
        let ds = sample();
        let keys = vec![
            "湖南省/衡阳市/衡东县".to_string(),
            "湖南省/衡阳市/耒阳市".to_string(),
        ];
        let f = Filter::default();
        let rows = ds.bars(&keys, &kind(Measure::Screening, "户"), Aggregate::Sum, &f);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "衡东县");
        assert_eq!(rows[0].value, 20000.0, "the 300 人 are not added to 户");
        assert!(rows[0].unknown_period, "no figure says its period");
        assert_eq!(rows[1].value, 9000.0);
        let rows = ds.bars(
            &keys,
            &kind(Measure::Screening, "户"),
            Aggregate::Largest,
            &f,
        );
        assert_eq!(rows[0].value, 12000.0);
        assert_eq!(
            rows[0].records[0], 1,
            "the record the figure came from comes first"
        );
        let rows = ds.bars(&keys, &kind(Measure::Supplies, "只"), Aggregate::Latest, &f);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].value, 450000.0);
    }

    fn coded(series: &str, value: f64, unit: &str, source: &str) -> Record {
        let mut r = rec(
            &["湖南省", "张家界市", "桑植县"],
            "2020-02-10",
            Measure::Inspection,
            value,
            unit,
        );
        r.series = Some(series.into());
        r.source = source.into();
        r
    }

    #[test]
    fn two_series_are_never_one_bar() {
        // Teams sent, problems found, problems fixed: all 个, all inspection.
        let ds = Dataset::new(vec![
            coded("inspection.teams", 9.0, "个", "a.txt"),
            coded("inspection.problems", 388.0, "个", "a.txt"),
            coded("inspection.fixed", 363.0, "个", "a.txt"),
        ]);
        let keys = vec!["湖南省/张家界市/桑植县".to_string()];
        let figs = ds.figures(&keys, &Filter::default());
        assert_eq!(figs.len(), 3, "three kinds: {figs:?}");
        for (what, _) in &figs {
            for agg in Aggregate::ALL {
                let rows = ds.bars(&keys, what, agg, &Filter::default());
                assert_eq!(rows.len(), 1);
                assert!(
                    [9.0, 388.0, 363.0].contains(&rows[0].value),
                    "{agg:?}: {}",
                    rows[0].value
                );
            }
        }
    }

    #[test]
    fn reprints_are_one_report_with_all_their_sources() {
        let once = vec![coded("inspection.problems", 388.0, "个", "a.txt")];
        let thrice = vec![
            coded("inspection.problems", 388.0, "个", "a.txt"),
            coded("inspection.problems", 388.0, "个", "copy-b.html"),
            coded("inspection.problems", 388.0, "处", "sub/copy-c.txt"),
        ];
        let keys = vec!["湖南省/张家界市/桑植县".to_string()];
        let what = Comparable::of(&once[0]);
        let one = Dataset::new(once);
        let three = Dataset::new(thrice);
        for agg in Aggregate::ALL {
            let a = one.bars(&keys, &what, agg, &Filter::default());
            let b = three.bars(&keys, &what, agg, &Filter::default());
            assert_eq!(a[0].value, b[0].value, "{agg:?}");
            assert_eq!(b[0].records.len(), 1, "one mark");
            assert_eq!(b[0].sources, 3, "reported by 3 sources");
        }
        assert_eq!(three.reports(), 1);
        assert_eq!(three.sources(0), vec![0, 1, 2]);
        assert!(!three.is_repeat(0) && three.is_repeat(1) && three.is_repeat(2));
        assert_eq!(three.node("湖南省").unwrap().total, 1);
    }

    #[test]
    fn parts_are_never_added_to_their_whole() {
        let mut whole = coded("screening.people", 4692.0, "人", "a.txt");
        whole.measure = Measure::Screening;
        let mut part = whole.clone();
        part.value = 4660.0;
        part.part_of = true;
        let ds = Dataset::new(vec![whole.clone(), part]);
        let keys = vec!["湖南省/张家界市/桑植县".to_string()];
        for agg in Aggregate::ALL {
            let rows = ds.bars(&keys, &Comparable::of(&whole), agg, &Filter::default());
            assert_eq!(rows[0].value, 4692.0, "{agg:?}");
            assert_eq!(rows[0].parts_left_out, 1);
        }
    }

    #[test]
    fn records_in_chunks_are_indexed_as_one_list() {
        let whole = sample();
        let all = whole.records().to_vec();
        let mut chunks = Records::default();
        for part in all.chunks(3) {
            chunks.push(part.to_vec());
        }
        chunks.push(Vec::new());
        let first = Dataset::of(chunks.clone());
        chunks.push(vec![all[0].clone()]);
        let more = Dataset::of(chunks);
        assert_eq!(first.len(), all.len());
        assert_eq!(first.records().iter().next_back(), all.last());
        // Cut inside a chunk shared with `first`, at a chunk's edge, to nothing.
        for len in [all.len() - 1, 4, 3, 0] {
            let mut cut = first.records().clone();
            cut.truncate(len);
            assert_eq!(cut.len(), len);
            assert!(cut.iter().eq(all[..len].iter()), "cut to {len}");
            cut.push(vec![all[0].clone()]);
            assert_eq!(cut.get(len), Some(&all[0]));
        }
        assert!(
            first.records().iter().eq(all.iter()),
            "the shared chunks stay whole"
        );
        assert!(first.records().get(all.len()).is_none());
        for (i, r) in all.iter().enumerate() {
            assert_eq!(first.record(i), r);
            assert_eq!(more.record(i), r);
            assert_eq!(first.key_of(i), whole.key_of(i));
        }
        assert_eq!(first.nodes(), whole.nodes());
        // The chunk added later shares the earlier ones and repeats a report.
        assert_eq!(more.len(), all.len() + 1);
        assert!(more.is_repeat(all.len()));
        assert_eq!(more.reports(), whole.reports());
    }

    #[test]
    fn filters_by_measure_date_and_status() {
        let ds = sample();
        let key = "湖南省/衡阳市/耒阳市";
        let mut f = Filter::default();
        assert_eq!(ds.records_of(key, &f), vec![4, 3, 6], "by date");
        f.measures.remove(&Measure::Screening);
        assert_eq!(ds.records_of(key, &f).len(), 2);
        f.from = Some(RecordDate::parse("2020-02-10").unwrap().day_number());
        assert_eq!(ds.records_of(key, &f), vec![3]);
        let mut recs = ds.records().to_vec();
        recs[3].status = Status::Rejected;
        let ds2 = Dataset::new(recs);
        assert_eq!(ds2.records_of(key, &f), Vec::<usize>::new());
    }

    #[test]
    fn include_below_takes_the_subtree() {
        let ds = sample();
        let f = Filter {
            include_below: true,
            ..Filter::default()
        };
        assert_eq!(ds.records_of("湖南省/衡阳市", &f).len(), 7);
        assert_eq!(ds.records_of("湖南省/衡阳市", &Filter::default()).len(), 1);
    }

    #[test]
    fn series_search_profile_and_busiest() {
        let ds = sample();
        let s = ds.series(
            "湖南省/衡阳市/衡东县",
            &kind(Measure::Screening, "户"),
            &Filter::default(),
        );
        assert_eq!(
            s.iter().map(|p| p.value).collect::<Vec<_>>(),
            vec![8000.0, 12000.0]
        );
        assert_eq!(ds.search("东").len(), 1);
        assert_eq!(ds.search("  ").len(), 0);
        // Most records first; ties by key.
        assert_eq!(
            ds.busiest(5),
            vec![
                "湖南省/衡阳市/耒阳市".to_string(),
                "湖南省/衡阳市/衡东县".to_string(),
                "湖南省/衡阳市".to_string()
            ]
        );
        let p = ds.profile(&["湖南省/衡阳市/耒阳市".to_string()], &Filter::default());
        assert_eq!(p[0].1[&Measure::Supplies].len(), 2);
        let figs = ds.figures(&["湖南省/衡阳市/耒阳市".to_string()], &Filter::default());
        assert_eq!(figs[0], (kind(Measure::Supplies, "只"), 2));
        assert!(ds.day_span().unwrap().0 < ds.day_span().unwrap().1);
        assert_eq!(ds.measure_counts()[&Measure::Screening], 4);
    }

    #[test]
    fn empty_dataset_is_fine() {
        let ds = Dataset::new(Vec::new());
        assert!(ds.is_empty());
        assert!(ds.busiest(3).is_empty());
        assert!(ds.records_of("x", &Filter::default()).is_empty());
        assert!(ds.day_span().is_none());
    }
}
