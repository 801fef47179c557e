//! Export through the report (`crate::report`): the Export dialog with a
//! preview of the figure at the chosen size and format, writing PNG or SVG
//! without touching the window, and saved views (Save view… / Open view…).
//!
//! What a report shows is built from the app's own state ([`CountyLens::report_state`]):
//! the same places, filter, series, aggregate and per-capita choice the
//! central panel is drawn from.

use super::dialogs::DialogResult;
use super::{CountyLens, Notice, path_prompt};
use crate::records::RecordDate;
use crate::report::{self, Format, Size, SvgOptions, ViewFile, ViewState};
use std::path::{Path, PathBuf};

/// The Export dialog's choices, kept between runs with the other settings.
pub struct ExportDialog {
    pub open: bool,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub embed_font: bool,
    /// CSV exports start with a byte-order mark (for spreadsheet programs).
    pub csv_bom: bool,
    /// The preview and what it was made of (state, size): redone on change.
    preview: Option<(String, egui::TextureHandle)>,
    pub preview_error: Option<String>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            format: Format::Png,
            width: report::DEFAULT_SIZE.0,
            height: report::DEFAULT_SIZE.1,
            embed_font: false,
            csv_bom: true,
            preview: None,
            preview_error: None,
        }
    }
}

impl CountyLens {
    /// What the chart on screen shows, as the report sees it.
    pub fn report_state(&self) -> ViewState {
        ViewState {
            view: self.view,
            selection: self.selection.clone(),
            filter: self.filter.clone(),
            figure: self.figure.clone(),
            aggregate: self.aggregate,
            per_capita: self.per_capita,
            uniform_y: self.uniform_y,
        }
    }

    /// The report size the Export dialog is set to, at `scale`.
    pub fn report_size(&self, scale: u32) -> Size {
        Size::new(self.export.width, self.export.height, scale).unwrap_or_default()
    }

    /// The figure of the chart on screen as bytes (what Save writes).
    pub fn render_report(&self, format: Format, scale: u32) -> Result<Vec<u8>, String> {
        report::render(
            &self.data,
            &self.report_state(),
            self.report_size(scale),
            format,
            SvgOptions {
                embed_font: self.export.embed_font,
            },
        )
    }

    /// The Export window: format, size, scale, a preview, Save….
    pub(super) fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        if !self.export.open {
            return;
        }
        let mut open = true;
        let mut save = false;
        egui::Window::new("导出图表 Export chart")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(760.0)
            .show(ctx, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label("格式 Format:");
                    ui.selectable_value(&mut self.export.format, Format::Png, "PNG");
                    ui.selectable_value(&mut self.export.format, Format::Svg, "SVG");
                    ui.separator();
                    ui.label("大小 Size (points):");
                    let w = ui.label("宽 W");
                    ui.add(
                        egui::DragValue::new(&mut self.export.width)
                            .range(Size::MIN.0..=Size::MAX.0)
                            .speed(10),
                    )
                    .labelled_by(w.id);
                    let h = ui.label("× 高 H");
                    ui.add(
                        egui::DragValue::new(&mut self.export.height)
                            .range(Size::MIN.1..=Size::MAX.1)
                            .speed(10),
                    )
                    .labelled_by(h.id);
                    if ui.small_button("1600×900").clicked() {
                        (self.export.width, self.export.height) = report::DEFAULT_SIZE;
                    }
                    ui.separator();
                    ui.add_enabled_ui(self.export.format == Format::Png, |ui| {
                        ui.selectable_value(&mut self.export_scale, 1.0, "1×");
                        ui.selectable_value(&mut self.export_scale, 2.0, "2×");
                    });
                    ui.add_enabled(
                        self.export.format == Format::Svg,
                        egui::Checkbox::new(&mut self.export.embed_font, "嵌入字体 embed font"),
                    )
                    .on_hover_text(
                        "Put the Chinese font into the SVG (about 3 MB) for viewers without one",
                    );
                });
                let scale = if self.export_scale >= 2.0 { 2 } else { 1 };
                let (pw, ph) = self.report_size(scale).pixels();
                ui.label(
                    egui::RichText::new(match self.export.format {
                        Format::Png => format!("PNG {pw}×{ph} px"),
                        Format::Svg => format!(
                            "SVG {}×{} (vector; text stays text)",
                            self.export.width, self.export.height
                        ),
                    })
                    .weak(),
                );
                self.refresh_preview(ui.ctx());
                if let Some((_, tex)) = &self.export.preview {
                    let avail = ui.available_width().max(200.0);
                    let size = tex.size_vec2();
                    let w = avail.min(size.x);
                    ui.add(egui::Image::new((
                        tex.id(),
                        egui::vec2(w, size.y * w / size.x),
                    )));
                }
                if let Some(e) = &self.export.preview_error {
                    ui.colored_label(egui::Color32::DARK_RED, e);
                }
                ui.horizontal(|ui| {
                    if ui.button("保存… Save…").clicked() {
                        save = true;
                    }
                    ui.weak("窗口大小不影响导出 the window's size does not change the export");
                });
            });
        self.export.open = open;
        if save {
            self.save_dialog(true);
        }
    }

    /// Renders the preview again when what it shows or its size changed.
    fn refresh_preview(&mut self, ctx: &egui::Context) {
        let size = self.report_size(1);
        let key = format!(
            "{:p}{:?}{:?}",
            std::sync::Arc::as_ptr(&self.data),
            self.report_state(),
            size
        );
        if self.export.preview.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let figure = report::model::build(&self.data, &self.report_state());
        let svg = report::layout::svg_document(&figure, size, SvgOptions::default());
        match report::raster::pixmap(&svg, size) {
            Ok(pm) => {
                // Opaque (white background), so premultiplied is plain RGBA.
                let img = egui::ColorImage::from_rgba_unmultiplied(
                    [pm.width() as usize, pm.height() as usize],
                    pm.data(),
                );
                let tex = ctx.load_texture("report-preview", img, egui::TextureOptions::LINEAR);
                self.export.preview = Some((key, tex));
                self.export.preview_error = None;
            }
            Err(e) => self.export.preview_error = Some(e),
        }
    }

    /// Writes a saved view of what is on screen.
    pub fn save_view(&mut self, path: &Path) {
        let scale = if self.export_scale >= 2.0 { 2 } else { 1 };
        let file = ViewFile::from_state(
            &self.data,
            &self.report_state(),
            self.folder(),
            self.report_size(scale),
            path,
        );
        match file.write(path) {
            Ok(()) => {
                self.notice = Some(Notice {
                    text: format!("已保存视图 Saved the view to {}", path.display()),
                    error: false,
                })
            }
            Err(e) => self.set_error(e),
        }
    }

    /// Opens a saved view: its folder (when another than the one open),
    /// then its places, series, dates and size once the records are there.
    pub fn open_view(&mut self, path: &Path) {
        let file = match ViewFile::read(path) {
            Ok(f) => f,
            Err(e) => return self.set_error(e),
        };
        let folder = file.folder_from(path);
        let path = path.to_path_buf();
        match folder {
            Some(f) if Some(f.as_path()) != self.folder() => {
                if !f.is_dir() {
                    return self.set_error(format!(
                        "{}: its folder {} is not there",
                        path.display(),
                        f.display()
                    ));
                }
                self.pending_view = Some((file, path));
                self.open_folder(f);
            }
            _ => self.apply_view(&file, &path),
        }
    }

    /// Puts the view of `file` on screen over the records now loaded.
    pub(super) fn apply_view(&mut self, file: &ViewFile, at: &Path) {
        let (state, warnings) = file.apply(&self.data);
        self.view = state.view;
        self.selection = state.selection;
        self.filter = state.filter;
        self.figure = state.figure;
        self.aggregate = state.aggregate;
        self.per_capita = state.per_capita;
        self.uniform_y = state.uniform_y;
        self.set_date_fields();
        if let Some(s) = file.size() {
            self.export.width = s.width;
            self.export.height = s.height;
            self.export_scale = s.scale as f32;
        }
        self.tree.on_new_data(&self.data.clone(), &self.selection);
        self.notice = Some(Notice {
            text: if warnings.is_empty() {
                format!("已打开视图 Opened the view {}", at.display())
            } else {
                format!("{}: {}", at.display(), warnings.join("; "))
            },
            error: !warnings.is_empty(),
        });
    }

    /// The date boxes say what the filter holds.
    fn set_date_fields(&mut self) {
        let day = |d: Option<i64>| d.map(|d| RecordDate::from_day_number(d).to_string());
        self.dates.from = day(self.filter.from).unwrap_or_default();
        self.dates.to = day(self.filter.to).unwrap_or_default();
    }

    /// After new records: a view waiting for its folder, or the last run's
    /// date range, is put on screen.
    pub(super) fn after_new_data(&mut self) {
        if self.is_loading() {
            return;
        }
        if let Some((file, at)) = self.pending_view.take() {
            self.apply_view(&file, &at);
            return;
        }
        if self.pending_selection.is_none()
            && let Some((from, to)) = self.pending_dates.take()
        {
            let span = self.data.day_span();
            // Only a range that still meets the records: else all dates.
            if span
                .is_some_and(|(lo, hi)| from.is_none_or(|f| f <= hi) && to.is_none_or(|t| t >= lo))
            {
                self.filter.from = from;
                self.filter.to = to;
                self.set_date_fields();
            }
        }
    }

    pub(super) fn view_file_dialog(&mut self, save: bool) {
        if self.dialog_open {
            return;
        }
        let mut dialog = rfd::AsyncFileDialog::new().add_filter("CountyLens view", &["json"]);
        if let Some(f) = self.folder() {
            dialog = dialog.set_directory(f);
        }
        if save {
            let dialog = dialog
                .set_title("保存视图 Save view")
                .set_file_name(format!("countylens-{}.view.json", self.view.code()));
            let fut = dialog.save_file();
            self.spawn_dialog(path_prompt::Purpose::SaveView, async move {
                fut.await
                    .map(|h| DialogResult::SaveView(h.path().to_path_buf()))
            });
        } else {
            let fut = dialog.set_title("打开视图 Open view").pick_file();
            self.spawn_dialog(path_prompt::Purpose::OpenView, async move {
                fut.await
                    .map(|h| DialogResult::OpenView(h.path().to_path_buf()))
            });
        }
    }

    /// Starts writing the chart as PNG or SVG (by the file's extension) at
    /// `scale`, through the report: the window is left as it is.
    pub fn begin_png_export(&mut self, path: PathBuf, scale: f32) {
        if self.png.is_some() {
            return;
        }
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_code)
            .unwrap_or(Format::Png);
        let scale = if scale >= 1.5 { 2 } else { 1 };
        let data = self.data.clone();
        let state = self.report_state();
        let size = self.report_size(scale);
        let svg = SvgOptions {
            embed_font: self.export.embed_font,
        };
        self.png = Some(super::export::PngExport::start(
            path,
            &self.ctx,
            move || report::render(&data, &state, size, format, svg),
        ));
    }
}
