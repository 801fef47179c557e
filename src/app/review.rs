//! Reviewing records: confirm, reject, set a page's date; the review queue;
//! where the review log is kept.
//!
//! Every review action is appended to the folder's review log before it
//! takes effect, and the records on screen are the records as loaded with
//! the whole log replayed on them — so what is shown is always what the
//! next start (or `countylens extract`) will show, and undo is one more
//! line in the log, never a rewrite of it.

use super::Command;
use crate::records::review::{self, Change, Field, Place, RecordKey, ReviewChange, ReviewLog};
use crate::records::{Dataset, DateBasis, Level, Problem, Record, RecordDate, RecordId, Status};
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// Where a folder's reviews are kept, as the person chose the first time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepIn {
    /// `countylens-review.jsonl` in the opened folder: travels with it.
    Folder,
    /// The app's own data folder: the opened folder stays untouched.
    AppData,
}

/// A review action of the person's, before it is written.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Record(RecordId, Change),
    /// Set the date of the page of this record.
    PageDate(RecordId, RecordDate),
    /// Correct one field of a record (`new` as the review log writes it).
    SetField(RecordId, Field, serde_json::Value),
    /// Set the place of the page of this record.
    PagePlace(RecordId, Place),
}

/// Records as they were loaded, by id: those a review changed.
pub type Originals = std::collections::HashMap<RecordId, Record>;

#[derive(Default)]
pub struct ReviewState {
    /// The open log of the folder; none until the first review or when the
    /// folder has none.
    pub log: Option<ReviewLog>,
    /// The folder reviews are about.
    folder: Option<PathBuf>,
    /// The records a review changed, as loaded: the records on show with
    /// these put back are the records as loaded, which the log is replayed
    /// on. Only these are kept twice, not every record.
    originals: Originals,
    /// An action waiting for the person to say where reviews are kept.
    pub asking: Option<Action>,
    /// The page-date box of the details panel.
    pub page_date_text: String,
    /// The record editor (E): open, and what its boxes hold.
    pub editing: bool,
    pub place_query: String,
    /// The picked place is for the whole page, not this record alone.
    pub place_for_page: bool,
    pub date_text: String,
    pub value_text: String,
    pub unit_text: String,
}

impl ReviewState {
    /// A newly loaded folder: the records its log changed, as loaded, and
    /// its log if it has one (read now; the loader already replayed it
    /// once).
    pub fn on_load(&mut self, folder: Option<&Path>, originals: Originals) -> Vec<Problem> {
        self.originals = originals;
        self.folder = folder.map(Path::to_path_buf);
        self.asking = None;
        self.log = None;
        let Some(path) = folder.and_then(review::find_log) else {
            return Vec::new();
        };
        match ReviewLog::open(&path) {
            Ok((log, _)) => {
                self.log = Some(log);
                Vec::new()
            }
            Err(e) => vec![Problem::file(
                path.display().to_string(),
                format!("cannot open the review log: {e}"),
            )],
        }
    }

    pub fn can_review(&self) -> bool {
        self.folder.is_some()
    }

    /// Opens (or creates) the log where the person chose.
    pub fn keep_in(&mut self, place: KeepIn) -> Result<(), String> {
        let folder = self.folder.as_ref().ok_or("no folder is open")?;
        let path = match place {
            KeepIn::Folder => folder.join(review::IN_FOLDER_NAME),
            KeepIn::AppData => review::default_log_path(folder)
                .ok_or("this system has no data folder for CountyLens")?,
        };
        let (log, _) =
            ReviewLog::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        self.log = Some(log);
        Ok(())
    }

    /// Writes `action` to the log. `Ok(false)` when the person must first
    /// say where reviews are kept (the action waits in `asking`).
    pub fn write(&mut self, action: Action, ds: &Dataset) -> Result<bool, String> {
        if self.log.is_none() {
            self.asking = Some(action);
            return Ok(false);
        }
        let change = match &action {
            Action::Record(id, change) => {
                let key = self.key(*id, ds).ok_or("no such record")?;
                ReviewChange::record(key, change.clone())
            }
            Action::PageDate(id, date) => ReviewChange::page(Change::SetPageDate {
                source: ds.record(*id).source.to_string(),
                date: *date,
            }),
            Action::PagePlace(id, place) => ReviewChange::page(Change::SetPagePlace {
                source: ds.record(*id).source.to_string(),
                locality: place.locality.clone(),
                path: place.path.clone(),
                code: place.code.clone(),
                level: place.level,
            }),
            Action::SetField(id, field, new) => {
                let key = self.key(*id, ds).ok_or("no such record")?;
                ReviewChange::set_field(key, ds.record(*id), *field, new.clone())
            }
        };
        let log = self.log.as_mut().ok_or("no review log")?;
        log.append(change)
            .map_err(|e| format!("cannot write the review log: {e}"))?;
        Ok(true)
    }

    /// The key of a record as loaded (the order of records never changes).
    fn key(&self, id: RecordId, shown: &Dataset) -> Option<RecordKey> {
        self.originals
            .get(&id)
            .or_else(|| shown.records().get(id))
            .map(RecordKey::of)
    }

    /// The records as loaded with the log replayed: what the app shows.
    /// `shown` is what the app shows now.
    pub fn reviewed(&mut self, shown: &Dataset) -> (Vec<Record>, Vec<Problem>) {
        let mut records = shown.records().to_vec();
        // Only records a review reached differ from how they were loaded.
        for (&id, r) in &self.originals {
            if let Some(slot) = records.get_mut(id) {
                slot.clone_from(r);
            }
        }
        let Some(log) = &self.log else {
            return (records, Vec::new());
        };
        let mut replay = review::Replay::new(log.actions());
        for (id, r) in replay.apply(&mut records) {
            self.originals.entry(id).or_insert(r);
        }
        (records, replay.finish())
    }

    /// Undoes (or redoes) the last review in the log; `Ok(false)` when
    /// there is nothing to take back.
    pub fn undo(&mut self) -> Result<bool, String> {
        self.history(ReviewLog::undo)
    }

    pub fn redo(&mut self) -> Result<bool, String> {
        self.history(ReviewLog::redo)
    }

    fn history(
        &mut self,
        step: fn(&mut ReviewLog) -> std::io::Result<Option<u64>>,
    ) -> Result<bool, String> {
        match self.log.as_mut() {
            Some(log) => step(log)
                .map(|r| r.is_some())
                .map_err(|e| format!("cannot write the review log: {e}")),
            None => Ok(false),
        }
    }
}

/// How doubtful a record is, for the review queue: an inferred year first,
/// then a place that fell back to a province or city, a figure of no series
/// of its measure, an approximate figure. Zero: nothing to doubt.
pub fn doubt(r: &Record) -> u32 {
    let mut d = 0;
    if r.date_basis == Some(DateBasis::Inferred) {
        d += 8;
    }
    if matches!(r.level, Some(Level::Province | Level::Prefecture)) {
        d += 4;
    }
    if r.series.as_deref().is_some_and(|s| s.ends_with(".other")) {
        d += 2;
    }
    if r.approx {
        d += 1;
    }
    d
}

/// The records to review, most doubtful first, those already reviewed left
/// out; ties in file order.
pub fn queue(ds: &Dataset) -> Vec<RecordId> {
    let mut ids: Vec<RecordId> = (0..ds.len())
        .filter(|&i| {
            !ds.is_repeat(i) && ds.record(i).status == Status::Extracted && doubt(ds.record(i)) > 0
        })
        .collect();
    ids.sort_by_key(|&i| std::cmp::Reverse(doubt(ds.record(i))));
    ids
}

/// Records a person has reviewed, of all.
pub fn reviewed_count(ds: &Dataset) -> usize {
    ds.records()
        .iter()
        .filter(|r| r.status != Status::Extracted)
        .count()
}

/// The buttons under a record in the details panel.
pub fn actions_ui(ui: &mut Ui, state: &mut ReviewState, id: RecordId, r: &Record) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.add_space(6.0);
    ui.label(RichText::new("复核 Review").strong());
    if !state.can_review() {
        ui.label(RichText::new("示例数据不能复核 Open a folder to review its records").weak());
        return cmds;
    }
    let status = match r.status {
        Status::Extracted => "未复核 not reviewed",
        Status::Confirmed => "已确认 confirmed",
        Status::Corrected => "已更正 corrected",
        Status::Rejected => "已否决 rejected",
    };
    ui.label(status);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("确认 Confirm")
            .on_hover_text("Enter — the figure, place and date are right")
            .clicked()
        {
            cmds.push(Command::Review(Action::Record(id, Change::Confirm)));
        }
        if ui
            .button("否决 Reject")
            .on_hover_text("Delete — not a record: it leaves the charts")
            .clicked()
        {
            cmds.push(Command::Review(Action::Record(id, Change::Reject)));
        }
        if ui
            .selectable_label(state.editing, "更正 Edit…")
            .on_hover_text("E — correct the place, date, series or value")
            .clicked()
        {
            state.editing = !state.editing;
        }
        if r.status != Status::Extracted
            && ui
                .button("复原 Reset")
                .on_hover_text("Back to the record as extracted")
                .clicked()
        {
            cmds.push(Command::Review(Action::Record(id, Change::Reset)));
        }
    });
    ui.horizontal(|ui| {
        ui.label("本页日期 Page date:");
        ui.add(
            egui::TextEdit::singleline(&mut state.page_date_text)
                .desired_width(90.0)
                .hint_text("2022-03-12"),
        );
        let date = RecordDate::parse(state.page_date_text.trim());
        if ui
            .add_enabled(date.is_some(), egui::Button::new("设定 Set page date"))
            .on_hover_text(
                "Dates every record of this page whose date came from the page or was inferred",
            )
            .clicked()
            && let Some(d) = date
        {
            cmds.push(Command::Review(Action::PageDate(id, d)));
        }
    });
    // The editor last: it is tall, and the page date above stays in reach.
    if state.editing {
        cmds.extend(editor_ui(ui, state, id, r));
    }
    cmds
}

/// The record editor: place through a gazetteer picker, date, series of the
/// record's measure, value. Each change is one correction in the log.
pub fn editor_ui(ui: &mut Ui, state: &mut ReviewState, id: RecordId, r: &Record) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.label(RichText::new("更正 Correct").strong());
    place_editor(ui, state, id, &mut cmds);
    date_editor(ui, state, id, r, &mut cmds);
    series_editor(ui, id, r, &mut cmds);
    date_basis_editor(ui, id, r, &mut cmds);
    unit_and_value_editor(ui, state, id, r, &mut cmds);
    cmds
}

/// A correction of one field of record `id`.
fn set_field(id: RecordId, field: Field, v: serde_json::Value) -> Command {
    Command::Review(Action::SetField(id, field, v))
}

/// The place: a search box, the whole-page switch, and a button per matching division.
fn place_editor(ui: &mut Ui, state: &mut ReviewState, id: RecordId, cmds: &mut Vec<Command>) {
    let g = crate::gazetteer::Gazetteer::bundled();
    let set = |field: Field, v: serde_json::Value| set_field(id, field, v);
    ui.horizontal(|ui| {
        ui.label("地点 Place:");
        ui.add(
            egui::TextEdit::singleline(&mut state.place_query)
                .desired_width(140.0)
                .hint_text("衡东 / hengdong"),
        );
        ui.checkbox(&mut state.place_for_page, "整页 whole page")
            .on_hover_text(
                "Set page place: every record of this page whose own clause names no place",
            );
    });
    for d in crate::search::divisions(g, &state.place_query, 8) {
        let path = g.path_names(d);
        let div = g.get(d);
        let above = path
            .split_last()
            .map_or(String::new(), |(_, a)| a.join(" › "));
        let label = format!("{} · {above}", div.name);
        if ui
            .small_button(label)
            .on_hover_text("Use this place")
            .clicked()
        {
            let place = Place {
                locality: div.name.clone(),
                path,
                code: Some(div.code.to_string()),
                level: Some(div.level),
            };
            cmds.push(if state.place_for_page {
                Command::Review(Action::PagePlace(id, place))
            } else {
                set(
                    Field::Locality,
                    serde_json::to_value(place).unwrap_or_default(),
                )
            });
            state.place_query.clear();
        }
    }
}

/// The date, typed.
fn date_editor(
    ui: &mut Ui,
    state: &mut ReviewState,
    id: RecordId,
    r: &Record,
    cmds: &mut Vec<Command>,
) {
    let set = |field: Field, v: serde_json::Value| set_field(id, field, v);
    ui.horizontal(|ui| {
        ui.label("日期 Date:");
        ui.add(
            egui::TextEdit::singleline(&mut state.date_text)
                .desired_width(90.0)
                .hint_text(r.date.to_string()),
        );
        let date = RecordDate::parse(state.date_text.trim());
        if ui
            .add_enabled(date.is_some(), egui::Button::new("设定 Set date"))
            .clicked()
            && let Some(d) = date
        {
            cmds.push(set(Field::Date, serde_json::Value::String(d.to_string())));
        }
    });
}

/// The series, from those of the record's measure.
fn series_editor(ui: &mut Ui, id: RecordId, r: &Record, cmds: &mut Vec<Command>) {
    let set = |field: Field, v: serde_json::Value| set_field(id, field, v);
    ui.horizontal(|ui| {
        let current = r.series.as_deref().unwrap_or_default().to_string();
        egui::ComboBox::from_label("系列 Series")
            .selected_text(&current)
            .width(220.0)
            .show_ui(ui, |ui| {
                for entry in crate::records::series::of_measure(r.measure) {
                    if ui
                        .selectable_label(
                            entry.code == current,
                            format!("{} {}", entry.code, entry.label()),
                        )
                        .clicked()
                    {
                        cmds.push(set(
                            Field::Series,
                            serde_json::Value::String(entry.code.to_string()),
                        ));
                    }
                }
            });
    });
}

/// What the date rests on.
fn date_basis_editor(ui: &mut Ui, id: RecordId, r: &Record, cmds: &mut Vec<Command>) {
    let set = |field: Field, v: serde_json::Value| set_field(id, field, v);
    ui.horizontal(|ui| {
        let basis = r.date_basis.map_or("—", DateBasis::as_str);
        egui::ComboBox::from_label("日期依据 Date basis")
            .selected_text(basis)
            .show_ui(ui, |ui| {
                for b in [DateBasis::Stated, DateBasis::Article, DateBasis::Inferred] {
                    if ui
                        .selectable_label(r.date_basis == Some(b), b.as_str())
                        .clicked()
                    {
                        cmds.push(set(
                            Field::DateBasis,
                            serde_json::Value::String(b.as_str().into()),
                        ));
                    }
                }
            });
    });
}

/// The unit and the value, typed.
fn unit_and_value_editor(
    ui: &mut Ui,
    state: &mut ReviewState,
    id: RecordId,
    r: &Record,
    cmds: &mut Vec<Command>,
) {
    let set = |field: Field, v: serde_json::Value| set_field(id, field, v);
    ui.horizontal(|ui| {
        ui.label("单位 Unit:");
        ui.add(
            egui::TextEdit::singleline(&mut state.unit_text)
                .desired_width(60.0)
                .hint_text(r.unit.as_str()),
        );
        let unit = state.unit_text.trim().to_string();
        if ui
            .add_enabled(!unit.is_empty(), egui::Button::new("设定 Set unit"))
            .clicked()
        {
            cmds.push(set(Field::Unit, serde_json::Value::String(unit)));
        }
    });
    ui.horizontal(|ui| {
        ui.label("数值 Value:");
        ui.add(
            egui::TextEdit::singleline(&mut state.value_text)
                .desired_width(90.0)
                .hint_text(crate::records::io::format_value(r.value)),
        );
        let value: Option<f64> = state
            .value_text
            .trim()
            .replace(',', "")
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite());
        if ui
            .add_enabled(value.is_some(), egui::Button::new("设定 Set value"))
            .clicked()
            && let Some(v) = value
        {
            cmds.push(set(Field::Value, serde_json::json!(v)));
        }
    });
}

/// The one-time question: where are this folder's reviews kept?
pub fn keep_where_ui(ctx: &egui::Context, folder: &Path) -> Option<Option<KeepIn>> {
    let mut answer = None;
    egui::Window::new("复核记录存放处 Where to keep reviews")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label("你的复核会逐条记入一个复核日志，下次打开时自动重用。");
            ui.label("Each review is written to a review log and replayed at every load.");
            ui.add_space(6.0);
            if ui
                .button(format!(
                    "存在此文件夹 In the folder ({})",
                    folder.join(review::IN_FOLDER_NAME).display()
                ))
                .on_hover_text("Travels with the folder; colleagues see your reviews")
                .clicked()
            {
                answer = Some(Some(KeepIn::Folder));
            }
            if ui
                .button("存在 CountyLens 数据文件夹 In CountyLens's data folder")
                .on_hover_text("The opened folder stays untouched")
                .clicked()
            {
                answer = Some(Some(KeepIn::AppData));
            }
            if ui.button("取消 Cancel").clicked() {
                answer = Some(None);
            }
        });
    answer
}
