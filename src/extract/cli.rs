//! `countylens extract <FOLDER> [--format jsonl|csv] [-o FILE]`
//!
//! Records go to standard output (or the file), the per-file summary and
//! every problem to standard error, so that `> records.jsonl` captures only
//! records.

use crate::load::{self, Progress, Select};
use crate::records;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: countylens extract <FOLDER> [--format jsonl|csv] [-o FILE]";

#[derive(Debug, PartialEq)]
struct Args {
    folder: PathBuf,
    csv: bool,
    output: Option<PathBuf>,
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let mut folder = None;
    let mut csv = false;
    let mut output = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" | "-f" => match it.next().as_deref() {
                Some("jsonl") => csv = false,
                Some("csv") => csv = true,
                Some(other) => return Err(format!("unknown format {other:?}: use jsonl or csv")),
                None => return Err("--format needs jsonl or csv".into()),
            },
            "--format=jsonl" => csv = false,
            "--format=csv" => csv = true,
            "-o" | "--output" => {
                output = Some(PathBuf::from(it.next().ok_or("-o needs a file name")?))
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            _ if folder.is_some() => return Err(format!("one folder only; {a:?} is a second one")),
            _ => folder = Some(PathBuf::from(a)),
        }
    }
    Ok(Args {
        folder: folder.ok_or("no folder given")?,
        csv,
        output,
    })
}

/// Runs the command; `args` are the words after `extract`.
pub fn run(args: Vec<String>) -> ExitCode {
    let args = match parse(args) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!(
                "{USAGE}\n\nReads the news pages (.txt, .html, .htm) in FOLDER and its subfolders and writes\nrecords as JSON Lines (default) or CSV. A per-file summary and problems go to standard error."
            );
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("countylens extract: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let progress = Progress::default();
    let outcome = match load::load_folder(&args.folder, Select::PagesOnly, &progress) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("countylens extract: {e}");
            return ExitCode::from(1);
        }
    };
    let mut records = outcome.records;
    records.sort_by(|a, b| a.source.cmp(&b.source).then(a.span.cmp(&b.span)));
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| write(std::io::BufWriter::new(f), &records, args.csv)),
        None => write(std::io::stdout().lock(), &records, args.csv),
    };
    if let Err(e) = written {
        let to = args
            .output
            .as_ref()
            .map_or("standard output".to_string(), |p| p.display().to_string());
        eprintln!("countylens extract: cannot write {to}: {e}");
        return ExitCode::from(1);
    }
    let mut err = std::io::stderr().lock();
    for f in &outcome.files {
        let _ = writeln!(
            err,
            "{}\t{} records\t{}\t{} bytes{}",
            f.file,
            f.records,
            f.encoding.unwrap_or("-"),
            f.bytes,
            if f.problems > 0 {
                format!("\t{} problem(s)", f.problems)
            } else {
                String::new()
            }
        );
    }
    for p in &outcome.problems {
        let _ = writeln!(err, "problem: {p}");
    }
    let _ = writeln!(
        err,
        "{} records from {} page(s); {} problem(s); {} other file(s) skipped",
        records.len(),
        outcome.files.len(),
        outcome.problems.len(),
        outcome.skipped
    );
    ExitCode::SUCCESS
}

fn write<W: Write>(mut w: W, records: &[records::Record], csv: bool) -> std::io::Result<()> {
    if csv {
        records::write_csv(&mut w, records)?
    } else {
        records::write_jsonl(&mut w, records)?
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arguments() {
        let a = parse(vec![
            "pages".into(),
            "--format".into(),
            "csv".into(),
            "-o".into(),
            "out.csv".into(),
        ])
        .unwrap();
        assert_eq!(
            a,
            Args {
                folder: "pages".into(),
                csv: true,
                output: Some("out.csv".into())
            }
        );
        assert!(parse(vec![]).is_err());
        assert!(
            parse(vec!["a".into(), "--format".into(), "xml".into()])
                .unwrap_err()
                .contains("xml")
        );
    }
}
