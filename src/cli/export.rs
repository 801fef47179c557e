//! `countylens export --format png|svg --size WxH [--scale 1|2] [--view FILE] [--open FOLDER] [--view-kind KIND] -o FILE`
//!
//! Renders a view as a report figure (`countylens::report`) — fixed size,
//! title, subtitle, legend, source line — without a window. The records are
//! read as the app reads them (cache, the folder's review log), the places
//! and series come from a saved view file or the app's defaults (the six
//! busiest places, the commonest series), and flags change either.
//! `export-png` (the old command) is this with `--format png`.

use countylens::compare::Aggregate;
use countylens::load::{self, Progress, Select};
use countylens::records::{self, Dataset, Measure};
use countylens::report::{self, Format, Size, SvgOptions, View, ViewFile, ViewState};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The bundled sample: what the app shows when no folder is open.
const SAMPLE: &str = include_str!("../../assets/sample.jsonl");

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// png or svg (default: from the output's extension, else png).
    #[arg(long, value_parser = parse_format)]
    pub format: Option<Format>,
    /// Size in logical points, WIDTHxHEIGHT (default 1600x900, or the view file's).
    #[arg(long, value_name = "WxH")]
    pub size: Option<String>,
    /// Pixels per point of the PNG: 1 or 2.
    #[arg(long, value_parser = parse_scale)]
    pub scale: Option<u32>,
    /// A saved view file (Save view… in the app): places, series, dates, size, folder.
    #[arg(long = "view", value_name = "FILE")]
    pub view_file: Option<PathBuf>,
    /// The folder to chart (default: the view file's folder, else the bundled sample).
    #[arg(long, value_name = "FOLDER")]
    pub open: Option<PathBuf>,
    /// timeline, numeric, bars or profile (default: the view file's, else timeline).
    #[arg(long = "view-kind", value_parser = parse_view)]
    pub view_kind: Option<View>,
    /// A measure code of records.md: the series shown is the commonest of it.
    #[arg(long, value_parser = parse_measure)]
    pub measure: Option<Measure>,
    /// A series code of the codebook (screening.households…).
    #[arg(long, value_name = "CODE")]
    pub series: Option<String>,
    /// How a place's figures become one bar: latest, largest or sum.
    #[arg(long, value_parser = parse_aggregate)]
    pub aggregate: Option<Aggregate>,
    /// Bars of people and households per 10,000 residents (2020 census).
    #[arg(long)]
    pub per_capita: bool,
    /// SVG only: put the bundled font into the file (about 3 MB) for viewers without a CJK font.
    #[arg(long)]
    pub embed_font: bool,
    /// The file to write.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

pub fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_code(s).ok_or_else(|| format!("unknown format {s:?}: use png or svg"))
}

pub fn parse_view(s: &str) -> Result<View, String> {
    View::from_code(s)
        .ok_or_else(|| format!("unknown view {s:?}: use timeline, numeric, bars or profile"))
}

pub fn parse_measure(s: &str) -> Result<Measure, String> {
    Measure::from_code(s).ok_or_else(|| format!("unknown measure code {s:?}"))
}

pub fn parse_scale(s: &str) -> Result<u32, String> {
    match s {
        "1" => Ok(1),
        "2" => Ok(2),
        _ => Err(format!("--scale must be 1 or 2, not {s:?}")),
    }
}

fn parse_aggregate(s: &str) -> Result<Aggregate, String> {
    Aggregate::from_code(s)
        .ok_or_else(|| format!("unknown aggregate {s:?}: use latest, largest or sum"))
}

pub fn run(args: ExportArgs, name: &str) -> ExitCode {
    match export(&args) {
        Ok(()) => {
            println!("wrote {}", args.output.display());
            ExitCode::SUCCESS
        }
        Err((code, e)) => {
            eprintln!("countylens {name}: {e}");
            ExitCode::from(code)
        }
    }
}

/// The folder's records as the app shows them: read (through the cache),
/// then the folder's review log replayed.
pub fn load_records(folder: &Path) -> Result<Dataset, String> {
    let cache = load::Cache::user();
    let outcome =
        load::load_folder_with_cache(folder, Select::All, &Progress::default(), cache.as_ref())
            .map_err(|e| format!("cannot open {}: {e}", folder.display()))?;
    let mut recs = outcome.records;
    let mut reviews = load::Reviews::of_folder(folder);
    let _orphans = reviews.apply_to_all(&mut recs);
    Ok(Dataset::new(recs))
}

/// The bundled sample as a dataset.
pub fn sample() -> Dataset {
    Dataset::new(records::read_jsonl("sample.jsonl", SAMPLE).0)
}

fn export(args: &ExportArgs) -> Result<(), (u8, String)> {
    let bad = |e: String| (2u8, e);
    let view_file = match &args.view_file {
        Some(p) => Some((ViewFile::read(p).map_err(bad)?, p.clone())),
        None => None,
    };
    let folder = args
        .open
        .clone()
        .or_else(|| view_file.as_ref().and_then(|(v, p)| v.folder_from(p)));
    if let Some(f) = &folder
        && !f.is_dir()
    {
        return Err((2, format!("{} is not a folder", f.display())));
    }
    let format = match args.format {
        Some(f) => f,
        None => args
            .output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_code)
            .unwrap_or(Format::Png),
    };
    let saved_size = view_file.as_ref().and_then(|(v, _)| v.size());
    let scale = args.scale.or(saved_size.map(|s| s.scale)).unwrap_or(1);
    let size = match &args.size {
        Some(s) => Size::parse(s, scale).map_err(bad)?,
        None => {
            let s = saved_size.unwrap_or_default();
            Size::new(s.width, s.height, scale).map_err(bad)?
        }
    };
    if let Some(dir) = args.output.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err((2, format!("no folder {} to write into", dir.display())));
    }
    let ds = match &folder {
        Some(f) => load_records(f).map_err(|e| (1, e))?,
        None => sample(),
    };
    let mut state = match &view_file {
        Some((v, path)) => {
            let (state, warnings) = v.apply(&ds);
            for w in warnings {
                eprintln!("{}: {w}", path.display());
            }
            state
        }
        None => ViewState::defaults(&ds, View::Timeline),
    };
    apply_flags(args, &ds, &mut state);
    let bytes = report::render(
        &ds,
        &state,
        size,
        format,
        SvgOptions {
            embed_font: args.embed_font,
        },
    )
    .map_err(|e| (1, e))?;
    report::write_file(&args.output, &bytes)
        .map_err(|e| (1, format!("cannot write {}: {e}", args.output.display())))
}

/// The flags over what the view file or the defaults said.
fn apply_flags(args: &ExportArgs, ds: &Dataset, state: &mut ViewState) {
    if let Some(v) = args.view_kind {
        state.view = v;
    }
    if let Some(m) = args.measure {
        state.filter.measures.insert(m);
        state.figure = Some(countylens::compare::Comparable {
            measure: m,
            series: None,
            unit: String::new(),
            indicator: None,
        });
    }
    if let Some(code) = &args.series {
        // The commonest unit of that series among the chosen places.
        let figs = ds.figures(&state.selection, &state.filter);
        if let Some((k, _)) = figs
            .iter()
            .find(|(k, _)| k.series.as_deref() == Some(code.as_str()))
        {
            state.filter.measures.insert(k.measure);
            state.figure = Some(k.clone());
        } else {
            eprintln!("no figures of series {code:?} for these places: showing the commonest");
        }
    }
    if let Some(a) = args.aggregate {
        state.aggregate = a;
    }
    if args.per_capita {
        state.per_capita = true;
    }
    state.fix_figure(ds);
}
