//! The `countylens` command.
//!
//! * `countylens` — the window, with the last folder or the bundled sample
//! * `countylens FOLDER` — the window, with FOLDER open
//! * `countylens [FOLDER] --view FILE` — the window, with a saved view
//! * `countylens export --format png|svg --size WxH [--scale 2] [--view FILE] [--open FOLDER] [--view-kind KIND] -o FILE`
//!   — a view as a report figure, without a window
//! * `countylens export-png --open FOLDER -o FILE [--view timeline|numeric|bars|profile] [--measure CODE] [--scale 2]`
//!   — the same as `export --format png` (kept for scripts written for it)
//! * `countylens extract ...` — pages → records on the command line
//! * `countylens export-table --open FOLDER --series CODE` — a bar chart's table as CSV

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod cli;

use clap::{Parser, Subcommand};
use countylens::app::{CountyLens, StartOptions};
use countylens::records::Measure;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare how Chinese localities responded to the epidemic, from local news.
#[derive(Debug, Parser)]
#[command(name = "countylens", version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Open this folder in the window (default: the last one, or the bundled sample).
    folder: Option<PathBuf>,
    /// Open the window with a saved view (its places, series, dates and, without FOLDER, its folder).
    #[arg(long = "view", value_name = "FILE")]
    view_file: Option<PathBuf>,
    /// Measuring: quit once FOLDER is read and charted, printing the seconds
    /// and peak memory to stderr.
    #[arg(long, hide = true, requires = "folder")]
    exit_after_load: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read the pages of a folder and write records (JSON Lines or CSV).
    Extract(cli::extract::ExtractArgs),
    /// Write a view as a report figure (PNG or SVG) of a fixed size, without a window.
    Export(cli::export::ExportArgs),
    /// Write a view of a folder as a PNG report figure (as `export --format png`).
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
    #[arg(long, value_parser = cli::export::parse_view)]
    view: Option<countylens::report::View>,
    /// A measure code of records.md (screening, checkpoint, …).
    #[arg(long, value_parser = cli::export::parse_measure)]
    measure: Option<Measure>,
    /// 1 or 2: pixels per point.
    #[arg(long, default_value = "1", value_parser = cli::export::parse_scale)]
    scale: u32,
    /// Size in logical points, WIDTHxHEIGHT (default 1600x900).
    #[arg(long, value_name = "WxH")]
    size: Option<String>,
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
        Some(Command::Export(args)) => cli::export::run(args, "export"),
        Some(Command::ExportPng(args)) => {
            if !args.open.is_dir() {
                eprintln!(
                    "countylens export-png: {} is not a folder",
                    args.open.display()
                );
                return ExitCode::from(2);
            }
            // Through the report now: a fixed size, no window.
            let args = cli::export::ExportArgs {
                format: Some(countylens::report::Format::Png),
                size: args.size,
                scale: Some(args.scale),
                view_file: None,
                open: Some(args.open),
                view_kind: args.view,
                measure: args.measure,
                series: None,
                aggregate: None,
                per_capita: false,
                embed_font: false,
                output: args.output,
            };
            cli::export::run(args, "export-png")
        }
        None => match cli.folder {
            Some(folder) if !folder.is_dir() => {
                eprintln!("countylens: {} is not a folder", folder.display());
                ExitCode::from(2)
            }
            folder => {
                if let Some(v) = &cli.view_file
                    && !v.is_file()
                {
                    eprintln!("countylens: no view file {}", v.display());
                    return ExitCode::from(2);
                }
                window(StartOptions {
                    folder,
                    view_file: cli.view_file,
                    exit_after_load: cli.exit_after_load,
                    ..Default::default()
                })
            }
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
