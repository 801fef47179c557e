//! `countylens export-table --open FOLDER --series CODE [--aggregate latest|largest|sum] [--no-bom] [-o FILE]`
//!
//! Writes the table that a bar chart of one series would show — a row per
//! place that reports it, in each unit the series comes in — as CSV, so the
//! comparison can be checked and scripted without a window. It goes through
//! the same [`Dataset::bars`] as the chart: reprints merged, parts left out,
//! the aggregate as chosen.

use countylens::compare::{Aggregate, Comparable, population};
use countylens::load::{self, Progress, Select};
use countylens::records::{Dataset, Filter, RecordDate, io};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct ExportTableArgs {
    /// The folder to read (records files and pages, as the app reads it).
    #[arg(long, value_name = "FOLDER")]
    pub open: PathBuf,
    /// A series code of the codebook (series.md), e.g. screening.households.
    #[arg(long, value_name = "CODE")]
    pub series: String,
    /// How a place's figures become one: latest, largest or sum (of periods).
    #[arg(long, default_value = "latest", value_parser = parse_aggregate)]
    pub aggregate: Aggregate,
    /// No byte-order mark before the table. By default there is one, so
    /// spreadsheet programs read the Chinese as UTF-8.
    #[arg(long)]
    pub no_bom: bool,
    /// Write the table to FILE (through a temporary file) instead of standard output.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_aggregate(s: &str) -> Result<Aggregate, String> {
    Aggregate::from_code(s)
        .ok_or_else(|| format!("unknown aggregate {s:?}: use latest, largest or sum"))
}

/// The columns of the table.
pub const COLUMNS: [&str; 12] = [
    "locality",
    "path",
    "code",
    "value",
    "unit",
    "date",
    "approx",
    "records",
    "sources",
    "note",
    "residents",
    "per_10k",
];

pub fn run(args: ExportTableArgs) -> ExitCode {
    match export(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("countylens export-table: {e}");
            ExitCode::from(1)
        }
    }
}

fn export(args: &ExportTableArgs) -> Result<(), String> {
    let outcome = load::load_folder(&args.open, Select::All, &Progress::default())
        .map_err(|e| e.to_string())?;
    for p in &outcome.problems {
        eprintln!("problem: {p}");
    }
    let ds = Dataset::new(outcome.records);
    let table = table(&ds, &args.series, args.aggregate);
    if table.is_empty() {
        eprintln!(
            "countylens export-table: no records of series {:?} in {}",
            args.series,
            args.open.display()
        );
    }
    let write = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
        if !args.no_bom {
            w.write_all("\u{feff}".as_bytes())?;
        }
        let mut out = csv::Writer::from_writer(w);
        out.write_record(COLUMNS)?;
        for row in &table {
            out.write_record(row)?;
        }
        out.flush()
    };
    let written = match &args.output {
        Some(path) => io::write_atomically(path, write),
        None => write(&mut std::io::stdout().lock()),
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write: {e}")),
        _ => Ok(()),
    }
}

/// The rows: for each unit the series comes in, a row per place with
/// figures of it (about the place itself), largest first.
pub fn table(ds: &Dataset, series: &str, agg: Aggregate) -> Vec<Vec<String>> {
    let filter = Filter::default();
    let g = countylens::gazetteer::Gazetteer::bundled();
    let keys: Vec<String> = ds.places_with_records();
    let mut kinds: Vec<Comparable> = ds
        .figures(&keys, &filter)
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| k.series.as_deref() == Some(series))
        .collect();
    kinds.sort();
    let mut rows = Vec::new();
    for kind in &kinds {
        for bar in ds.bars(&keys, kind, agg, &filter) {
            let first = ds.record(bar.records[0]);
            let mut notes = Vec::new();
            if bar.unknown_period {
                notes.push("sum includes figures whose period is not stated".to_string());
            }
            if bar.parts_left_out > 0 {
                notes.push(format!("{} part figure(s) left out", bar.parts_left_out));
            }
            // Per 10,000 residents (2020 census), for people and households.
            let (residents, per_10k) = if population::is_per_capita_unit(&kind.unit) {
                match population::residents(g, first) {
                    Ok(n) => (
                        n.to_string(),
                        format!("{:.2}", population::per_10k(bar.value, n)),
                    ),
                    Err(why) => {
                        notes.push(why.to_string());
                        (String::new(), String::new())
                    }
                }
            } else {
                (String::new(), String::new())
            };
            rows.push(vec![
                first.locality.to_string(),
                bar.key.clone(),
                first.code.clone().unwrap_or_default(),
                io::format_value(bar.value),
                kind.unit.clone(),
                RecordDate::from_day_number(bar.day).to_string(),
                bar.approx.to_string(),
                bar.records.len().to_string(),
                bar.sources.to_string(),
                notes.join("; "),
                residents,
                per_10k,
            ]);
        }
    }
    rows
}
