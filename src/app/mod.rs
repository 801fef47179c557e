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
mod export;
mod locality_tree;
mod measure_picker;
pub mod path_prompt;
mod problems;
pub mod review;
mod timeline;
mod toolbar;

pub use export::PngExport;

use crate::compare::{Aggregate, Comparable};
use crate::load::{self, LoadError, LoadOutcome, Progress};
use crate::records::{self, Dataset, Filter, Measure, Problem, RecordId};
use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// The records of the five seed pages, so that the first start shows a chart.
pub const SAMPLE: &str = include_str!("../../assets/sample.jsonl");

/// The chart the central panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum View {
    /// A lane per locality, a mark per record.
    #[default]
    Timeline,
    /// One series in one unit: a small plot per locality.
    Numeric,
    /// One series in one unit: a bar per locality.
    Bars,
    /// Records per measure, side by side for the localities.
    Profile,
}

impl View {
    pub const ALL: [View; 4] = [View::Timeline, View::Numeric, View::Bars, View::Profile];
    pub fn label(self) -> &'static str {
        match self {
            View::Timeline => "时间线 Timeline",
            View::Numeric => "数值 Figures",
            View::Bars => "柱状图 Bars",
            View::Profile => "概况 Profile",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            View::Timeline => "timeline",
            View::Numeric => "numeric",
            View::Bars => "bars",
            View::Profile => "profile",
        }
    }
    pub fn from_code(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.code() == s)
    }
}

/// What a UI element asks for; applied after the frame is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenDialog,
    OpenFolder(PathBuf),
    CancelLoad,
    UseSample,
    SetView(View),
    /// Replace the compared localities (undoable).
    Select(Vec<String>),
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
    ExportPngDialog,
    ExportCsvDialog,
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

/// What the next start restores.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub folder: Option<PathBuf>,
    pub selection: Vec<String>,
    pub view: View,
    pub measures: Option<Vec<String>>,
    /// The kind of figure the numeric views compare (a series in a unit).
    pub comparable: Option<Comparable>,
    pub aggregate: Aggregate,
    pub uniform_y: bool,
    pub include_below: bool,
    pub export_scale: u32,
    pub per_capita: bool,
}

const STORAGE_KEY: &str = "countylens";

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
}

/// The user's home folder: where exports are offered (the app writes into
/// the opened folder only when the user picks it).
fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
}

/// Where an `export-png` run reports its outcome.
pub type CliResult = Arc<std::sync::Mutex<Option<Result<PathBuf, String>>>>;

struct Loading {
    folder: PathBuf,
    progress: Arc<Progress>,
    rx: Receiver<Result<(LoadOutcome, Dataset), LoadError>>,
    started: Instant,
}

/// Results of the native dialogs, which run on their own threads.
enum DialogResult {
    /// Closed without choosing.
    Cancelled,
    Folder(PathBuf),
    SavePng(PathBuf, f32),
    SaveCsv(PathBuf),
}

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
    /// The rectangle (in points) of the chart with its title and legend:
    /// what a PNG export crops to.
    pub chart_rect: Option<egui::Rect>,
    /// The records behind the chart on screen: what CSV export writes.
    pub chart_records: Vec<RecordId>,
    /// Where each clickable mark or bar of the chart was drawn this frame
    /// (points) and the records it stands for: what a click there opens.
    pub hits: Vec<(egui::Rect, Vec<RecordId>)>,
    /// Where each record's mark was drawn this frame (timeline and figures).
    pub marks: Vec<chart::Mark>,
    timeline_cache: Option<Arc<timeline::TimelineLayout>>,
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
    pending_selection: Option<Vec<String>>,
    ctx: egui::Context,
    /// `export-png`: write and close once the folder is loaded.
    cli_export: Option<(PathBuf, f32)>,
    /// Set when the `export-png` run is over: Ok(path) or the reason it failed.
    pub cli_result: CliResult,
    /// Whether settings are saved for the next start (not for tests or export-png).
    persist: bool,
    frames: u64,
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
            chart_rect: None,
            chart_records: Vec::new(),
            hits: Vec::new(),
            marks: Vec::new(),
            timeline_cache: None,
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
            ctx,
            cli_export: opts.export_png.clone(),
            cli_result: opts.export_result.clone(),
            persist: !opts.fresh && opts.export_png.is_none(),
            frames: 0,
        };
        let mut folder = opts.folder.clone();
        if let Some(p) = &persisted {
            app.view = p.view;
            app.aggregate = p.aggregate;
            app.uniform_y = p.uniform_y;
            app.per_capita = p.per_capita;
            app.filter.include_below = p.include_below;
            app.export_scale = if p.export_scale == 2 { 2.0 } else { 1.0 };
            if let Some(ms) = &p.measures {
                app.filter.measures = ms.iter().filter_map(|c| Measure::from_code(c)).collect();
            }
            app.figure = p.comparable.clone();
            if folder.is_none() {
                folder = p.folder.clone().filter(|f| f.is_dir());
                if p.folder.is_some() && folder.is_none() {
                    app.notice = Some(Notice {
                        text: "上次打开的文件夹已不存在，显示示例数据 The last folder is gone; showing the sample".into(),
                        error: false,
                    });
                }
            }
            app.pending_selection = Some(p.selection.clone());
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
        app.on_new_data();
        if let Some(f) = folder {
            app.open_folder(f);
        }
        app
    }

    /// Opens a folder: what the folder dialog, a dropped folder and the
    /// command line all call. Loading runs on a worker thread; the records
    /// appear when it is done, and until then the old ones stay.
    pub fn open_folder(&mut self, folder: PathBuf) {
        // Absolute, so that the next start and "open the source file" do not
        // depend on the directory the app was started from.
        let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
        if let Some(l) = self.loading.take() {
            l.progress.cancel();
        }
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        let p = progress.clone();
        let f = folder.clone();
        let spawned = std::thread::Builder::new()
            .name("load-folder".into())
            .spawn(move || {
                // Unchanged pages come from the cache in the user's cache folder.
                let cache = load::Cache::user();
                let result =
                    load::load_folder_with_cache(&f, load::Select::All, &p, cache.as_ref()).map(
                        |mut outcome| {
                            // Cancelled: the previous records stay, so what
                            // was read is not worth indexing (for a huge
                            // page that would hold Cancel up for a second).
                            if outcome.cancelled {
                                outcome.records.clear();
                                return (outcome, Dataset::default());
                            }
                            let mut records = outcome.records.clone();
                            // A person's reviews, replayed on what the folder gives now.
                            let mut reviews = load::Reviews::of_folder(&f);
                            let orphans = reviews.apply_to_all(&mut records);
                            outcome.problems.append(&mut reviews.problems);
                            outcome.problems.extend(orphans);
                            outcome.problems.extend(reviews.unapplied());
                            (outcome, Dataset::new(records))
                        },
                    );
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.notice = None;
                self.loading = Some(Loading {
                    folder,
                    progress,
                    rx,
                    started: Instant::now(),
                });
            }
            Err(e) => self.set_error(format!("cannot start reading the folder: {e}")),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// (done, total) files of the folder being read.
    pub fn load_progress(&self) -> Option<(usize, usize)> {
        self.loading.as_ref().map(|l| l.progress.counts())
    }

    pub fn cancel_load(&mut self) {
        if let Some(l) = &self.loading {
            l.progress.cancel();
            // Said at once: the reader stops at its next paragraph.
            self.notice = Some(Notice {
                text: "正在取消 Cancelling…".into(),
                error: false,
            });
        }
    }

    /// Shows the bundled sample again.
    pub fn use_sample(&mut self) {
        self.cancel_load();
        self.loading = None;
        let (sample, problems) = records::read_jsonl("sample.jsonl", SAMPLE);
        self.data = Arc::new(Dataset::new(sample));
        self.problems = problems;
        self.origin = Origin::Sample;
        self.review.on_load(None, Vec::new());
        self.files_read = 0;
        self.files_skipped = 0;
        self.selection.clear();
        self.on_new_data();
    }

    /// Replaces what is shown by records given directly (benchmarks, tests).
    pub fn set_records(&mut self, records: Vec<records::Record>, origin: Origin) {
        self.data = Arc::new(Dataset::new(records));
        self.origin = origin;
        self.problems.clear();
        self.selection.clear();
        self.on_new_data();
    }

    fn poll_loading(&mut self) {
        let Some(l) = &self.loading else { return };
        let result = match l.rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err(LoadError("the folder reader stopped unexpectedly".into()))
            }
        };
        let l = self.loading.take().expect("checked above");
        match result {
            Err(e) => {
                self.set_error(format!("打不开 Cannot open {}: {e}", l.folder.display()));
                if let Some((_, _)) = &self.cli_export {
                    self.finish_cli(Err(format!("cannot open {}: {e}", l.folder.display())));
                }
            }
            Ok((outcome, _)) if outcome.cancelled => {
                self.notice = Some(Notice {
                    text: format!(
                        "已取消 Cancelled reading {}; still showing the previous records",
                        l.folder.display()
                    ),
                    error: false,
                });
            }
            Ok((mut outcome, dataset)) => {
                let secs = l.started.elapsed().as_secs_f32();
                self.selection.clear();
                self.data = Arc::new(dataset);
                self.origin = Origin::Folder(outcome.folder.clone());
                let review_problems = self
                    .review
                    .on_load(Some(&outcome.folder), std::mem::take(&mut outcome.records));
                self.problems = outcome.problems;
                self.problems.extend(review_problems);
                self.files_read = outcome.files.len();
                self.files_skipped = outcome.skipped.len();
                self.details = Default::default();
                self.undo.clear();
                self.redo.clear();
                self.on_new_data();
                let n = self.data.len();
                self.notice = Some(Notice {
                    text: format!(
                        "读取 {} 个文件，{} 条记录 Read {} files, {} records in {:.1} s{}",
                        self.files_read,
                        n,
                        self.files_read,
                        n,
                        secs,
                        if self.problems.is_empty() {
                            String::new()
                        } else {
                            format!("; {} problems, listed below", self.problems.len())
                        }
                    ),
                    error: false,
                });
                self.show_problems = !self.problems.is_empty();
            }
        }
    }

    /// After the records change: keep what still makes sense, pick sensible
    /// defaults for the rest.
    fn on_new_data(&mut self) {
        let ds = self.data.clone();
        // The last run's places, once records that have them arrive (the
        // sample shows first while the last folder loads).
        if let Some(sel) = &self.pending_selection {
            let kept: Vec<String> = sel
                .iter()
                .filter(|k| ds.node(k).is_some())
                .cloned()
                .collect();
            if !kept.is_empty() {
                self.selection = kept;
                self.pending_selection = None;
            }
        }
        self.selection.retain(|k| ds.node(k).is_some());
        if self.selection.is_empty() {
            self.selection = ds.busiest(6);
        }
        self.dates.reset(&ds);
        self.filter.from = None;
        self.filter.to = None;
        // Measures the data has but the filter lost (a previous folder's
        // choice) come back, so that a new folder never looks empty.
        if ds
            .records()
            .iter()
            .all(|r| !self.filter.measures.contains(&r.measure))
        {
            self.filter.measures = Measure::ALL.into_iter().collect();
        }
        self.fix_figure();
        self.tree.on_new_data(&ds, &self.selection);
    }

    /// Makes sure the numeric and bar views compare a kind of figure that
    /// the chosen localities actually have: the same kind if they still
    /// have it, else the commonest kind of the same measure, else the
    /// commonest kind.
    pub fn fix_figure(&mut self) {
        let figs = self.data.figures(&self.selection, &self.filter);
        self.figure = match self.figure.take() {
            Some(f) if figs.iter().any(|(k, _)| *k == f) => Some(f),
            Some(f) => figs
                .iter()
                .find(|(k, _)| k.measure == f.measure)
                .or(figs.first())
                .map(|(k, _)| k.clone()),
            None => figs.first().map(|(k, _)| k.clone()),
        };
    }

    /// Replaces the selection, remembering the old one for Ctrl+Z.
    pub fn select(&mut self, keys: Vec<String>) {
        if keys == self.selection {
            return;
        }
        let old = std::mem::replace(&mut self.selection, keys);
        self.push_undo(UndoStep::Places(old));
        self.fix_figure();
    }

    fn push_undo(&mut self, step: UndoStep) {
        self.undo.push(step);
        self.redo.clear();
        if self.undo.len() > 200 {
            self.undo.remove(0);
        }
    }

    /// Whether Ctrl+Z has something to take back.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Takes back the last choice of places or review action.
    pub fn undo(&mut self) {
        self.step_history(true);
    }

    /// Does again what the last undo took back.
    pub fn redo(&mut self) {
        self.step_history(false);
    }

    /// One step back (`undo`) or forward: the step moves from one stack to
    /// the other, a choice of places swapped with the one on screen, a
    /// review undone or redone by one more line in the review log.
    fn step_history(&mut self, undo: bool) {
        let step = if undo {
            self.undo.pop()
        } else {
            self.redo.pop()
        };
        let back = match step {
            Some(UndoStep::Places(other)) => {
                let now = std::mem::replace(&mut self.selection, other);
                self.fix_figure();
                UndoStep::Places(now)
            }
            Some(UndoStep::Review) => {
                let (done, what) = if undo {
                    (self.review.undo(), "撤销复核 Review undone")
                } else {
                    (self.review.redo(), "重做复核 Review redone")
                };
                if let Err(e) = done {
                    self.set_error(e);
                    return;
                }
                self.refresh_reviewed(what);
                UndoStep::Review
            }
            None => return,
        };
        if undo {
            self.redo.push(back);
        } else {
            self.undo.push(back);
        }
    }

    /// Writes a review action to the log (asking first, once per folder,
    /// where the log is kept) and shows its effect.
    pub fn review_action(&mut self, action: review::Action) {
        match self.review.write(action, &self.data) {
            Ok(true) => {
                self.push_undo(UndoStep::Review);
                self.refresh_reviewed("已记入复核日志 Review saved");
            }
            Ok(false) => {} // waiting for "where to keep reviews"
            Err(e) => self.set_error(e),
        }
    }

    /// The records as loaded with the review log replayed: the charts,
    /// tree and details follow at once; places and the record on show stay.
    fn refresh_reviewed(&mut self, what: &str) {
        let (records, _) = self.review.reviewed();
        self.data = Arc::new(Dataset::new(records));
        self.fix_figure();
        let ds = self.data.clone();
        self.tree.on_new_data(&ds, &self.selection);
        let n = review::reviewed_count(&ds);
        self.notice = Some(Notice {
            text: format!("{what} · 已复核 {n} / {} reviewed", ds.len()),
            error: false,
        });
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
            Command::Select(keys) => self.select(keys),
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
                    self.details.show(queue, &self.data, folder.as_deref());
                }
            }
            Command::ShowDetails(ids) => {
                let folder = self.folder().map(Path::to_path_buf);
                self.details.show(ids, &self.data, folder.as_deref());
            }
            Command::CloseDetails => self.details.close(),
            Command::ExportPngDialog => self.save_dialog(true),
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

    fn open_dialog(&mut self) {
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

    fn save_dialog(&mut self, png: bool) {
        if self.dialog_open {
            return;
        }
        if self.chart_records.is_empty() {
            self.set_error("图表为空，无可导出 The chart is empty: nothing to export".into());
            return;
        }
        let mut dialog = rfd::AsyncFileDialog::new().set_file_name(self.export_name(png));
        dialog = if png {
            dialog
                .set_title("导出图片 Export chart as PNG")
                .add_filter("PNG", &["png"])
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
    fn spawn_dialog(
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

    fn poll_dialogs(&mut self) {
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
            }
        }
    }

    /// The file name an export of the current view is offered under.
    fn export_name(&self, png: bool) -> String {
        format!(
            "countylens-{}.{}",
            self.view.code(),
            if png { "png" } else { "csv" }
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

    fn path_prompt_ui(&mut self, ctx: &egui::Context) {
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
                }
            }
        }
    }

    /// Writes the records behind the chart as CSV: what the save dialog calls.
    pub fn export_csv(&mut self, path: &Path) {
        // One row per report; a reprinted report names all its sources.
        let records: Vec<records::Record> = self
            .chart_records
            .iter()
            .map(|&i| {
                let mut r = self.data.record(i).clone();
                let sources: Vec<&str> = self
                    .data
                    .sources(i)
                    .into_iter()
                    .map(|j| self.data.record(j).source.as_str())
                    .collect();
                r.extra.insert(
                    "sources".into(),
                    serde_json::Value::String(sources.join("; ")),
                );
                r
            })
            .collect();
        // A BOM first: spreadsheet programs read UTF-8 without one as the
        // system's legacy code page, and Chinese turns to garbage.
        let result = records::io::write_atomically(path, |w| {
            w.write_all("\u{feff}".as_bytes())?;
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

    /// Starts writing the chart as PNG at `scale` (1 or 2): what the save
    /// dialog calls. The picture is taken a few frames later.
    pub fn begin_png_export(&mut self, path: PathBuf, scale: f32) {
        if self.png.is_some() {
            return;
        }
        self.png = Some(PngExport::new(path, scale, &self.ctx));
        self.ctx.request_repaint();
    }

    fn finish_cli(&mut self, result: Result<PathBuf, String>) {
        if let Ok(mut r) = self.cli_result.lock() {
            *r = Some(result);
        }
        self.cli_export = None;
        self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    fn handle_input(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut cmds = Vec::new();
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        // Plain keys act only when no text box has the keyboard.
        let typing = ctx.memory(|m| m.focused().is_some());
        let shown = self.details.shown();
        ctx.input_mut(|i| {
            if i.consume_shortcut(&open) {
                cmds.push(Command::OpenDialog);
            }
            if i.consume_shortcut(&export) {
                cmds.push(Command::ExportPngDialog);
            }
            // Redo first: Ctrl+Z would match Ctrl+Shift+Z too.
            if i.consume_shortcut(&redo) || i.consume_shortcut(&redo_y) {
                cmds.push(Command::Redo);
            }
            if i.consume_shortcut(&undo) {
                cmds.push(Command::Undo);
            }
            if !typing {
                if let Some(id) = shown {
                    if i.key_pressed(Key::Enter) {
                        cmds.push(Command::Review(review::Action::Record(
                            id,
                            crate::records::review::Change::Confirm,
                        )));
                    }
                    if i.key_pressed(Key::Delete) {
                        cmds.push(Command::Review(review::Action::Record(
                            id,
                            crate::records::review::Change::Reject,
                        )));
                    }
                }
                if i.key_pressed(Key::R) {
                    cmds.push(Command::ReviewQueue);
                }
                if i.key_pressed(Key::E) && shown.is_some() {
                    self.review.editing = !self.review.editing;
                }
                if i.key_pressed(Key::J) {
                    self.details.step(1);
                }
                if i.key_pressed(Key::K) {
                    self.details.step(-1);
                }
            }
            if i.key_pressed(Key::Escape) {
                cmds.push(Command::CloseDetails);
            }
        });
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(p) = dropped.into_iter().next() {
            if p.is_dir() {
                cmds.push(Command::OpenFolder(p));
            } else {
                self.set_error(format!(
                    "请拖入文件夹 Drop a folder, not a file ({}) — its records files and pages are read",
                    p.display()
                ));
            }
        }
        cmds
    }

    /// The kinds of figure the chosen places have, most records first;
    /// remembered while nothing that changes them changes.
    pub fn figures(&mut self) -> Vec<(Comparable, usize)> {
        let sig = self.view_sig();
        match &self.figures_cache {
            Some((s, f)) if *s == sig => f.clone(),
            _ => {
                let f = self.data.figures(&self.selection, &self.filter);
                self.figures_cache = Some((sig, f.clone()));
                f
            }
        }
    }

    /// The timeline's marks, laid out again only when something changed.
    pub fn timeline_layout(&mut self) -> Arc<timeline::TimelineLayout> {
        let sig = self.view_sig();
        match &self.timeline_cache {
            Some(l) if l.sig == sig => l.clone(),
            _ => {
                let l = Arc::new(timeline::TimelineLayout::build(
                    sig,
                    &self.data,
                    &self.selection,
                    &self.filter,
                ));
                self.timeline_cache = Some(l.clone());
                l
            }
        }
    }

    /// A fingerprint of what the chart shows; when it changes, plots refit.
    fn view_sig(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (Arc::as_ptr(&self.data) as usize).hash(&mut h);
        self.view.hash(&mut h);
        self.selection.hash(&mut h);
        self.filter.measures.hash(&mut h);
        (self.filter.from, self.filter.to, self.filter.include_below).hash(&mut h);
        self.figure.hash(&mut h);
        self.uniform_y.hash(&mut h);
        h.finish()
    }

    fn persisted(&self) -> Persisted {
        Persisted {
            folder: self.folder().map(Path::to_path_buf),
            selection: self.selection.clone(),
            view: self.view,
            measures: Some(
                self.filter
                    .measures
                    .iter()
                    .map(|m| m.code().to_string())
                    .collect(),
            ),
            comparable: self.figure.clone(),
            aggregate: self.aggregate,
            uniform_y: self.uniform_y,
            per_capita: self.per_capita,
            include_below: self.filter.include_below,
            export_scale: self.export_scale as u32,
        }
    }

    fn step_png(&mut self, ctx: &egui::Context) {
        let Some(png) = &mut self.png else { return };
        if let export::Step::Done(result) = png.step(ctx, self.chart_rect) {
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
        // export-png: once the folder is read and a frame has been drawn.
        if let Some((path, scale)) = self.cli_export.clone()
            && self.loading.is_none()
            && self.png.is_none()
            && self.frames > 2
        {
            if self.chart_records.is_empty() {
                self.finish_cli(Err("the chart is empty: no records for this view".into()));
            } else {
                self.begin_png_export(path, scale);
            }
        }
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
                ));
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("filters-scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if measure_picker::ui(ui, &ds, &mut self.filter, &mut self.dates) {
                            self.fix_figure();
                        }
                    });
            });
        if self.details.is_open() {
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
        self.hits.clear();
        self.marks.clear();
        let sig = self.view_sig();
        self.reset_plots = sig != self.last_sig;
        self.last_sig = sig;
        egui::CentralPanel::default().show(ui, |ui| {
            let c = match self.view {
                View::Timeline => timeline::timeline_ui(ui, self, exporting),
                View::Numeric => timeline::numeric_ui(ui, self, exporting),
                View::Bars => bars::bars_ui(ui, self, exporting),
                View::Profile => bars::profile_ui(ui, self, exporting),
            };
            cmds.extend(c);
        });

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
