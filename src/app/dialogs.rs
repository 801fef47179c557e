//! File dialogs (each awaited on its own thread), the "type a path" box
//! that stands in when no dialog can open, and the exports they lead to.

use super::{CountyLens, Notice, export, path_prompt};
use crate::records;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The user's home folder: where exports are offered (the app writes into
/// the opened folder only when the user picks it).
fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
}

/// Results of the native dialogs, which run on their own threads.
pub(super) enum DialogResult {
    /// Closed without choosing.
    Cancelled,
    Folder(PathBuf),
    SavePng(PathBuf, f32),
    SaveCsv(PathBuf),
    SaveView(PathBuf),
    OpenView(PathBuf),
}

impl CountyLens {
    pub(super) fn open_dialog(&mut self) {
        if self.dialog_open {
            return;
        }
        let mut dialog = rfd::AsyncFileDialog::new()
            .set_title("打开文件夹 Open a folder of records or news pages");
        if let Some(f) = self.folder() {
            dialog = dialog.set_directory(f);
        }
        let future = dialog.pick_folder();
        self.spawn_dialog(path_prompt::Purpose::OpenFolder, async move {
            future
                .await
                .map(|h| DialogResult::Folder(h.path().to_path_buf()))
        });
    }

    pub(super) fn save_dialog(&mut self, png: bool) {
        if self.dialog_open {
            return;
        }
        if self.shown.records.is_empty() {
            self.set_error("图表为空，无可导出 The chart is empty: nothing to export".into());
            return;
        }
        let mut dialog = rfd::AsyncFileDialog::new().set_file_name(self.export_name(png));
        dialog = if png {
            let ext = self.export.format.extension();
            dialog
                .set_title("导出图表 Export chart")
                .add_filter(ext.to_uppercase(), &[ext])
        } else {
            dialog
                .set_title("导出记录 Export the chart's records as CSV")
                .add_filter("CSV", &["csv"])
        };
        // Start in the user's documents rather than the opened folder: the
        // app only writes there when the user picks it.
        if let Some(home) = home_dir() {
            dialog = dialog.set_directory(home);
        }
        let scale = self.export_scale;
        let future = dialog.save_file();
        let purpose = if png {
            path_prompt::Purpose::SavePng(scale)
        } else {
            path_prompt::Purpose::SaveCsv
        };
        self.spawn_dialog(purpose, async move {
            future.await.map(|h| {
                let p = h.path().to_path_buf();
                if png {
                    DialogResult::SavePng(p, scale)
                } else {
                    DialogResult::SaveCsv(p)
                }
            })
        });
    }

    /// Awaits a dialog on its own thread: the dialog is built on the UI
    /// thread (some systems need that), waiting for it must not block painting.
    pub(super) fn spawn_dialog(
        &mut self,
        purpose: path_prompt::Purpose,
        fut: impl std::future::Future<Output = Option<DialogResult>> + Send + 'static,
    ) {
        let tx = self.dialog_tx.clone();
        let ctx = self.ctx.clone();
        self.dialog_open = true;
        self.dialog_started = Some((purpose, Instant::now()));
        let ok = std::thread::Builder::new()
            .name("dialog".into())
            .spawn(move || {
                // A cancelled dialog reports too, so another one can open.
                let r = pollster::block_on(fut).unwrap_or(DialogResult::Cancelled);
                let _ = tx.send(r);
                ctx.request_repaint();
            });
        if ok.is_err() {
            self.dialog_open = false;
            self.set_error("cannot open the dialog".into());
        }
    }

    pub(super) fn poll_dialogs(&mut self) {
        // A finished dialog thread without a result (cancelled) also ends here.
        while let Ok(r) = self.dialog_rx.try_recv() {
            self.dialog_open = false;
            let started = self.dialog_started.take();
            match r {
                // Nobody cancels a dialog within a blink: it never showed.
                DialogResult::Cancelled => match started {
                    Some((purpose, t)) if t.elapsed() < Duration::from_millis(400) => {
                        self.ask_for_path(purpose)
                    }
                    _ => {}
                },
                DialogResult::Folder(p) => self.open_folder(p),
                DialogResult::SavePng(p, s) => self.begin_png_export(p, s),
                DialogResult::SaveCsv(p) => self.export_csv(&p),
                DialogResult::SaveView(p) => self.save_view(&p),
                DialogResult::OpenView(p) => self.open_view(&p),
            }
        }
    }

    /// The file name an export of the current view is offered under.
    pub(super) fn export_name(&self, png: bool) -> String {
        format!(
            "countylens-{}.{}",
            self.view.code(),
            if png {
                self.export.format.extension()
            } else {
                "csv"
            }
        )
    }

    /// Opens the "type a path" box, the stand-in for a dialog that cannot open.
    pub fn ask_for_path(&mut self, purpose: path_prompt::Purpose) {
        let start = match purpose {
            path_prompt::Purpose::OpenFolder => self.folder().map(|f| f.display().to_string()),
            _ => home_dir().map(|h| {
                let png = purpose != path_prompt::Purpose::SaveCsv;
                h.join(self.export_name(png)).display().to_string()
            }),
        };
        self.path_prompt = Some(path_prompt::PathPrompt::new(
            purpose,
            start.unwrap_or_default(),
        ));
    }

    pub(super) fn path_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = self.path_prompt.as_mut() else {
            return;
        };
        match path_prompt::ui(ctx, prompt) {
            path_prompt::Outcome::Keep => {}
            path_prompt::Outcome::Cancel => self.path_prompt = None,
            path_prompt::Outcome::Chosen(purpose, path) => {
                self.path_prompt = None;
                match purpose {
                    path_prompt::Purpose::OpenFolder => self.open_folder(path),
                    path_prompt::Purpose::SavePng(s) => self.begin_png_export(path, s),
                    path_prompt::Purpose::SaveCsv => self.export_csv(&path),
                    path_prompt::Purpose::SaveView => self.save_view(&path),
                    path_prompt::Purpose::OpenView => self.open_view(&path),
                }
            }
        }
    }

    /// Writes the records behind the chart as CSV: what the save dialog calls.
    pub fn export_csv(&mut self, path: &Path) {
        // One row per report; a reprinted report names all its sources.
        let records: Vec<records::Record> = self
            .shown
            .records
            .iter()
            .map(|&i| {
                let mut r = self.data.record(i).clone();
                let sources: Vec<&str> = self
                    .data
                    .sources(i)
                    .into_iter()
                    .map(|j| &*self.data.record(j).source)
                    .collect();
                r.extra.insert(
                    "sources".into(),
                    serde_json::Value::String(sources.join("; ")),
                );
                r
            })
            .collect();
        // A BOM first (unless unticked): spreadsheet programs read UTF-8
        // without one as the system's legacy code page, and Chinese turns to garbage.
        let bom = self.export.csv_bom;
        let result = records::io::write_atomically(path, |w| {
            if bom {
                w.write_all("\u{feff}".as_bytes())?;
            }
            records::io::write_csv_with(w, &records, &["sources"])
        });
        match result {
            Ok(()) => {
                self.notice = Some(Notice {
                    text: format!(
                        "已导出 {} 条记录 Wrote {} records to {}",
                        records.len(),
                        records.len(),
                        path.display()
                    ),
                    error: false,
                })
            }
            Err(e) => self.set_error(format!("cannot write {}: {e}", path.display())),
        }
    }

    pub(super) fn finish_cli(&mut self, result: Result<PathBuf, String>) {
        if let Ok(mut r) = self.cli_result.lock() {
            *r = Some(result);
        }
        self.cli_export = None;
        self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    pub(super) fn step_png(&mut self, ctx: &egui::Context) {
        let Some(png) = &mut self.png else { return };
        if let export::Step::Done(result) = png.step(ctx, self.shown.rect) {
            self.png = None;
            match &result {
                Ok(p) => {
                    self.notice = Some(Notice {
                        text: format!("已导出图片 Wrote {}", p.display()),
                        error: false,
                    })
                }
                Err(e) => self.set_error(e.clone()),
            }
            if self.cli_export.is_some() {
                self.finish_cli(result);
            }
        }
    }
}
