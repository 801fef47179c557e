//! The `countylens` command.
//!
//! * `countylens` — the window, with the last folder or the bundled sample
//! * `countylens FOLDER` — the window, with FOLDER open
//! * `countylens export-png --open FOLDER -o FILE [--view timeline|numeric|bars|profile] [--measure CODE] [--scale 2]`
//! * `countylens extract ...` — pages → records on the command line
//! * `countylens export-table --open FOLDER --series CODE` — a bar chart's table as CSV

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod cli;

use clap::{Parser, Subcommand};
use countylens::app::{CountyLens, StartOptions, View};
use countylens::records::Measure;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare how Chinese localities responded to the epidemic, from local news.
#[derive(Debug, Parser)]
#[command(name = "countylens", version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Open this folder in the window (default: the last one, or the bundled sample).
    folder: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read the pages of a folder and write records (JSON Lines or CSV).
    Extract(cli::extract::ExtractArgs),
    /// Render a view of a folder in a window, write it as PNG and exit.
    ExportPng(ExportArgs),
    /// Write the table a bar chart of one series would show, as CSV.
    ExportTable(cli::export_table::ExportTableArgs),
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// The folder to chart.
    #[arg(long, value_name = "FOLDER")]
    open: PathBuf,
    /// The PNG file to write.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// timeline, numeric, bars or profile.
    #[arg(long, value_parser = parse_view)]
    view: Option<View>,
    /// A measure code of records.md (screening, checkpoint, …).
    #[arg(long, value_parser = parse_measure)]
    measure: Option<Measure>,
    /// 1 or 2: pixels per point.
    #[arg(long, default_value = "1", value_parser = parse_scale)]
    scale: f32,
}

fn parse_view(s: &str) -> Result<View, String> {
    View::from_code(s)
        .ok_or_else(|| format!("unknown view {s:?}: use timeline, numeric, bars or profile"))
}

fn parse_measure(s: &str) -> Result<Measure, String> {
    Measure::from_code(s).ok_or_else(|| format!("unknown measure code {s:?}"))
}

fn parse_scale(s: &str) -> Result<f32, String> {
    match s {
        "1" => Ok(1.0),
        "2" => Ok(2.0),
        _ => Err(format!("--scale must be 1 or 2, not {s:?}")),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // --help and --version are answers, not errors; clap knows which.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Some(Command::Extract(args)) => cli::extract::run(args),
        Some(Command::ExportTable(args)) => cli::export_table::run(args),
        Some(Command::ExportPng(args)) => {
            if !args.open.is_dir() {
                eprintln!(
                    "countylens export-png: {} is not a folder",
                    args.open.display()
                );
                return ExitCode::from(2);
            }
            let opts = StartOptions {
                fresh: true,
                folder: Some(args.open),
                view: args.view,
                measure: args.measure,
                export_png: Some((args.output.clone(), args.scale)),
                ..Default::default()
            };
            export_png(opts, args.output)
        }
        None => match cli.folder {
            Some(folder) if !folder.is_dir() => {
                eprintln!("countylens: {} is not a folder", folder.display());
                ExitCode::from(2)
            }
            folder => window(StartOptions {
                folder,
                ..Default::default()
            }),
        },
    }
}

fn native_options(size: [f32; 2]) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("CountyLens 县域透镜")
        .with_app_id("countylens")
        .with_inner_size(size)
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        system_font_fallback: false,
        ..Default::default()
    }
}

/// The window icon, built into the binary so an installed copy has it too.
fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png")).ok()
}

fn window(opts: StartOptions) -> ExitCode {
    let result = eframe::run_native(
        "countylens",
        native_options([1280.0, 800.0]),
        Box::new(move |cc| Ok(Box::new(CountyLens::new(cc, opts)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("countylens: cannot open a window: {e}");
            ExitCode::from(1)
        }
    }
}

fn export_png(opts: StartOptions, out: PathBuf) -> ExitCode {
    let result = opts.export_result.clone();
    let mut native = native_options([1280.0, 800.0]);
    native.persist_window = false;
    native.viewport = native.viewport.with_title("CountyLens export");
    let run = eframe::run_native(
        "countylens-export",
        native,
        Box::new(move |cc| Ok(Box::new(CountyLens::new(cc, opts)))),
    );
    if let Err(e) = run {
        eprintln!(
            "countylens export-png: cannot open a window to render in (is there a display?): {e}"
        );
        return ExitCode::from(1);
    }
    let outcome = result.lock().ok().and_then(|g| g.clone());
    match outcome {
        Some(Ok(p)) => {
            println!("wrote {}", p.display());
            ExitCode::SUCCESS
        }
        Some(Err(e)) => {
            eprintln!("countylens export-png: {e}");
            ExitCode::from(1)
        }
        None => {
            eprintln!(
                "countylens export-png: the window closed before {} was written",
                out.display()
            );
            ExitCode::from(1)
        }
    }
}
