//! Why a record says what it says: the rules that decided its place, date,
//! measure and series, and the cue words they read. Asked for with
//! [`super::Hints::explain`]; each record then carries it in its optional
//! `explain` field (kept through a records file like any field the app does
//! not know), and [`Explanation::of`] reads it back.

use crate::records::Record;
use serde::{Deserialize, Serialize};

/// The name of the record field that holds the explanation.
pub const FIELD: &str = "explain";

/// Which rule decided one part of a record, and the word it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The deciding rule first, then any that corrected it.
    pub rules: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

impl Step {
    pub fn new(rules: &[&str], cue: Option<&str>) -> Step {
        Step {
            rules: rules.iter().map(|r| r.to_string()).collect(),
            cue: cue.filter(|c| !c.is_empty()).map(str::to_string),
        }
    }
}

/// Why a record has its place, date, measure and series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub place: Step,
    pub date: Step,
    pub measure: Step,
    pub series: Step,
}

impl Explanation {
    /// The explanation a record carries, if it was extracted with one.
    pub fn of(record: &Record) -> Option<Explanation> {
        serde_json::from_value(record.extra.get(FIELD)?.clone()).ok()
    }

    /// Puts the explanation into the record's optional `explain` field.
    pub fn attach(&self, record: &mut Record) {
        if let Ok(v) = serde_json::to_value(self) {
            record.extra.insert(FIELD.to_string(), v);
        }
    }
}
