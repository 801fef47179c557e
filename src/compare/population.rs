//! Residents per division (7th census, 2020: `assets/population.tsv`, see
//! `assets/population-LICENSE`), so that a county of 50,000 people and one
//! of 1,200,000 can be compared per 10,000 residents.
//!
//! Only counts of people or households are put per resident, only where the
//! census has the place (provinces, cities, counties — not townships), and a
//! place without a figure is said to have none, with the reason: it is never
//! dropped from a comparison without a word.

use crate::gazetteer::Gazetteer;
use crate::records::{BarRow, Dataset, Record};
use std::collections::HashMap;
use std::sync::OnceLock;

const TSV: &str = include_str!("../../assets/population.tsv");

fn table() -> &'static HashMap<u64, u64> {
    static T: OnceLock<HashMap<u64, u64>> = OnceLock::new();
    T.get_or_init(|| {
        TSV.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?.parse().ok()?;
                let residents = f.nth(2)?.parse().ok()?;
                Some((code, residents))
            })
            .collect()
    })
}

/// Units whose figures make sense per resident: people and households.
pub fn is_per_capita_unit(unit: &str) -> bool {
    matches!(super::unit_class(unit), "人" | "户" | "人次")
}

/// Why a place has no per-resident figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoPopulation {
    /// The records give no division code (a person's sheet, an unresolved place).
    NoCode,
    /// A township or village: the census figures stop at counties.
    BelowCounty,
    /// The census file has no figure for this code (a zone, a new district).
    NotInCensus(String),
}

impl std::fmt::Display for NoPopulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoPopulation::NoCode => f.write_str("无区划代码 no division code"),
            NoPopulation::BelowCounty => {
                f.write_str("县以下无普查人口 no census figure below county")
            }
            NoPopulation::NotInCensus(c) => write!(f, "普查无此代码 no census figure for {c}"),
        }
    }
}

/// The residents of the place a record is about, by its division code: the
/// code itself, or (for a place renamed after 2020, 孟津县 → 孟津区) the
/// 2020 code it succeeded.
pub fn residents(g: &Gazetteer, r: &Record) -> Result<u64, NoPopulation> {
    let code = r
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or(NoPopulation::NoCode)?;
    let digits: String = code.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 6 {
        return Err(NoPopulation::NotInCensus(code.to_string()));
    }
    if digits.len() > 6 && digits[6..].chars().any(|c| c != '0') {
        return Err(NoPopulation::BelowCounty);
    }
    let six: u64 = digits[..6]
        .parse()
        .map_err(|_| NoPopulation::NotInCensus(code.to_string()))?;
    if let Some(&n) = table().get(&six) {
        return Ok(n);
    }
    // A renumbered place: the census knows it by its 2020 code.
    if let Some(d) = g.by_code(six) {
        for (i, old) in g.divisions.iter().enumerate() {
            if old.successor == Some(d)
                && i != d
                && let Some(&n) = table().get(&old.code)
            {
                return Ok(n);
            }
        }
    }
    Err(NoPopulation::NotInCensus(code.to_string()))
}

/// A figure per 10,000 residents.
pub fn per_10k(value: f64, residents: u64) -> f64 {
    value / residents as f64 * 10_000.0
}

/// Bars per 10,000 residents, sorted largest first: places without a census
/// figure leave the bars and come back as "name (reason)", so a chart can
/// name them below itself rather than drop them silently. The app's bars
/// and the report's share this.
pub fn bars_per_10k(ds: &Dataset, rows: &mut Vec<BarRow>) -> Vec<String> {
    let g = Gazetteer::bundled();
    let mut no_population = Vec::new();
    rows.retain_mut(|r| match residents(g, ds.record(r.records[0])) {
        Ok(n) => {
            r.value = per_10k(r.value, n);
            true
        }
        Err(why) => {
            no_population.push(format!("{} ({why})", r.name));
            false
        }
    });
    rows.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.key.cmp(&b.key)));
    no_population
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(code: Option<&str>) -> Record {
        let mut r: Record = serde_json::from_value(serde_json::json!({
            "locality": "衡东县", "date": "2020-02-20", "measure": "screening",
            "value": 5654.23, "unit": "户", "source": "a.txt"
        }))
        .unwrap();
        r.code = code.map(str::to_string);
        r
    }

    #[test]
    fn census_figures_by_code_and_per_10k() {
        let g = Gazetteer::bundled();
        // The census file's figures (census2020_county.csv): 衡东县 565,423,
        // 赫山区 729,880, 衡阳市 6,645,243.
        assert_eq!(residents(g, &rec(Some("430424"))), Ok(565_423));
        assert_eq!(residents(g, &rec(Some("430903"))), Ok(729_880));
        assert_eq!(residents(g, &rec(Some("430400000000"))), Ok(6_645_243));
        assert!((per_10k(5654.23, 565_423) - 100.0).abs() < 1e-6);
        assert_eq!(residents(g, &rec(None)), Err(NoPopulation::NoCode));
        assert_eq!(
            residents(g, &rec(Some("430424100000"))),
            Err(NoPopulation::BelowCounty)
        );
        assert!(matches!(
            residents(g, &rec(Some("999999"))),
            Err(NoPopulation::NotInCensus(_))
        ));
    }

    #[test]
    fn a_county_renamed_after_the_census_keeps_its_figure() {
        let g = Gazetteer::bundled();
        // 孟津县 (410322 in 2020) became 孟津区 (410308).
        let r = residents(g, &rec(Some("410308")));
        assert!(r.is_ok(), "{r:?}");
    }

    #[test]
    fn only_people_and_households_go_per_resident() {
        assert!(is_per_capita_unit("户") && is_per_capita_unit("人次") && is_per_capita_unit("名"));
        assert!(!is_per_capita_unit("只") && !is_per_capita_unit("个"));
    }
}
