//! The `countylens` command.
//!
//! * `countylens` — the window, with the last folder or the bundled sample
//! * `countylens FOLDER` — the window, with FOLDER open
//! * `countylens export-png --open FOLDER -o FILE [--view timeline|numeric|bars|profile] [--measure CODE] [--scale 2]`
//! * `countylens extract ...` — pages → records on the command line

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use countylens::app::{CountyLens, StartOptions, View};
use countylens::records::Measure;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  countylens [FOLDER]
  countylens export-png --open FOLDER -o FILE [--view timeline|numeric|bars|profile] [--measure CODE] [--scale 1|2]
  countylens extract [ARGS...]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("extract") => extract(args[1..].to_vec()),
        Some("export-png") => match parse_export(&args[1..]) {
            Ok((opts, out)) => export_png(opts, out),
            Err(e) => {
                eprintln!("countylens export-png: {e}\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("-h") | Some("--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V") | Some("--version") => {
            println!("countylens {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(a) if a.starts_with('-') => {
            eprintln!("countylens: unknown option {a}\n{USAGE}");
            ExitCode::from(2)
        }
        Some(folder) => {
            let folder = PathBuf::from(folder);
            if !folder.is_dir() {
                eprintln!("countylens: {} is not a folder", folder.display());
                return ExitCode::from(2);
            }
            window(StartOptions {
                folder: Some(folder),
                ..Default::default()
            })
        }
        None => window(StartOptions::default()),
    }
}

fn extract(args: Vec<String>) -> ExitCode {
    countylens::extract::cli::run(args)
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

fn parse_export(args: &[String]) -> Result<(StartOptions, PathBuf), String> {
    let mut opts = StartOptions {
        fresh: true,
        ..Default::default()
    };
    let mut out = None;
    let mut scale = 1.0;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--open" => opts.folder = Some(PathBuf::from(val("--open")?)),
            "-o" | "--output" => out = Some(PathBuf::from(val("-o")?)),
            "--view" => {
                let v = val("--view")?;
                opts.view = Some(View::from_code(&v).ok_or_else(|| format!("unknown view {v:?}"))?);
            }
            "--measure" => {
                let m = val("--measure")?;
                opts.measure = Some(
                    Measure::from_code(&m).ok_or_else(|| format!("unknown measure code {m:?}"))?,
                );
            }
            "--scale" => {
                let s = val("--scale")?;
                scale = match s.as_str() {
                    "1" => 1.0,
                    "2" => 2.0,
                    _ => return Err(format!("--scale must be 1 or 2, not {s:?}")),
                };
            }
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    let folder = opts.folder.clone().ok_or("--open FOLDER is required")?;
    if !folder.is_dir() {
        return Err(format!("{} is not a folder", folder.display()));
    }
    let out = out.ok_or("-o FILE is required")?;
    opts.export_png = Some((out.clone(), scale));
    Ok((opts, out))
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
