//! The record: one reported figure about a locality's epidemic response.
//!
//! This module is the contract of `docs/records.md` in code. Extraction writes
//! records, the app charts them, users bring their own in the same shape, so
//! nothing here knows about pages or pixels.

mod dataset;
mod date;
mod de;
pub mod io;
mod measure;
pub mod review;
pub mod series;

pub use dataset::*;
pub use date::RecordDate;
pub use io::{read_csv, read_jsonl, read_records_file, write_csv, write_jsonl};
pub use measure::Measure;
pub use series::Series;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A string of a record that many records may share (the page's file name,
/// the sentence several figures came from, a place's path): a folder's
/// records hold each once, see [`Sharer`].
pub type Text = Arc<str>;

/// Administrative level of a locality, as in `records.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    Prefecture,
    County,
    Township,
    Village,
    Unit,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
            Level::Unit => "unit",
        }
    }
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "province" => Level::Province,
            "prefecture" => Level::Prefecture,
            "county" => Level::County,
            "township" => Level::Township,
            "village" => Level::Village,
            "unit" => Level::Unit,
            _ => return None,
        })
    }
}

/// Where a record's date came from; `inferred` dates deserve a warning in the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    Stated,
    Article,
    Inferred,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Stated => "stated",
            DateBasis::Article => "article",
            DateBasis::Inferred => "inferred",
        }
    }
    pub fn parse(s: &str) -> Option<DateBasis> {
        Some(match s {
            "stated" => DateBasis::Stated,
            "article" => DateBasis::Article,
            "inferred" => DateBasis::Inferred,
            _ => return None,
        })
    }
}

/// Whether a figure is a running total or what one day or round did
/// (`series.md`, "tally"); absent when the text does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tally {
    Cumulative,
    Period,
}

impl Tally {
    pub fn as_str(self) -> &'static str {
        match self {
            Tally::Cumulative => "cumulative",
            Tally::Period => "period",
        }
    }
    pub fn parse(s: &str) -> Option<Tally> {
        Some(match s {
            "cumulative" => Tally::Cumulative,
            "period" => Tally::Period,
            _ => return None,
        })
    }
}

/// A person's verdict on a record; extraction always writes `Extracted`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Extracted,
    Confirmed,
    Corrected,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Extracted => "extracted",
            Status::Confirmed => "confirmed",
            Status::Corrected => "corrected",
            Status::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "extracted" => Status::Extracted,
            "confirmed" => Status::Confirmed,
            "corrected" => Status::Corrected,
            "rejected" => Status::Rejected,
            _ => return None,
        })
    }
    fn is_default(&self) -> bool {
        *self == Status::Extracted
    }
}

/// One record, field for field as in `records.md`. Optional fields are skipped
/// when empty so that written files stay as small as hand-made ones. It is
/// read by the hand-written reader of `de.rs` (same fields, defaults and
/// required fields as these attributes say): keep the two in step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    pub locality: Text,
    #[serde(default, skip_serializing_if = "<[Text]>::is_empty")]
    pub locality_path: Arc<[Text]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    pub date: RecordDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<DateBasis>,
    /// Which clue decided an inferred or article date (`file name`,
    /// `weekday`, `era: 奥密克戎`…), so the app can show why a year was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_clue: Option<Text>,
    pub measure: Measure,
    /// What exactly was counted: a code of the codebook (`series.md`), the
    /// only thing charts compare or add across records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Text>,
    pub value: f64,
    pub unit: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tally: Option<Tally>,
    /// A part of another figure of the same sentence (`其中`): never added to
    /// its whole nor ranked against wholes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub part_of: bool,
    /// The locality's statistical division code (12 digits or a 6/9-digit
    /// prefix), so that a renamed place stays one place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub source: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
    #[serde(default, skip_serializing_if = "Status::is_default")]
    pub status: Status,
    /// Fields this version does not know: kept so that a round trip through
    /// the app never drops what another tool or a person wrote.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Record {
    /// The locality path with the locality itself at the end, whatever the
    /// source gave: hand-made files often give only `locality`.
    pub fn full_path(&self) -> Vec<String> {
        let mut path: Vec<String> = self.locality_path.iter().map(|p| p.to_string()).collect();
        if self.locality_path.last() != Some(&self.locality) {
            path.push(self.locality.to_string());
        }
        path
    }

    /// A short, stable key for "the same place" across records.
    pub fn locality_key(&self) -> String {
        self.full_path().join("/")
    }

    /// Checks what serde cannot: the value is a real number, and the required
    /// strings are not empty. Returns the reason when the record is unusable.
    pub fn validate(&self) -> Result<(), String> {
        if self.locality.trim().is_empty() {
            return Err("locality is empty".into());
        }
        if !self.value.is_finite() {
            return Err(format!("value {} is not a finite number", self.value));
        }
        if self.unit.trim().is_empty() {
            return Err("unit is empty".into());
        }
        if self.source.trim().is_empty() {
            return Err("source is empty".into());
        }
        if let Some([a, b]) = self.span
            && a > b
        {
            return Err(format!("span [{a},{b}] ends before it starts"));
        }
        Ok(())
    }
}

/// Makes records share their repeated strings: each place name and path,
/// series, indicator and date clue once for a whole folder, and a page's file name and a sentence once for
/// the records in a row that have them. Records read from text each hold
/// their own copies: tens of thousands of pages, about 400 bytes a record
/// less.
#[derive(Debug, Default)]
pub struct Sharer {
    names: std::collections::HashSet<Text>,
    paths: std::collections::HashSet<Arc<[Text]>>,
    last: Option<(Text, Option<Text>)>,
}

impl Sharer {
    pub fn share(&mut self, records: &mut [Record]) {
        for r in records {
            r.locality = self.name(&r.locality);
            r.locality_path = match self.paths.get(&*r.locality_path) {
                Some(p) => Arc::clone(p),
                None => {
                    let p: Arc<[Text]> = r.locality_path.iter().map(|s| self.name(s)).collect();
                    self.paths.insert(Arc::clone(&p));
                    p
                }
            };
            if let Some((source, evidence)) = &self.last {
                if *source == r.source {
                    r.source = Text::clone(source);
                }
                if let (Some(a), Some(b)) = (evidence, &r.evidence)
                    && a == b
                {
                    r.evidence = Some(Text::clone(a));
                }
            }
            for s in [&mut r.series, &mut r.indicator, &mut r.date_clue]
                .into_iter()
                .flatten()
            {
                *s = self.name(s);
            }
            self.last = Some((Text::clone(&r.source), r.evidence.clone()));
        }
    }

    fn name(&mut self, s: &Text) -> Text {
        match self.names.get(s) {
            Some(n) => Text::clone(n),
            None => {
                self.names.insert(Text::clone(s));
                Text::clone(s)
            }
        }
    }
}

/// Something that could not be read, named precisely enough to go and fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file, relative to the opened folder where possible.
    pub file: String,
    /// 1-based line, when the problem sits on one line.
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line: None,
            message: message.into(),
        }
    }
    pub fn line(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line: Some(line),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
