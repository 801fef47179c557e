//! The review log: every verdict and correction a person makes, kept as an
//! append-only JSON Lines file of typed changes and reapplied on every load.
//!
//! Records are re-extracted on every load and the extractor changes between
//! versions, so a review is never stored *in* the records: it is an action
//! naming its record by a [`RecordKey`] and replayed by [`apply`] on whatever
//! the folder gives today. An action whose record is gone is reported, never
//! dropped.
//!
//! # Format (`"v": 1`)
//!
//! One JSON object per line, in the order the actions were taken:
//!
//! ```json
//! {"v":1,"id":1,"time":"2026-12-01T04:30:00Z","key":{"source":"a.txt","span":[10,24],"value":8000.0,"unit":"户"},"change":"confirm"}
//! {"v":1,"id":2,"time":"2026-12-01T04:30:05Z","key":{"source":"a.txt","span":[30,41],"value":12.0,"unit":"个"},"change":"set_field","field":"date","old":"2021-02-20","new":"2020-02-20"}
//! {"v":1,"id":3,"time":"2026-12-01T04:31:00Z","change":"set_page_date","source":"b.html","date":"2020-02-21"}
//! {"v":1,"id":4,"time":"2026-12-01T04:31:02Z","change":"undo","of":2}
//! ```
//!
//! `id` numbers the actions 1, 2, 3… in the log; `key` is present exactly for
//! the record-level changes (`confirm`, `reject`, `reset`, `set_field`).
//!
//! # Undo and redo
//!
//! Undo and redo are appended actions too, so the log alone says what holds:
//! `{"change":"undo","of":N}` takes action N out of effect and
//! `{"change":"redo","of":N}` puts it back (`of` always names the original
//! action, never the undo). [`ReviewLog::undoable`] and
//! [`ReviewLog::redoable`] give what Ctrl+Z and Ctrl+Shift+Z act on: the
//! classic two stacks, where a new action empties the redo stack.
//!
//! # Page-level rules
//!
//! `set_page_date` fixes every record of that page whose date came from the
//! page rather than from its own sentence, i.e. whose `date_basis` is
//! `article` or `inferred` ([`date_from_page`]):
//! - `article`: the record took the page's date, so it takes the new one.
//! - `inferred`: the extractor guessed the *year*; the month and day were read
//!   from the page and stay. The year is re-resolved against the new page date
//!   as the extractor resolves a yearless date (a month more than one after the
//!   page's month is last year's), and the basis becomes `stated`, the
//!   extractor's own name for a sentence's month and day dated by a known
//!   page date. A record with only a year takes the page date (`article`).
//!
//! `set_page_place` fixes every record of that page whose place was not named
//! in its own clause — the extractor fell back to the article's subject or a
//! parent — i.e. whose `evidence` names neither its locality nor the
//! locality's short form ([`place_named_in_evidence`]). Records without
//! evidence (people's own files) are never moved.
//!
//! Both read each record as loaded, so a second page date or place replaces
//! the first. Neither ever overrides a date or place a person set on that
//! very record with `set_field`, whichever came first.
//!
//! # Status
//!
//! `rejected` when the last verdict (`confirm`, `reject`, `reset`) is a
//! rejection; else `corrected` when any field was changed (by `set_field` or
//! a page-level fix that changed something); else `confirmed` when confirmed;
//! else `extracted`. A status a records file already carries is the start.
//!
//! # Where the log lives
//!
//! [`IN_FOLDER_NAME`] inside the opened folder, or [`default_log_path`] in
//! the app's data folder; [`find_log`] prefers the first.

use super::{DateBasis, Level, Measure, Problem, Record, RecordDate, Status};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The version every line carries; a line of another version is reported,
/// not guessed at.
pub const LOG_VERSION: u32 = 1;

/// The review log's name when it is kept inside the opened folder. The loader
/// never takes it for a records file.
pub const IN_FOLDER_NAME: &str = "countylens-review.jsonl";

/// Which record an action is about: stable across re-extraction as long as
/// the figure is read from the same place of the same page. When a record has
/// no span (people's own files), its evidence stands in for it.
///
/// Always the key of the record *as loaded*, before any review: after a
/// person corrects a value, later actions on that record still name the old
/// value, so that replaying the log finds the record again.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordKey {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    pub value: f64,
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl RecordKey {
    pub fn of(r: &Record) -> RecordKey {
        RecordKey {
            source: r.source.to_string(),
            span: r.span,
            value: r.value,
            unit: r.unit.clone(),
            evidence: if r.span.is_none() {
                r.evidence.as_deref().map(str::to_string)
            } else {
                None
            },
        }
    }
}

// Values compare by their bits: a key matches only the very figure that was
// reviewed, and JSON round-trips an f64 exactly.
impl PartialEq for RecordKey {
    fn eq(&self, o: &Self) -> bool {
        self.source == o.source
            && self.span == o.span
            && self.value.to_bits() == o.value.to_bits()
            && self.unit == o.unit
            && self.evidence == o.evidence
    }
}

impl Eq for RecordKey {}

impl std::hash::Hash for RecordKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.source.hash(h);
        self.span.hash(h);
        self.value.to_bits().hash(h);
        self.unit.hash(h);
        self.evidence.hash(h);
    }
}

impl std::fmt::Display for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some([a, b]) = self.span {
            write!(f, " [{a},{b}]")?;
        }
        write!(f, " {} {}", super::io::format_value(self.value), self.unit)?;
        if let Some(e) = &self.evidence {
            write!(f, " «{e}»")?;
        }
        Ok(())
    }
}

/// A field a person can correct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// `new` is a [`Place`] object (or a bare name).
    Locality,
    /// `new` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    Date,
    /// `new` is `stated`, `article`, `inferred` or null.
    DateBasis,
    /// `new` is a codebook code or null; a code `MEASURE.what` also sets the
    /// measure, since a series belongs to exactly one.
    Series,
    /// `new` is a measure code.
    Measure,
    /// `new` is a finite number.
    Value,
    /// `new` is a non-empty string.
    Unit,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Locality => "locality",
            Field::Date => "date",
            Field::DateBasis => "date_basis",
            Field::Series => "series",
            Field::Measure => "measure",
            Field::Value => "value",
            Field::Unit => "unit",
        }
    }

    /// The field's value in a record, as a `set_field` writes it: what the
    /// app puts in `old`, and what the replay reads back from `new`.
    pub fn get(self, r: &Record) -> Value {
        match self {
            Field::Locality => to_json(&Place::of(r)),
            Field::Date => Value::String(r.date.to_string()),
            Field::DateBasis => to_json(&r.date_basis),
            Field::Series => to_json(&r.series),
            Field::Measure => Value::String(r.measure.code().to_string()),
            Field::Value => to_json(&r.value),
            Field::Unit => Value::String(r.unit.clone()),
        }
    }
}

/// A serializable value as JSON (null for what JSON cannot hold).
fn to_json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A place as the gazetteer picker gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub locality: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
}

impl Place {
    /// The record's place, for the `old` side of a locality change.
    pub fn of(r: &Record) -> Place {
        Place {
            locality: r.locality.to_string(),
            path: r.locality_path.iter().map(|p| p.to_string()).collect(),
            code: r.code.clone(),
            level: r.level,
        }
    }
}

/// What a review action does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// The record is right as it stands.
    Confirm,
    /// The record is not a record (it leaves the charts).
    Reject,
    /// Takes back a confirmation or rejection (corrections stay; undo them).
    #[serde(alias = "unreject")]
    Reset,
    /// A corrected field; the record becomes `corrected`. `old` is what the
    /// person saw, kept for the history; the replay sets `new` whatever the
    /// field holds today.
    SetField {
        field: Field,
        old: Value,
        new: Value,
    },
    /// The date of a whole page (see the module's page-level rules).
    SetPageDate { source: String, date: RecordDate },
    /// The place of a whole page (see the module's page-level rules).
    SetPagePlace {
        source: String,
        locality: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        path: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<Level>,
    },
    /// Takes action `of` out of effect.
    Undo { of: u64 },
    /// Puts an undone action `of` back into effect.
    Redo { of: u64 },
}

impl Change {
    /// Whether the change is about one record and so needs a key.
    pub fn is_record_level(&self) -> bool {
        matches!(
            self,
            Change::Confirm | Change::Reject | Change::Reset | Change::SetField { .. }
        )
    }

    fn name(&self) -> &'static str {
        match self {
            Change::Confirm => "confirm",
            Change::Reject => "reject",
            Change::Reset => "reset",
            Change::SetField { .. } => "set_field",
            Change::SetPageDate { .. } => "set_page_date",
            Change::SetPagePlace { .. } => "set_page_place",
            Change::Undo { .. } => "undo",
            Change::Redo { .. } => "redo",
        }
    }
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewChange {
    pub v: u32,
    /// 1, 2, 3… in the log; given by [`ReviewLog::append`].
    pub id: u64,
    /// RFC 3339, UTC, whole seconds.
    pub time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<RecordKey>,
    #[serde(flatten)]
    pub change: Change,
}

impl ReviewChange {
    /// A correction of one field of `r` (as the person sees it now) to `new`,
    /// keyed by `key`, the record's key as loaded.
    pub fn set_field(key: RecordKey, r: &Record, field: Field, new: Value) -> ReviewChange {
        ReviewChange::record(
            key,
            Change::SetField {
                field,
                old: field.get(r),
                new,
            },
        )
    }

    /// An action on one record, timed now.
    pub fn record(key: RecordKey, change: Change) -> ReviewChange {
        ReviewChange {
            v: LOG_VERSION,
            id: 0,
            time: rfc3339_utc(SystemTime::now()),
            key: Some(key),
            change,
        }
    }

    /// A page-level action or an undo/redo, timed now.
    pub fn page(change: Change) -> ReviewChange {
        ReviewChange {
            v: LOG_VERSION,
            id: 0,
            time: rfc3339_utc(SystemTime::now()),
            key: None,
            change,
        }
    }

    /// Why this line cannot be replayed as it stands, if it cannot.
    fn check(&self) -> Result<(), String> {
        if self.v != LOG_VERSION {
            return Err(format!(
                "written in review log format v{} (this CountyLens reads v{LOG_VERSION}); skipped",
                self.v
            ));
        }
        match (self.change.is_record_level(), &self.key) {
            (true, None) => Err(format!("a {} without a record key", self.change.name())),
            (false, Some(_)) => Err(format!("a {} with a record key", self.change.name())),
            _ => Ok(()),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a moment (times before 1970 print as 1970).
pub fn rfc3339_utc(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let day = RecordDate::from_day_number((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        day.year,
        day.month.unwrap_or(1),
        day.day.unwrap_or(1),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// An opened review log: the actions read from it, and the file to append to.
#[derive(Debug)]
pub struct ReviewLog {
    path: PathBuf,
    actions: Vec<ReviewChange>,
    next_id: u64,
    file: Option<File>,
}

impl ReviewLog {
    /// Reads the log at `path` (a missing file is an empty log, created by
    /// the first append). Lines that cannot be read are problems and the rest
    /// loads; only an unreadable file is an error.
    pub fn open(path: impl Into<PathBuf>) -> io::Result<(ReviewLog, Vec<Problem>)> {
        let path = path.into();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        let (actions, problems) = parse_log(&problem_name(&path), &bytes);
        let next_id = actions.iter().map(|a| a.id).max().unwrap_or(0) + 1;
        Ok((
            ReviewLog {
                path,
                actions,
                next_id,
                file: None,
            },
            problems,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The id the next append will give.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// The actions read or appended, in log order (undos included).
    pub fn actions(&self) -> &[ReviewChange] {
        &self.actions
    }

    /// Appends one action and returns its id once it is on disk: the whole
    /// line goes out in one write to a file opened for appending, then is
    /// synced, so a crash loses at most this action and never touches earlier
    /// lines. A torn line left by an earlier crash first gets its newline, so
    /// that it stays one bad line instead of spoiling this one.
    pub fn append(&mut self, mut action: ReviewChange) -> io::Result<u64> {
        action.v = LOG_VERSION;
        action.id = self.next_id;
        action.check().map_err(io::Error::other)?;
        let mut line = serde_json::to_vec(&action).map_err(io::Error::other)?;
        line.push(b'\n');
        let file = self.file()?;
        if !ends_with_newline(file)? {
            line.insert(0, b'\n');
        }
        file.write_all(&line)?;
        file.sync_data()?;
        self.next_id += 1;
        self.actions.push(action);
        Ok(self.next_id - 1)
    }

    /// Appends an undo of the latest action in effect and returns the undone
    /// action's id; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> io::Result<Option<u64>> {
        match self.undoable() {
            Some(of) => self
                .append(ReviewChange::page(Change::Undo { of }))
                .map(|_| Some(of)),
            None => Ok(None),
        }
    }

    /// Appends a redo of the latest undone action and returns that action's
    /// id; `None` when there is none.
    pub fn redo(&mut self) -> io::Result<Option<u64>> {
        match self.redoable() {
            Some(of) => self
                .append(ReviewChange::page(Change::Redo { of }))
                .map(|_| Some(of)),
            None => Ok(None),
        }
    }

    /// The action Ctrl+Z would undo.
    pub fn undoable(&self) -> Option<u64> {
        stacks(&self.actions).0.last().copied()
    }

    /// The action Ctrl+Shift+Z would redo.
    pub fn redoable(&self) -> Option<u64> {
        stacks(&self.actions).1.last().copied()
    }

    fn file(&mut self) -> io::Result<&mut File> {
        if self.file.is_none() {
            let existed = self.path.exists();
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let f = OpenOptions::new()
                .read(true)
                .append(true)
                .create(true)
                .open(&self.path)?;
            if !existed {
                sync_dir(&self.path);
            }
            self.file = Some(f);
        }
        Ok(self.file.as_mut().expect("opened above"))
    }
}

/// A new file's name is only durable once its folder is synced.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Whether the file is empty or ends with `\n`, read from the file itself so
/// that a tear left by another process is seen too.
fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    let mut last = [0u8];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

fn problem_name(path: &Path) -> String {
    match path.file_name() {
        Some(n) if n == IN_FOLDER_NAME => IN_FOLDER_NAME.to_string(),
        _ => path.display().to_string(),
    }
}

/// Splits the log into actions and problems. A last line without its
/// newline is a write cut short; when it still parses (only the newline was
/// lost) it loads, since it can only be a prefix of an object otherwise.
fn parse_log(name: &str, bytes: &[u8]) -> (Vec<ReviewChange>, Vec<Problem>) {
    let mut actions = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let torn_tail = !bytes.is_empty() && !bytes.ends_with(b"\n");
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let last = lines.len() - 1;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = serde_json::from_slice::<ReviewChange>(line)
            .map_err(|e| e.to_string())
            .and_then(|a| a.check().map(|()| a));
        match parsed {
            Ok(a) => {
                if !seen.insert(a.id) {
                    problems.push(Problem::line(
                        name,
                        i + 1,
                        format!("action id {} appears twice (two windows writing one log?); both kept", a.id),
                    ));
                }
                actions.push(a);
            }
            Err(_) if i == last && torn_tail => problems.push(Problem::line(
                name,
                i + 1,
                "the last review action was cut short (CountyLens stopped while writing it); skipped",
            )),
            Err(e) => problems.push(Problem::line(
                name,
                i + 1,
                format!("not a review action ({e}); skipped"),
            )),
        }
    }
    (actions, problems)
}

/// The undo and redo stacks after the whole log, as ids: the undo stack is
/// every action in effect, in log order.
/// The actions of `actions` still in effect (undone ones left out), in log
/// order, without the undo and redo actions themselves: what [`apply`]
/// replays. A subset of them (one page's) can be applied on its own.
pub fn in_effect(actions: &[ReviewChange]) -> Vec<ReviewChange> {
    let live: HashSet<u64> = stacks(actions).0.into_iter().collect();
    actions
        .iter()
        .filter(|a| live.contains(&a.id))
        .cloned()
        .collect()
}

/// The page an action is about.
pub fn source_of(a: &ReviewChange) -> Option<&str> {
    match (&a.key, &a.change) {
        (Some(k), _) => Some(&k.source),
        (None, Change::SetPageDate { source, .. } | Change::SetPagePlace { source, .. }) => {
            Some(source)
        }
        _ => None,
    }
}

fn stacks(actions: &[ReviewChange]) -> (Vec<u64>, Vec<u64>) {
    let mut undo: Vec<u64> = Vec::new();
    let mut redo: Vec<u64> = Vec::new();
    for a in actions {
        match a.change {
            Change::Undo { of } => {
                if let Some(p) = undo.iter().position(|&x| x == of) {
                    undo.remove(p);
                    redo.push(of);
                }
            }
            Change::Redo { of } => {
                if let Some(p) = redo.iter().position(|&x| x == of) {
                    redo.remove(p);
                    // Back in its place among the others: effect follows log order.
                    let at = undo.partition_point(|&x| x < of);
                    undo.insert(at, of);
                }
            }
            _ => {
                undo.push(a.id);
                redo.clear();
            }
        }
    }
    (undo, redo)
}

/// Whether a record's date came from its page rather than its own sentence,
/// so that a page date a person gives replaces it.
pub fn date_from_page(r: &Record) -> bool {
    matches!(
        r.date_basis,
        Some(DateBasis::Article) | Some(DateBasis::Inferred)
    )
}

/// Whether a record's own clause names its place (in full or short form:
/// `衡东县` or `衡东`). When it does not, the extractor took the place from
/// the article's subject or a parent, and a page place replaces it. Records
/// without evidence count as named: nothing says otherwise.
pub fn place_named_in_evidence(r: &Record) -> bool {
    let Some(ev) = &r.evidence else {
        return true;
    };
    let name = r.locality.trim();
    ev.contains(name) || short_name(name).is_some_and(|s| ev.contains(s))
}

/// The name without its kind (`东风街道` → `东风`), when at least two
/// characters remain: one character alone names nothing reliably.
fn short_name(name: &str) -> Option<&str> {
    const KINDS: [&str; 14] = [
        "自治县",
        "自治州",
        "街道办事处",
        "街道",
        "社区",
        "地区",
        "省",
        "市",
        "县",
        "区",
        "镇",
        "乡",
        "村",
        "旗",
    ];
    KINDS.iter().find_map(|k| {
        name.strip_suffix(k)
            .filter(|rest| rest.chars().count() >= 2)
    })
}

/// Re-dates a record from a page date by the module's rule.
fn redate(
    loaded: RecordDate,
    basis: Option<DateBasis>,
    page: RecordDate,
) -> (RecordDate, DateBasis) {
    match (basis, loaded.month) {
        (Some(DateBasis::Inferred), Some(month)) => {
            let mut year = page.year;
            if page.month.is_some_and(|pm| month as i32 > pm as i32 + 1) {
                year -= 1;
            }
            let date = match loaded.day {
                Some(d) => RecordDate::ymd(year, month, d),
                None => Some(RecordDate {
                    year,
                    month: Some(month),
                    day: None,
                }),
            };
            // 2月29日 in a year that has none: the sentence's day cannot stand.
            date.map_or((page, DateBasis::Article), |d| (d, DateBasis::Stated))
        }
        _ => (page, DateBasis::Article),
    }
}

/// What the replay knows about one record beyond its fields.
/// The page-level rules read the record as loaded, so that a second page
/// date or place replaces the first instead of finding nothing left to fix.
#[derive(Clone, Copy)]
struct Reviewed {
    verdict: Option<Status>,
    corrected: bool,
    date_set: bool,
    place_set: bool,
    loaded_date: RecordDate,
    loaded_basis: Option<DateBasis>,
    date_from_page: bool,
    place_named: bool,
}

/// Replays the log on freshly loaded records: statuses, corrections and page
/// fixes, in log order, skipping what was undone. Every action that finds no
/// record is an "orphaned review" problem. Records are never removed: a
/// rejected one keeps its place with `status: rejected`.
///
/// Actions name records by their key as loaded, so a caller that appends
/// more actions later keeps `RecordKey::of` of each record taken *before*
/// this call (the order of `records` does not change).
pub fn apply(records: &mut [Record], actions: &[ReviewChange]) -> Vec<Problem> {
    let mut replay = Replay::new(actions);
    let _ = replay.apply(records);
    replay.finish()
}

/// A replay of the log over records that come in parts (a folder read file
/// by file, a big records file block by block), so that no part is copied
/// or replayed twice.
///
/// It gives the same records as [`apply`] on all of them at once, because
/// an action's effect on a record depends only on that record and on the
/// actions before it: a key names records, a page action names a source,
/// and both reach every record that matches, in whichever part it is.
/// Orphans are known only at the end ([`Replay::finish`]).
pub struct Replay {
    /// The actions in effect, in log order.
    actions: Vec<ReviewChange>,
    /// Which of `actions` name a record, by its key.
    by_key: HashMap<RecordKey, Vec<usize>>,
    /// Which of `actions` are about a whole page, by its source.
    by_page: HashMap<String, Vec<usize>>,
    /// Every source an action is about: a record of another source is left
    /// as it is without building its key (most records, in a big file).
    sources: HashSet<String>,
    /// Which of `actions` reached a record in some part.
    reached: Vec<bool>,
    /// Problems with where they belong among the actions, so that
    /// [`Replay::finish`] lists them in log order whatever the parts; and
    /// the record they are about, counted as in `applied`.
    problems: Vec<(usize, Option<usize>, Problem)>,
    /// How many records were given to [`Replay::apply`] so far.
    applied: usize,
}

impl Replay {
    pub fn new(actions: &[ReviewChange]) -> Replay {
        let mut problems = Vec::new();
        let ids: HashSet<u64> = actions.iter().map(|a| a.id).collect();
        for a in actions {
            if let Change::Undo { of } | Change::Redo { of } = a.change
                && !ids.contains(&of)
            {
                problems.push((
                    0,
                    None,
                    Problem::file(
                        "review log",
                        format!(
                            "review #{} is a {} of #{of}, which is not in the log",
                            a.id,
                            a.change.name()
                        ),
                    ),
                ));
            }
        }
        let in_effect: HashSet<u64> = stacks(actions).0.into_iter().collect();
        let actions: Vec<ReviewChange> = actions
            .iter()
            .filter(|a| in_effect.contains(&a.id))
            .cloned()
            .collect();
        let mut by_key: HashMap<RecordKey, Vec<usize>> = HashMap::new();
        let mut by_page: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, a) in actions.iter().enumerate() {
            match (&a.key, &a.change) {
                (Some(key), _) => by_key.entry(key.clone()).or_default().push(n),
                (
                    None,
                    Change::SetPageDate { source, .. } | Change::SetPagePlace { source, .. },
                ) => {
                    by_page.entry(source.clone()).or_default().push(n);
                }
                _ => {}
            }
        }
        let sources = by_key
            .keys()
            .map(|k| k.source.clone())
            .chain(by_page.keys().cloned())
            .collect();
        Replay {
            reached: vec![false; actions.len()],
            actions,
            by_key,
            by_page,
            sources,
            problems,
            applied: 0,
        }
    }

    /// Forgets the records applied after the first `n` (counted over all
    /// calls of [`Replay::apply`]), as the loader does when a file it handed
    /// over in parts turns out to need reading whole: the file is given
    /// again, and an action that could not be applied to one of its records
    /// must be reported once, not once for the parts and again for the
    /// whole. Actions that reached those records stay reached: the same
    /// file gives them again.
    pub fn forget_from(&mut self, n: usize) {
        self.problems
            .retain(|(_, at, _)| at.is_none_or(|at| at < n));
        self.applied = self.applied.min(n);
    }

    /// Replays every action on one part of the records. Returns each
    /// record an action reached, as it was before (by its index in
    /// `records`): the app keeps these instead of a copy of every record
    /// as loaded.
    ///
    /// Record by record, each record's actions in log order: an action's
    /// effect on a record depends on nothing else, so this is the log
    /// replayed in order.
    pub fn apply(&mut self, records: &mut [Record]) -> Vec<(usize, Record)> {
        let mut before = Vec::new();
        let mut mine: Vec<usize> = Vec::new();
        for (i, r) in records.iter_mut().enumerate() {
            if !self.sources.contains(&*r.source) {
                continue;
            }
            mine.clear();
            if let Some(ns) = self.by_key.get(&RecordKey::of(r)) {
                mine.extend(ns);
            }
            if let Some(ns) = self.by_page.get(&*r.source) {
                mine.extend(ns);
            }
            if mine.is_empty() {
                continue;
            }
            mine.sort_unstable();
            before.push((i, r.clone()));
            let mut state = Reviewed::of(r);
            for &n in &mine {
                self.reached[n] = true;
                let a = &self.actions[n];
                if a.key.is_none() {
                    apply_page(r, &mut state, &a.change);
                } else if let Err(e) = apply_one(r, &mut state, &a.change) {
                    self.problems.push((
                        n + 1,
                        Some(self.applied + i),
                        Problem::file(
                            r.source.to_string(),
                            format!("review #{} ({}) not applied: {e}", a.id, a.change.name()),
                        ),
                    ));
                }
            }
            r.status = match state.verdict {
                Some(Status::Rejected) => Status::Rejected,
                _ if state.corrected => Status::Corrected,
                Some(v) => v,
                None => Status::Extracted,
            };
        }
        self.applied += records.len();
        before
    }

    /// The problems of the whole replay, in log order: actions that are
    /// not in the log, actions that could not be applied, and orphans
    /// (actions that reached no record in any part).
    pub fn finish(self) -> Vec<Problem> {
        let mut problems = self.problems;
        for (n, a) in self.actions.iter().enumerate() {
            if self.reached[n] {
                continue;
            }
            let orphan = match (&a.key, &a.change) {
                (Some(key), _) => orphan(a, &key.source, &format!("no record has the key {key}")),
                (
                    None,
                    Change::SetPageDate { source, .. } | Change::SetPagePlace { source, .. },
                ) => orphan(a, source, "the page gave no record"),
                _ => continue,
            };
            problems.push((n + 1, None, orphan));
        }
        // Stable: a record's problems stay in record order.
        problems.sort_by_key(|(n, _, _)| *n);
        problems.into_iter().map(|(_, _, p)| p).collect()
    }
}

impl Reviewed {
    fn of(r: &Record) -> Reviewed {
        Reviewed {
            verdict: matches!(r.status, Status::Confirmed | Status::Rejected).then_some(r.status),
            corrected: r.status == Status::Corrected,
            date_set: false,
            place_set: false,
            loaded_date: r.date,
            loaded_basis: r.date_basis,
            date_from_page: date_from_page(r),
            place_named: place_named_in_evidence(r),
        }
    }
}

fn orphan(a: &ReviewChange, source: &str, why: &str) -> Problem {
    Problem::file(
        source.to_string(),
        format!(
            "orphaned review #{} ({}, {}): {why}; it stays in the log",
            a.id,
            a.change.name(),
            a.time
        ),
    )
}

fn apply_one(r: &mut Record, s: &mut Reviewed, change: &Change) -> Result<(), String> {
    match change {
        Change::Confirm => s.verdict = Some(Status::Confirmed),
        Change::Reject => s.verdict = Some(Status::Rejected),
        Change::Reset => s.verdict = None,
        Change::SetField { field, new, .. } => {
            set_field(r, *field, new)?;
            s.corrected = true;
            match field {
                Field::Date => s.date_set = true,
                Field::Locality => s.place_set = true,
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}

fn set_field(r: &mut Record, field: Field, new: &Value) -> Result<(), String> {
    let bad = || format!("{} cannot be {new}", field.as_str());
    match field {
        Field::Locality => {
            let place: Place = match new {
                Value::String(s) => Place {
                    locality: s.clone(),
                    path: Vec::new(),
                    code: None,
                    level: None,
                },
                _ => serde_json::from_value(new.clone()).map_err(|_| bad())?,
            };
            if place.locality.trim().is_empty() {
                return Err(bad());
            }
            set_place(r, place);
        }
        Field::Date => {
            r.date = new.as_str().and_then(RecordDate::parse).ok_or_else(bad)?;
        }
        Field::DateBasis => {
            r.date_basis = match new {
                Value::Null => None,
                _ => Some(new.as_str().and_then(DateBasis::parse).ok_or_else(bad)?),
            };
        }
        Field::Series => match new {
            Value::Null => r.series = None,
            Value::String(s) if !s.trim().is_empty() => {
                if let Some(m) = s.split_once('.').and_then(|(m, _)| Measure::from_code(m)) {
                    r.measure = m;
                }
                r.series = Some(s.trim().into());
            }
            _ => return Err(bad()),
        },
        Field::Measure => {
            r.measure = new.as_str().and_then(Measure::from_code).ok_or_else(bad)?;
        }
        Field::Value => {
            r.value = new.as_f64().filter(|v| v.is_finite()).ok_or_else(bad)?;
        }
        Field::Unit => {
            r.unit = new
                .as_str()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .ok_or_else(bad)?
                .to_string();
        }
    }
    Ok(())
}

fn set_place(r: &mut Record, p: Place) {
    r.locality = p.locality.into();
    r.locality_path = p.path.into_iter().map(Into::into).collect();
    r.code = p.code;
    r.level = p.level;
}

fn apply_page(r: &mut Record, s: &mut Reviewed, change: &Change) {
    match change {
        Change::SetPageDate { date, .. } if !s.date_set && s.date_from_page => {
            let (d, basis) = redate(s.loaded_date, s.loaded_basis, *date);
            if (d, Some(basis)) != (r.date, r.date_basis) {
                r.date = d;
                r.date_basis = Some(basis);
                r.date_clue = Some("page date set in review".into());
                s.corrected = true;
            }
        }
        Change::SetPagePlace {
            locality,
            path,
            code,
            level,
            ..
        } if !s.place_set && !s.place_named => {
            let p = Place {
                locality: locality.clone(),
                path: path.clone(),
                code: code.clone(),
                level: *level,
            };
            if p != Place::of(r) {
                set_place(r, p);
                s.corrected = true;
            }
        }
        _ => {}
    }
}

/// The app's own data folder: `$XDG_DATA_HOME/countylens` (else
/// `~/.local/share/countylens`) on Linux and BSDs,
/// `~/Library/Application Support/countylens` on macOS,
/// `%APPDATA%\countylens` on Windows. `None` when the system names no home.
pub fn data_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        env("APPDATA")?
    } else if cfg!(target_os = "macos") {
        env("HOME")?.join("Library/Application Support")
    } else {
        // XDG says a relative XDG_DATA_HOME is to be ignored.
        env("XDG_DATA_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| env("HOME").map(|h| h.join(".local/share")))?
    };
    Some(base.join("countylens"))
}

/// Where a folder's review log lives when it is kept in the app's data
/// folder: `reviews/NAME-HASH.jsonl`, HASH an FNV-1a of the folder's
/// canonical path (stable across runs and Rust versions, unlike std's
/// hasher) and NAME the folder's own name so a person can tell the files
/// apart. `None` when there is no data folder.
pub fn default_log_path(folder: &Path) -> Option<PathBuf> {
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    let text = canonical.to_string_lossy();
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    let name: String = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    let file = if name.is_empty() {
        format!("{hash:016x}.jsonl")
    } else {
        format!("{name}-{hash:016x}.jsonl")
    };
    Some(data_dir()?.join("reviews").join(file))
}

/// The folder's existing review log: the one inside the folder when there is
/// one (it travels with the folder), else the one in the data folder.
pub fn find_log(folder: &Path) -> Option<PathBuf> {
    let inside = folder.join(IN_FOLDER_NAME);
    if inside.is_file() {
        return Some(inside);
    }
    default_log_path(folder).filter(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Measure;

    fn rec(source: &str, span: [usize; 2], value: f64, evidence: &str) -> Record {
        Record {
            locality: "衡东县".into(),
            locality_path: ["湖南省".into(), "衡阳市".into(), "衡东县".into()].into(),
            level: Some(Level::County),
            date: RecordDate::parse("2021-02-20").unwrap(),
            date_basis: Some(DateBasis::Stated),
            date_clue: None,
            measure: Measure::Screening,
            series: None,
            indicator: None,
            value,
            unit: "户".into(),
            approx: false,
            tally: None,
            part_of: false,
            code: None,
            source: source.into(),
            span: Some(span),
            evidence: Some(evidence.into()),
            status: Status::Extracted,
            extra: Default::default(),
        }
    }

    fn numbered(mut actions: Vec<ReviewChange>) -> Vec<ReviewChange> {
        for (i, a) in actions.iter_mut().enumerate() {
            a.id = i as u64 + 1;
        }
        actions
    }

    fn set(r: &Record, field: Field, new: Value) -> ReviewChange {
        ReviewChange::record(
            RecordKey::of(r),
            Change::SetField {
                field,
                old: Value::Null,
                new,
            },
        )
    }

    #[test]
    fn formats_rfc3339_utc() {
        let t = UNIX_EPOCH + std::time::Duration::from_secs(951_782_400 + 3_723);
        assert_eq!(rfc3339_utc(t), "2000-02-29T01:02:03Z");
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn a_line_is_one_flat_object_with_its_version() {
        let r = rec("a.txt", [3, 9], 8000.0, "排查8000户");
        let mut a = set(&r, Field::Value, 9000.into());
        a.id = 4;
        let line = serde_json::to_string(&a).unwrap();
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["v"], 1);
        assert_eq!(v["change"], "set_field");
        assert_eq!(v["field"], "value");
        assert_eq!(v["key"]["span"], serde_json::json!([3, 9]));
        assert!(
            v["key"].get("evidence").is_none(),
            "a span makes evidence unneeded"
        );
        assert_eq!(serde_json::from_str::<ReviewChange>(&line).unwrap(), a);
    }

    #[test]
    fn without_span_the_evidence_is_part_of_the_key() {
        let mut a = rec("own.csv", [0, 0], 5.0, "派出5支队伍");
        a.span = None;
        let mut b = a.clone();
        b.evidence = Some("另派5支队伍".into());
        assert_ne!(RecordKey::of(&a), RecordKey::of(&b));
        assert_eq!(RecordKey::of(&a).evidence.as_deref(), Some("派出5支队伍"));
    }

    #[test]
    fn statuses_follow_the_last_verdict_and_corrections() {
        let r0 = rec("a.txt", [0, 5], 1.0, "x");
        let r1 = rec("a.txt", [6, 9], 2.0, "x");
        let r2 = rec("a.txt", [10, 15], 3.0, "x");
        let mut records = vec![r0.clone(), r1.clone(), r2.clone()];
        let k = |r: &Record| RecordKey::of(r);
        let actions = numbered(vec![
            ReviewChange::record(k(&r0), Change::Confirm),
            ReviewChange::record(k(&r1), Change::Reject),
            ReviewChange::record(k(&r2), Change::Reject),
            ReviewChange::record(k(&r2), Change::Reset),
            set(&r0, Field::Unit, "人".into()),
        ]);
        assert!(apply(&mut records, &actions).is_empty());
        assert_eq!(records[0].status, Status::Corrected);
        assert_eq!(records[0].unit, "人");
        assert_eq!(records[1].status, Status::Rejected);
        assert_eq!(records[2].status, Status::Extracted);
    }

    #[test]
    fn every_field_can_be_set() {
        let r = rec("a.txt", [0, 5], 1.0, "x");
        let mut records = vec![r.clone()];
        let place = serde_json::json!({"locality":"东风街道","path":["湖南省","衡阳市","珠晖区","东风街道"],"code":"430405001","level":"township"});
        let actions = numbered(vec![
            set(&r, Field::Locality, place),
            set(&r, Field::Date, "2020-02-21".into()),
            set(&r, Field::DateBasis, "article".into()),
            set(&r, Field::Series, "testing.samples".into()),
            set(&r, Field::Value, 12.5.into()),
            set(&r, Field::Unit, "人次".into()),
        ]);
        assert!(apply(&mut records, &actions).is_empty());
        let got = &records[0];
        assert_eq!(&*got.locality, "东风街道");
        assert_eq!(got.locality_path.len(), 4);
        assert_eq!(got.code.as_deref(), Some("430405001"));
        assert_eq!(got.level, Some(Level::Township));
        assert_eq!(got.date.to_string(), "2020-02-21");
        assert_eq!(got.date_basis, Some(DateBasis::Article));
        assert_eq!(got.series.as_deref(), Some("testing.samples"));
        assert_eq!(
            got.measure,
            Measure::Testing,
            "a series carries its measure"
        );
        assert_eq!((got.value, got.unit.as_str()), (12.5, "人次"));
        assert_eq!(got.status, Status::Corrected);
    }

    #[test]
    fn what_a_field_holds_sets_it_back() {
        let mut r = rec("a.txt", [0, 5], 1.5, "x");
        r.series = Some("screening.households".into());
        r.code = Some("430424".into());
        let mut other = rec("a.txt", [0, 5], 9.0, "y");
        other.locality = "别处".into();
        other.locality_path = std::sync::Arc::from([]);
        other.date_basis = None;
        for field in [
            Field::Locality,
            Field::Date,
            Field::DateBasis,
            Field::Series,
            Field::Measure,
            Field::Value,
            Field::Unit,
        ] {
            set_field(&mut other, field, &field.get(&r)).unwrap();
            assert_eq!(field.get(&other), field.get(&r), "{field:?}");
        }
        assert_eq!(other.code.as_deref(), Some("430424"));
    }

    #[test]
    fn a_bad_new_value_is_a_problem_and_changes_nothing() {
        let r = rec("a.txt", [0, 5], 1.0, "x");
        let mut records = vec![r.clone()];
        let actions = numbered(vec![set(&r, Field::Date, "2020-02-30".into())]);
        let problems = apply(&mut records, &actions);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(records[0], r);
    }

    #[test]
    fn page_date_fixes_inferred_and_article_dates_only() {
        let mut inferred = rec("p.txt", [0, 5], 1.0, "x");
        inferred.date_basis = Some(DateBasis::Inferred);
        inferred.date = RecordDate::parse("2021-12-28").unwrap();
        let mut article = rec("p.txt", [6, 9], 2.0, "x");
        article.date_basis = Some(DateBasis::Article);
        let stated = rec("p.txt", [10, 15], 3.0, "x");
        let mut person = rec("p.txt", [16, 20], 4.0, "x");
        person.date_basis = Some(DateBasis::Inferred);
        let other_page = {
            let mut r = article.clone();
            r.source = "q.txt".into();
            r
        };
        let mut records = vec![
            inferred.clone(),
            article.clone(),
            stated.clone(),
            person.clone(),
            other_page.clone(),
        ];
        let actions = numbered(vec![
            // The person's own date on a record outlives a later page date.
            set(&person, Field::Date, "2020-03-03".into()),
            ReviewChange::page(Change::SetPageDate {
                source: "p.txt".into(),
                date: RecordDate::parse("2021-01-05").unwrap(),
            }),
        ]);
        assert!(apply(&mut records, &actions).is_empty());
        // 12月28日 in a January page is the year before.
        assert_eq!(records[0].date.to_string(), "2020-12-28");
        assert_eq!(records[0].date_basis, Some(DateBasis::Stated));
        assert_eq!(records[0].status, Status::Corrected);
        assert_eq!(records[1].date.to_string(), "2021-01-05");
        assert_eq!(records[1].date_basis, Some(DateBasis::Article));
        assert_eq!(records[2], stated);
        assert_eq!(records[3].date.to_string(), "2020-03-03");
        assert_eq!(records[4], other_page);
    }

    #[test]
    fn a_second_page_date_replaces_the_first() {
        let mut r = rec("p.txt", [0, 5], 1.0, "x");
        r.date_basis = Some(DateBasis::Inferred);
        r.date = RecordDate::parse("2021-02-20").unwrap();
        let page = |d: &str| {
            ReviewChange::page(Change::SetPageDate {
                source: "p.txt".into(),
                date: RecordDate::parse(d).unwrap(),
            })
        };
        let mut records = vec![r];
        let actions = numbered(vec![page("2020-02-21"), page("2022-03-01")]);
        assert!(apply(&mut records, &actions).is_empty());
        assert_eq!(records[0].date.to_string(), "2022-02-20");
        assert_eq!(
            records[0].date_clue.as_deref(),
            Some("page date set in review")
        );
    }

    #[test]
    fn page_place_moves_only_records_whose_clause_names_no_place() {
        let named = rec("p.txt", [0, 5], 1.0, "衡东县排查1户");
        let short = rec("p.txt", [6, 9], 2.0, "衡东排查2户");
        let fallen = rec("p.txt", [10, 15], 3.0, "共排查3户");
        let mut records = vec![named.clone(), short.clone(), fallen.clone()];
        let actions = numbered(vec![ReviewChange::page(Change::SetPagePlace {
            source: "p.txt".into(),
            locality: "石湾镇".into(),
            path: vec![
                "湖南省".into(),
                "衡阳市".into(),
                "衡东县".into(),
                "石湾镇".into(),
            ],
            code: Some("430424101".into()),
            level: Some(Level::Township),
        })]);
        assert!(apply(&mut records, &actions).is_empty());
        assert_eq!(records[0], named);
        assert_eq!(records[1], short);
        assert_eq!(&*records[2].locality, "石湾镇");
        assert_eq!(records[2].code.as_deref(), Some("430424101"));
        assert_eq!(records[2].status, Status::Corrected);
    }

    #[test]
    fn orphans_are_listed_with_their_key() {
        let r = rec("a.txt", [0, 5], 1.0, "x");
        let gone = rec("a.txt", [40, 45], 7.0, "x");
        let mut records = vec![r.clone()];
        let actions = numbered(vec![
            ReviewChange::record(RecordKey::of(&gone), Change::Reject),
            ReviewChange::page(Change::SetPageDate {
                source: "gone.txt".into(),
                date: RecordDate::parse("2020-02-02").unwrap(),
            }),
            ReviewChange::record(RecordKey::of(&r), Change::Confirm),
        ]);
        let problems = apply(&mut records, &actions);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("orphaned review #1"));
        assert!(problems[0].message.contains("[40,45] 7 户"));
        assert_eq!(problems[1].file, "gone.txt");
        assert_eq!(records[0].status, Status::Confirmed);
    }

    #[test]
    fn a_replay_in_parts_gives_what_one_replay_gives() {
        // Records of two pages, the second page's split across parts, and
        // a log with record, page, failing and orphaned actions.
        let mut records: Vec<Record> = (0..6)
            .map(|i| {
                let mut r = rec(
                    if i < 2 { "a.txt" } else { "b.txt" },
                    [i * 10, i * 10 + 5],
                    i as f64,
                    "x",
                );
                r.date_basis = Some(DateBasis::Article);
                r
            })
            .collect();
        records[5].status = Status::Confirmed;
        records[5].date_basis = Some(DateBasis::Stated);
        let gone = rec("a.txt", [90, 95], 9.0, "x");
        let actions = numbered(vec![
            ReviewChange::record(RecordKey::of(&records[3]), Change::Reject),
            set(&records[1], Field::Date, "2020-02-30".into()),
            ReviewChange::page(Change::SetPageDate {
                source: "b.txt".into(),
                date: RecordDate::parse("2021-03-05").unwrap(),
            }),
            ReviewChange::record(RecordKey::of(&gone), Change::Confirm),
            set(&records[4], Field::Value, 44.into()),
            ReviewChange::page(Change::SetPageDate {
                source: "gone.txt".into(),
                date: RecordDate::parse("2020-02-02").unwrap(),
            }),
            ReviewChange::record(RecordKey::of(&records[5]), Change::Reset),
        ]);
        let mut whole = records.clone();
        let whole_problems = apply(&mut whole, &actions);
        assert_eq!(whole_problems.len(), 3, "{whole_problems:?}");
        for cut in [[0, 1], [1, 3], [2, 5], [3, 3], [0, 6]] {
            let mut parts = records.clone();
            let mut replay = Replay::new(&actions);
            let (a, rest) = parts.split_at_mut(cut[0]);
            let (b, c) = rest.split_at_mut(cut[1] - cut[0]);
            for part in [b, c, a] {
                replay.apply(part);
            }
            assert_eq!(parts, whole, "parts cut at {cut:?}");
            let problems: Vec<String> = replay.finish().into_iter().map(|p| p.message).collect();
            let expected: Vec<String> = whole_problems.iter().map(|p| p.message.clone()).collect();
            assert_eq!(problems, expected, "parts cut at {cut:?}");
        }
        // A file handed in parts and then read whole: the parts' records
        // are forgotten and given again, and each problem is told once.
        let mut replay = Replay::new(&actions);
        let mut first = records.clone();
        replay.apply(&mut first[..2]);
        replay.apply(&mut first[2..4]);
        replay.forget_from(1);
        let mut again = records.clone();
        replay.apply(&mut again[1..]);
        let problems: Vec<String> = replay.finish().into_iter().map(|p| p.message).collect();
        let expected: Vec<String> = whole_problems.iter().map(|p| p.message.clone()).collect();
        assert_eq!(problems, expected);
        assert_eq!(again[1..], whole[1..]);
        assert_eq!(whole[3].status, Status::Rejected);
        assert_eq!(whole[4].value, 44.0);
        assert_eq!(whole[4].date.to_string(), "2021-03-05");
        assert_eq!(whole[5].status, Status::Extracted);
    }

    #[test]
    fn undo_and_redo_are_actions_of_the_log() {
        let r = rec("a.txt", [0, 5], 1.0, "x");
        let mut actions = numbered(vec![
            ReviewChange::record(RecordKey::of(&r), Change::Confirm),
            set(&r, Field::Value, 2.0.into()),
        ]);
        let replay = |actions: &Vec<ReviewChange>| {
            let mut records = vec![r.clone()];
            assert!(apply(&mut records, actions).is_empty());
            (records[0].value, records[0].status)
        };
        assert_eq!(replay(&actions), (2.0, Status::Corrected));
        actions.push(ReviewChange::page(Change::Undo { of: 2 }));
        actions = numbered(actions);
        assert_eq!(replay(&actions), (1.0, Status::Confirmed));
        assert_eq!(stacks(&actions), (vec![1], vec![2]));
        actions.push(ReviewChange::page(Change::Redo { of: 2 }));
        actions = numbered(actions);
        assert_eq!(replay(&actions), (2.0, Status::Corrected));
        // A new action after an undo ends the chance to redo it.
        actions.push(ReviewChange::page(Change::Undo { of: 2 }));
        actions.push(ReviewChange::record(RecordKey::of(&r), Change::Reject));
        actions = numbered(actions);
        assert_eq!(stacks(&actions), (vec![1, 6], vec![]));
        assert_eq!(replay(&actions), (1.0, Status::Rejected));
    }

    #[test]
    fn torn_and_bad_lines_are_problems_and_the_rest_loads() {
        let r = rec("a.txt", [0, 5], 1.0, "x");
        let mut good = ReviewChange::record(RecordKey::of(&r), Change::Confirm);
        good.id = 1;
        let line = serde_json::to_string(&good).unwrap();
        let text = format!("{line}\nnot json\n{{\"v\":2,\"id\":3}}\n{}", &line[..20]);
        let (actions, problems) = parse_log("log", text.as_bytes());
        assert_eq!(actions, vec![good.clone()]);
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(4)]);
        assert!(problems[2].message.contains("cut short"));
        // Only the newline lost: the action is whole and loads.
        let (actions, problems) = parse_log("log", line.as_bytes());
        assert_eq!((actions.len(), problems.len()), (1, 0));
    }

    #[test]
    fn short_names_keep_two_characters() {
        assert_eq!(short_name("东风街道"), Some("东风"));
        assert_eq!(short_name("衡东县"), Some("衡东"));
        assert_eq!(short_name("沙市"), None);
    }

    #[test]
    fn default_path_is_stable_and_per_folder() {
        let a = default_log_path(Path::new("/no/such/folder-a"));
        let b = default_log_path(Path::new("/no/such/folder-b"));
        if let (Some(a), Some(b)) = (a.clone(), b) {
            assert_ne!(a, b);
            assert_eq!(
                default_log_path(Path::new("/no/such/folder-a")),
                Some(a.clone())
            );
            assert!(a.to_string_lossy().contains("countylens"));
            assert!(
                a.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("folder-a-")
            );
        }
    }
}
