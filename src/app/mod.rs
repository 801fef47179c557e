//! The window: an eframe [`App`](eframe::App) over a [`Dataset`].
//!
//! One panel, one file; each panel's state sits beside its `ui` function,
//! and what a click asks for comes back as a [`Command`] that
//! [`CountyLens::apply`] carries out after drawing. Anything slow (reading a
//! folder, a file dialog, writing a PNG) runs on another thread and reports
//! over a channel that the frame polls, so the window keeps painting.
//!
//! The seams tests drive are public: [`CountyLens::open_folder`] is what the
//! folder dialog and a dropped folder call, [`CountyLens::begin_png_export`]
//! and [`CountyLens::export_csv`] what the save dialogs call.

mod bars;
pub mod chart;
mod details;
mod dialogs;
mod export;
mod export_report;
mod history;
mod input;
mod jobs;
mod locality_tree;
mod measure_picker;
mod numeric;
pub mod path_prompt;
mod persist;
mod problems;
pub mod review;
mod timeline;
mod toolbar;
mod view_state;
pub mod views;

pub use export::PngExport;
pub use export_report::ExportDialog;
pub use persist::Persisted;
pub use view_state::View;

use crate::compare::{Aggregate, Comparable};
use crate::load;
use crate::records::{self, Dataset, Filter, Measure, Problem, RecordId};
use dialogs::DialogResult;
use jobs::Loading;
use persist::STORAGE_KEY;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

/// The records of the five seed pages, so that the first start shows a chart.
pub const SAMPLE: &str = include_str!("../../assets/sample.jsonl");

/// What a UI element asks for; applied after the frame is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenDialog,
    OpenFolder(PathBuf),
    CancelLoad,
    UseSample,
    SetView(View),
    /// The kind of figure the numeric and bar views compare.
    SetFigure(Comparable),
    /// How a place's figures make one bar.
    SetAggregate(Aggregate),
    /// One y range for all small plots of the numeric view.
    SetUniformY(bool),
    /// Bars per 10,000 residents.
    SetPerCapita(bool),
    /// Replace the compared localities (undoable).
    Select(Vec<String>),
    /// The measures the charts show.
    SetMeasures(BTreeSet<Measure>),
    /// The first and last day shown (day numbers, inclusive); `None`: no limit.
    SetDays(Option<i64>, Option<i64>),
    /// A place's lane also shows the records of the places within it.
    SetIncludeBelow(bool),
    /// Records a reviewer rejected are shown too.
    SetIncludeRejected(bool),
    /// CSV export with a byte-order mark.
    SetCsvBom(bool),
    Undo,
    Redo,
    /// A review of a record or a page, written to the review log (undoable).
    Review(review::Action),
    /// The answer to "where are reviews kept?"; `None`: not now.
    KeepReviews(Option<review::KeepIn>),
    /// Walk the doubtful records in the details panel, most doubtful first.
    ReviewQueue,
    /// Empty the cache of extracted pages (the next open extracts again).
    ClearCache,
    ShowDetails(Vec<RecordId>),
    CloseDetails,
    /// The Export window (format, size, preview, Save…).
    ExportPngDialog,
    ExportCsvDialog,
    SaveViewDialog,
    OpenViewDialog,
    OpenSource(PathBuf),
    ToggleProblems,
}

/// One step Ctrl+Z takes back (and Ctrl+Shift+Z does again).
#[derive(Clone, Debug, PartialEq)]
enum UndoStep {
    /// The places compared before (or, on the redo stack, after) a change.
    Places(Vec<String>),
    /// A review action: undone and redone in the review log itself.
    Review,
}

/// Where the records on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    Sample,
    Folder(PathBuf),
}

/// How the app starts: the command line's wishes.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// Open this folder instead of the last one or the sample.
    pub folder: Option<PathBuf>,
    /// Ignore what the last run saved (tests, `export-png`).
    pub fresh: bool,
    pub view: Option<View>,
    pub measure: Option<Measure>,
    /// `export-png`: write the chart here once loaded, then close.
    pub export_png: Option<(PathBuf, f32)>,
    /// Filled when the `export-png` run is over: the file or why it failed.
    pub export_result: CliResult,
    /// `countylens [FOLDER] --view FILE`: a saved view to show (its folder
    /// too, unless `folder` names one).
    pub view_file: Option<PathBuf>,
    /// `--exit-after-load`: once the folder is read and its chart drawn,
    /// print the times and peak memory to stderr and close (what
    /// scripts/measure-app-memory.sh measures the real app with).
    pub exit_after_load: bool,
}

/// Where an `export-png` run reports its outcome.
pub type CliResult = Arc<std::sync::Mutex<Option<Result<PathBuf, String>>>>;

/// A line in the status bar: what just happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct CountyLens {
    pub data: Arc<Dataset>,
    pub origin: Origin,
    pub problems: Vec<Problem>,
    pub files_read: usize,
    pub files_skipped: usize,
    pub view: View,
    /// The compared localities, in lane order (tree keys).
    pub selection: Vec<String>,
    pub filter: Filter,
    /// The measure and unit of the numeric and bar views.
    pub figure: Option<Comparable>,
    pub aggregate: Aggregate,
    pub uniform_y: bool,
    /// Bars of people and households per 10,000 residents (2020 census).
    pub per_capita: bool,
    pub export_scale: f32,
    pub show_problems: bool,
    pub notice: Option<Notice>,
    pub tree: locality_tree::TreeState,
    pub dates: measure_picker::DateState,
    pub details: details::DetailsState,
    /// What the chart on screen showed in the last frame: its records
    /// (what CSV export writes), its rectangle (what a PNG crops to), where
    /// its marks and bars were drawn (what a click there opens).
    pub shown: views::Shown,
    /// Bumped whenever the records change (a new dataset, a review): what
    /// caches of things drawn from them are keyed by.
    generation: u64,
    /// What the current view shows, kept while nothing it depends on changes.
    model: Option<views::Cached>,
    /// (generation, places with records, reviewed records): the status
    /// bar's counts, counted once per dataset rather than every frame.
    status_counts: (u64, usize, usize),
    /// Where the timeline's marks sit on screen, kept while it does not move.
    timeline_screen: timeline::TimelineScreen,
    pub png: Option<PngExport>,
    /// Set for a frame when what the chart shows changed: plots refit.
    pub reset_plots: bool,
    last_sig: u64,
    figures_cache: Option<(u64, Vec<(Comparable, usize)>)>,
    undo: Vec<UndoStep>,
    redo: Vec<UndoStep>,
    /// The review log and the records as loaded, which it is replayed on.
    pub review: review::ReviewState,
    loading: Option<Loading>,
    dialog_tx: Sender<DialogResult>,
    dialog_rx: Receiver<DialogResult>,
    dialog_open: bool,
    /// What the open dialog is for and when it opened: a dialog that comes
    /// back empty at once never showed (see `path_prompt`).
    dialog_started: Option<(path_prompt::Purpose, Instant)>,
    /// The "type a path" box, when no native dialog could open.
    pub path_prompt: Option<path_prompt::PathPrompt>,
    /// A saved view waiting for its folder's records.
    pending_view: Option<(crate::report::ViewFile, PathBuf)>,
    /// The last run's date range, put back once its records are there.
    pending_dates: Option<(Option<i64>, Option<i64>)>,
    /// The Export window's choices and preview.
    pub export: ExportDialog,
    pending_selection: Option<Vec<String>>,
    /// The places on show were picked by the app (the busiest), not by the
    /// person: while a folder loads, they are picked again as records come.
    auto_selection: bool,
    ctx: egui::Context,
    /// `export-png`: write and close once the folder is loaded.
    cli_export: Option<(PathBuf, f32)>,
    /// Set when the `export-png` run is over: Ok(path) or the reason it failed.
    pub cli_result: CliResult,
    /// Whether settings are saved for the next start (not for tests or export-png).
    persist: bool,
    frames: u64,
    exit_after_load: bool,
    /// What `--exit-after-load` prints, and the frame it was ready at.
    exit_report: Option<(String, u64)>,
}

impl CountyLens {
    /// The app as eframe starts it: fonts, last run's settings, first data.
    pub fn new(cc: &eframe::CreationContext<'_>, opts: StartOptions) -> Self {
        let persisted = if opts.fresh {
            None
        } else {
            cc.storage
                .and_then(|s| eframe::get_value::<Persisted>(s, STORAGE_KEY))
        };
        Self::with_context(cc.egui_ctx.clone(), opts, persisted)
    }

    /// The app on a bare context (tests and benchmarks build it this way too).
    pub fn with_context(
        ctx: egui::Context,
        opts: StartOptions,
        persisted: Option<Persisted>,
    ) -> Self {
        crate::fonts::install(&ctx);
        // Charts are drawn on white cards (and exported so): light everywhere.
        ctx.set_theme(egui::Theme::Light);
        ctx.all_styles_mut(|s| {
            s.visuals = egui::Visuals::light();
            s.spacing.item_spacing = egui::vec2(8.0, 5.0);
            s.interaction.tooltip_delay = 0.1;
        });
        let (dialog_tx, dialog_rx) = channel();
        let (sample, problems) = records::read_jsonl("sample.jsonl", SAMPLE);
        let mut app = CountyLens {
            data: Arc::new(Dataset::new(sample)),
            origin: Origin::Sample,
            problems,
            files_read: 0,
            files_skipped: 0,
            view: View::Timeline,
            selection: Vec::new(),
            filter: Filter::default(),
            figure: None,
            aggregate: Aggregate::default(),
            per_capita: false,
            uniform_y: false,
            export_scale: 1.0,
            show_problems: false,
            notice: None,
            tree: Default::default(),
            dates: Default::default(),
            details: Default::default(),
            shown: Default::default(),
            generation: 0,
            model: None,
            timeline_screen: Default::default(),
            status_counts: (u64::MAX, 0, 0),
            png: None,
            reset_plots: true,
            last_sig: 0,
            figures_cache: None,
            undo: Vec::new(),
            redo: Vec::new(),
            review: Default::default(),
            loading: None,
            dialog_tx,
            dialog_rx,
            dialog_open: false,
            dialog_started: None,
            path_prompt: None,
            pending_selection: None,
            pending_view: None,
            pending_dates: None,
            export: Default::default(),
            auto_selection: false,
            ctx,
            cli_export: opts.export_png.clone(),
            cli_result: opts.export_result.clone(),
            persist: !opts.fresh && opts.export_png.is_none(),
            frames: 0,
            exit_after_load: opts.exit_after_load,
            exit_report: None,
        };
        let mut folder = opts.folder.clone();
        if let Some(p) = &persisted {
            app.restore(p, &mut folder);
        }
        if let Some(v) = opts.view {
            app.view = v;
        }
        if let Some(m) = opts.measure {
            app.figure = Some(Comparable {
                measure: m,
                series: None,
                unit: String::new(),
                indicator: None,
            });
            app.filter.measures.insert(m);
        }
        let mut view = None;
        if let Some(path) = &opts.view_file {
            match crate::report::ViewFile::read(path) {
                Ok(file) => {
                    if folder.is_none() {
                        folder = file.folder_from(path).filter(|f| f.is_dir());
                    }
                    view = Some((file, path.clone()));
                }
                Err(e) => app.set_error(e),
            }
        }
        app.on_new_data();
        match (folder, view) {
            // Applied once the folder's records are in (`after_new_data`).
            (Some(f), view) => {
                app.pending_view = view;
                app.open_folder(f);
            }
            (None, Some((file, path))) => app.apply_view(&file, &path),
            (None, None) => {}
        }
        app
    }

    pub fn apply(&mut self, cmd: Command) {
        match cmd {
            Command::OpenDialog => self.open_dialog(),
            Command::OpenFolder(p) => self.open_folder(p),
            Command::CancelLoad => self.cancel_load(),
            Command::UseSample => self.use_sample(),
            Command::SetView(v) => {
                self.view = v;
                self.fix_figure();
            }
            Command::SetFigure(k) => self.figure = Some(k),
            Command::SetAggregate(a) => self.aggregate = a,
            Command::SetUniformY(on) => self.uniform_y = on,
            Command::SetPerCapita(on) => self.per_capita = on,
            Command::Select(keys) => self.select(keys),
            Command::SetMeasures(m) => {
                self.filter.measures = m;
                self.fix_figure();
            }
            Command::SetDays(from, to) => {
                (self.filter.from, self.filter.to) = (from, to);
                self.fix_figure();
            }
            Command::SetIncludeBelow(on) => {
                self.filter.include_below = on;
                self.fix_figure();
            }
            Command::SetIncludeRejected(on) => self.filter.include_rejected = on,
            Command::SetCsvBom(on) => self.export.csv_bom = on,
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Review(action) => self.review_action(action),
            Command::KeepReviews(answer) => {
                let pending = self.review.asking.take();
                if let (Some(place), Some(action)) = (answer, pending) {
                    match self.review.keep_in(place) {
                        Ok(()) => self.review_action(action),
                        Err(e) => self.set_error(e),
                    }
                }
            }
            Command::ClearCache => {
                let result = load::Cache::user().map(|c| (c.clear(), c.dir().to_path_buf()));
                match result {
                    Some((Ok(()), dir)) => {
                        self.notice = Some(Notice {
                            text: format!("已清除缓存 Cache cleared ({})", dir.display()),
                            error: false,
                        })
                    }
                    Some((Err(e), dir)) => {
                        self.set_error(format!("cannot clear {}: {e}", dir.display()))
                    }
                    None => {}
                }
            }
            Command::ReviewQueue => {
                let queue = review::queue(&self.data);
                if queue.is_empty() {
                    self.notice = Some(Notice {
                        text: "没有待复核的可疑记录 Nothing doubtful left to review".into(),
                        error: false,
                    });
                } else {
                    let folder = self.folder().map(Path::to_path_buf);
                    self.details
                        .show(queue, &self.data, folder.as_deref(), &self.ctx);
                }
            }
            Command::ShowDetails(ids) => {
                let folder = self.folder().map(Path::to_path_buf);
                self.details
                    .show(ids, &self.data, folder.as_deref(), &self.ctx);
            }
            Command::CloseDetails => self.details.close(),
            Command::ExportPngDialog => {
                if self.shown.records.is_empty() {
                    self.set_error(
                        "图表为空，无可导出 The chart is empty: nothing to export".into(),
                    );
                } else {
                    self.export.open = true;
                }
            }
            Command::SaveViewDialog => self.view_file_dialog(true),
            Command::OpenViewDialog => self.view_file_dialog(false),
            Command::ExportCsvDialog => self.save_dialog(false),
            Command::OpenSource(path) => {
                if let Err(e) = open::that_detached(&path) {
                    self.set_error(format!("cannot open {}: {e}", path.display()));
                }
            }
            Command::ToggleProblems => self.show_problems = !self.show_problems,
        }
    }

    /// The opened folder, if the records came from one.
    pub fn folder(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Folder(f) => Some(f),
            Origin::Sample => None,
        }
    }

    pub fn set_error(&mut self, text: String) {
        self.notice = Some(Notice { text, error: true });
    }

    /// Draws one frame into `ui` (the whole window) and applies what it asked.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.frames += 1;
        self.poll_loading();
        self.poll_dialogs();
        let mut cmds = self.handle_input(&ctx);
        if self.loading.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.start_cli_export();
        let exporting = self.png.is_some();
        if exporting {
            // A pointer resting over the window (export-png starts wherever
            // the mouse is) would put a hover tooltip into the image: forget
            // it, so the next frames are drawn as if nothing were hovered.
            ctx.input_mut(|i| i.pointer = Default::default());
        }
        if self.png.as_ref().is_some_and(|p| p.hides_ui()) {
            egui::CentralPanel::default().show(ui, |_| {});
            self.step_png(&ctx);
            return;
        }

        self.count_status();
        self.toolbar_and_bottom_panels(ui, &mut cmds);
        self.places_panel(ui, &mut cmds);
        if self.details.is_open() {
            self.details_panel(ui, &mut cmds);
        }
        self.central_view(ui, exporting, &mut cmds);

        // Shown while its file is written too: the export no longer hides anything.
        self.export_dialog_ui(&ctx);
        if !exporting {
            self.path_prompt_ui(&ctx);
            if self.review.asking.is_some()
                && let Some(folder) = self.folder().map(Path::to_path_buf)
                && let Some(answer) = review::keep_where_ui(&ctx, &folder)
            {
                cmds.push(Command::KeepReviews(answer));
            }
        }
        self.step_png(&ctx);
        self.exit_if_measured(&ctx);
        // Commands are applied after the frame was drawn, and widgets may
        // have changed what the chart shows while it was drawn: either way
        // the picture on screen is one step behind. Draw again now, not at
        // the next mouse move.
        let changed = !cmds.is_empty();
        for c in cmds {
            self.apply(c);
        }
        if changed || self.view_sig() != self.last_sig {
            ctx.request_repaint();
        }
    }

    /// `--exit-after-load`: two frames after the outcome was taken in, so
    /// the final chart was laid out and painted at least once.
    fn exit_if_measured(&mut self, ctx: &egui::Context) {
        match self.exit_report.take() {
            Some((text, at)) if self.frames >= at + 2 => {
                eprintln!("{text}; peak memory {}", jobs::peak_memory());
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Some(waiting) => {
                self.exit_report = Some(waiting);
                ctx.request_repaint();
            }
            None => {}
        }
    }

    /// export-png: once the folder is read and a frame has been drawn.
    fn start_cli_export(&mut self) {
        if let Some((path, scale)) = self.cli_export.clone()
            && self.loading.is_none()
            && self.png.is_none()
            && self.frames > 2
        {
            if self.shown.records.is_empty() {
                self.finish_cli(Err("the chart is empty: no records for this view".into()));
            } else {
                self.begin_png_export(path, scale);
            }
        }
    }

    /// The toolbar on top; the status bar and, when open, the problems list below.
    fn toolbar_and_bottom_panels(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        egui::Panel::top("toolbar").show(ui, |ui| {
            cmds.extend(toolbar::ui(ui, self));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            toolbar::status_bar(ui, self);
        });
        if self.show_problems {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(180.0)
                .show(ui, |ui| {
                    cmds.extend(problems::ui(ui, self));
                });
        }
    }

    /// The left panel: the place tree, and below it the measure and date filters.
    fn places_panel(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        egui::Panel::left("places")
            .resizable(true)
            .default_size(280.0)
            .show(ui, |ui| {
                let ds = self.data.clone();
                let tree_height = (ui.available_height() * 0.45).max(160.0);
                cmds.extend(locality_tree::ui(
                    ui,
                    &mut self.tree,
                    &ds,
                    &self.selection,
                    &self.filter,
                    tree_height,
                    self.generation,
                ));
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("filters-scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        cmds.extend(measure_picker::ui(ui, &ds, &self.filter, &mut self.dates));
                    });
            });
    }

    /// The right panel: the record's details with the review buttons under its facts.
    fn details_panel(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        egui::Panel::right("details")
            .resizable(true)
            .default_size(360.0)
            .show(ui, |ui| {
                let folder = self.folder().map(Path::to_path_buf);
                let data = self.data.clone();
                let review_state = &mut self.review;
                let mut review_cmds = Vec::new();
                cmds.extend(details::ui(
                    ui,
                    &mut self.details,
                    &data,
                    folder.as_deref(),
                    &mut |ui, id| {
                        let r = data.record(id);
                        review_cmds.extend(review::actions_ui(ui, review_state, id, r));
                    },
                ));
                cmds.extend(review_cmds);
            });
    }

    /// The middle: the view's controls and its chart; keeps what the chart showed.
    fn central_view(&mut self, ui: &mut egui::Ui, exporting: bool, cmds: &mut Vec<Command>) {
        let sig = self.view_sig();
        self.reset_plots = sig != self.last_sig;
        self.last_sig = sig;
        let figures = self.figures();
        let (model, records) = self.view_model(exporting);
        let model_key = self.model.as_ref().map_or(0, |c| c.key);
        // The view reads the app; its screen cache is the one thing it writes.
        let mut screen = std::mem::take(&mut self.timeline_screen);
        let mut shown = views::Shown::default();
        egui::CentralPanel::default().show(ui, |ui| {
            let ctx = self.view_ctx(&figures, exporting);
            let mut controls = Vec::new();
            match self.view {
                View::Numeric => numeric::numeric_controls(ui, &ctx, &mut controls),
                View::Bars => bars::bars_controls(ui, &ctx, &mut controls),
                _ => {}
            }
            shown = match &*model {
                views::Model::Timeline(l) => {
                    timeline::timeline_ui(ui, &ctx, model_key, l, &mut screen)
                }
                views::Model::Numeric(m) => numeric::numeric_ui(ui, &ctx, m),
                views::Model::Bars(m) => bars::bars_ui(ui, &ctx, m),
                views::Model::Profile(m) => bars::profile_ui(ui, &ctx, m),
                views::Model::Empty(why) => {
                    chart::empty_ui(ui, *why, ctx.loading);
                    views::Shown::default()
                }
            };
            if shown.rect.is_some() {
                shown.records = records;
            }
            cmds.extend(controls);
            cmds.append(&mut shown.commands);
        });
        self.timeline_screen = screen;
        self.shown = shown;
    }
}

impl eframe::App for CountyLens {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            eframe::set_value(storage, STORAGE_KEY, &self.persisted());
        }
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }
}
