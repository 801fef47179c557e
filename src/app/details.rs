//! A record's provenance: the evidence in its paragraph with the figure
//! highlighted, the file, the locality path, and a way to open the source.

use super::Command;
use super::chart::{self, measure_color};
use crate::records::{Dataset, Record, RecordId};
use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, TextFormat, Ui};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub struct DetailsState {
    pub ids: Vec<RecordId>,
    pub current: usize,
    /// The paragraph around each shown record's evidence, read once.
    context: HashMap<RecordId, Context>,
    /// Records whose page is being read on another thread: a page may be
    /// hundreds of megabytes, and the window must keep painting.
    reading: std::collections::HashSet<RecordId>,
    tx: std::sync::mpsc::Sender<(RecordId, Context)>,
    rx: std::sync::mpsc::Receiver<(RecordId, Context)>,
}

impl Default for DetailsState {
    fn default() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        DetailsState {
            ids: Vec::new(),
            current: 0,
            context: HashMap::new(),
            reading: Default::default(),
            tx,
            rx,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Context {
    /// The paragraph, or just the evidence when the source cannot be read.
    text: String,
    /// Where the evidence sits in `text` (byte range).
    evidence: Option<Range<usize>>,
    /// Where the figure sits in `text` (byte range).
    figure: Option<Range<usize>>,
    /// The source file, when it exists in the opened folder.
    file: Option<PathBuf>,
    note: Option<String>,
}

impl DetailsState {
    pub fn is_open(&self) -> bool {
        !self.ids.is_empty()
    }
    pub fn close(&mut self) {
        self.ids.clear();
        self.current = 0;
    }
    /// Steps through the records of the panel (J and K).
    pub fn step(&mut self, by: isize) {
        let n = self.ids.len() as isize;
        if n > 0 {
            self.current = (self.current as isize + by).clamp(0, n - 1) as usize;
        }
    }
    /// The record on show.
    pub fn shown(&self) -> Option<RecordId> {
        self.ids.get(self.current).copied()
    }
    pub fn show(
        &mut self,
        ids: Vec<RecordId>,
        ds: &Dataset,
        folder: Option<&Path>,
        ctx: &egui::Context,
    ) {
        self.ids = ids;
        self.current = 0;
        if self.context.len() > 200 {
            self.context.clear();
        }
        // Read what the panel shows first; the others when paged to.
        if let Some(id) = self.shown() {
            self.ensure(id, ds, folder, ctx);
        }
    }

    /// Starts reading the page of `id` on another thread, unless read or
    /// being read; takes in the pages read since.
    fn ensure(&mut self, id: RecordId, ds: &Dataset, folder: Option<&Path>, ctx: &egui::Context) {
        while let Ok((id, c)) = self.rx.try_recv() {
            self.reading.remove(&id);
            self.context.insert(id, c);
        }
        if self.context.contains_key(&id) || self.reading.contains(&id) {
            return;
        }
        let record = ds.record(id).clone();
        let owned_folder = folder.map(Path::to_path_buf);
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("details-page".into())
            .spawn(move || {
                let _ = tx.send((id, context_of(&record, owned_folder.as_deref())));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.reading.insert(id);
            }
            // No thread: read it here rather than not at all.
            Err(_) => {
                let c = context_of(ds.record(id), folder);
                self.context.insert(id, c);
            }
        }
    }
}

/// The panel; `below_facts` draws what goes right under the record's facts
/// (the review buttons), inside the panel's scrolling, so it is in reach
/// however long the evidence.
pub fn ui(
    ui: &mut Ui,
    state: &mut DetailsState,
    ds: &Dataset,
    folder: Option<&Path>,
    below_facts: &mut dyn FnMut(&mut Ui, RecordId),
) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.add_space(4.0);
    title_row(ui, &mut cmds);
    let n = state.ids.len();
    if n > 1 {
        prev_next_row(ui, state);
    }
    let Some(id) = state.shown() else { return cmds };
    state.ensure(id, ds, folder, ui.ctx());
    let r = ds.record(id);
    let ctx = match state.context.get(&id) {
        Some(c) => c.clone(),
        None => {
            // Until the page is read: the evidence alone, and a word why.
            ui.ctx().request_repaint();
            evidence_only(r, Some("正在读取原文… Reading the source page…".into()))
        }
    };
    ui.separator();
    // A scroll position of its own per record: another record opens at its top.
    egui::ScrollArea::vertical()
        .id_salt(("details-scroll", id))
        .show(ui, |ui| {
            figure_heading(ui, r);
            facts_grid(ui, ds, id);
            below_facts(ui, id);
            ui.add_space(6.0);
            evidence_box(ui, &ctx);
            ui.add_space(6.0);
            open_source_button(ui, &ctx, &mut cmds);
            if n > 1 {
                ui.separator();
                records_behind_list(ui, state, ds);
            }
        });
    cmds
}

/// The panel's title with its close button.
fn title_row(ui: &mut Ui, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("记录详情 Record details").size(16.0).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("× 关闭 close").on_hover_text("Esc").clicked() {
                cmds.push(Command::CloseDetails);
            }
        });
    });
}

/// Paging through the records behind what was clicked.
fn prev_next_row(ui: &mut Ui, state: &mut DetailsState) {
    let n = state.ids.len();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(state.current > 0, egui::Button::new("← 上一条 prev"))
            .clicked()
        {
            state.current -= 1;
        }
        ui.label(format!("{} / {}", state.current + 1, n));
        if ui
            .add_enabled(state.current + 1 < n, egui::Button::new("下一条 next →"))
            .clicked()
        {
            state.current += 1;
        }
    });
}

/// The measure with its colour, and the figure large.
fn figure_heading(ui: &mut Ui, r: &Record) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter()
            .circle_filled(rect.center(), 6.0, measure_color(r.measure));
        ui.label(RichText::new(r.measure.label()).strong());
    });
    ui.label(
        RichText::new(chart::figure_with_unit(r.value, &r.unit, r.approx))
            .size(24.0)
            .strong(),
    );
    if r.approx {
        ui.label(RichText::new("约数 approximate (多/余/约/近…)").weak());
    }
}

/// The record's facts, a label and a value a row.
fn facts_grid(ui: &mut Ui, ds: &Dataset, id: RecordId) {
    let r = ds.record(id);
    egui::Grid::new("details-grid")
        .num_columns(2)
        .striped(false)
        .show(ui, |ui| {
            if let Some(series) = r.series.as_deref() {
                ui.label("系列 series");
                ui.label(series);
                ui.end_row();
            }
            if let Some(ind) = r.indicator.as_deref() {
                ui.label("指标 indicator");
                ui.label(ind);
                ui.end_row();
            }
            if r.tally.is_some() || r.part_of {
                ui.label("计数 tally");
                ui.label(tally_text(r));
                ui.end_row();
            }
            ui.label("日期 date");
            ui.label(format!("{} {}", r.date, chart::date_basis_text(r)));
            ui.end_row();
            if let Some(clue) = r.date_clue.as_deref() {
                ui.label("年份依据 year from");
                ui.label(clue);
                ui.end_row();
            }
            ui.label("地点 place");
            ui.label(ds.key_of(id).replace('/', " › "));
            ui.end_row();
            if let Some(level) = r.level {
                ui.label("级别 level");
                ui.label(level.as_str());
                ui.end_row();
            }
            sources_row(ui, ds, id);
            ui.end_row();
            ui.label("状态 status");
            ui.label(r.status.as_str());
            ui.end_row();
        });
}

/// Cumulative or one period, and whether a part of another figure.
fn tally_text(r: &Record) -> String {
    let mut t = match r.tally {
        Some(crate::records::Tally::Cumulative) => "累计 cumulative".to_string(),
        Some(crate::records::Tally::Period) => "当期 one period".to_string(),
        None => String::new(),
    };
    if r.part_of {
        if !t.is_empty() {
            t.push_str(" · ");
        }
        t.push_str("其中 a part of another figure");
    }
    t
}

/// The file, or the sources reporting the same figure (a few by name).
fn sources_row(ui: &mut Ui, ds: &Dataset, id: RecordId) {
    let sources = ds.sources(id);
    if sources.len() > 1 {
        ui.label("来源 sources");
        ui.vertical(|ui| {
            ui.label(format!(
                "{} 处报道 reported by {} sources",
                sources.len(),
                sources.len()
            ));
            // A few by name: hundreds of reprints must not
            // push the evidence out of reach.
            const SHOWN: usize = 5;
            for &j in sources.iter().take(SHOWN) {
                ui.label(RichText::new(&*ds.record(j).source).monospace());
            }
            if sources.len() > SHOWN {
                ui.label(
                    RichText::new(format!(
                        "… 另 {} 处 and {} more (all in the CSV export)",
                        sources.len() - SHOWN,
                        sources.len() - SHOWN
                    ))
                    .weak(),
                );
            }
        });
    } else {
        ui.label("文件 file");
        ui.label(RichText::new(&*ds.record(id).source).monospace());
    }
}

/// The paragraph with the evidence and figure highlighted, and a note on how it was read.
fn evidence_box(ui: &mut Ui, ctx: &Context) {
    ui.label(RichText::new("原文 Evidence").strong());
    egui::Frame::new()
        .fill(Color32::from_rgb(0xfa, 0xf7, 0xee))
        .inner_margin(egui::Margin::same(8))
        .corner_radius(4)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if ctx.text.is_empty() {
                ui.label(RichText::new("（没有原文 no evidence recorded）").weak());
            } else {
                ui.label(highlighted(ctx, ui.visuals().text_color()));
            }
        });
    if let Some(note) = &ctx.note {
        ui.label(RichText::new(note).weak().size(12.0));
    }
}

/// Opens the source file, greyed out when it is not in the opened folder.
fn open_source_button(ui: &mut Ui, ctx: &Context, cmds: &mut Vec<Command>) {
    match &ctx.file {
        Some(path) => {
            if ui
                .button("打开原文件 Open the source file")
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                cmds.push(Command::OpenSource(path.clone()));
            }
        }
        None => {
            ui.add_enabled(false, egui::Button::new("打开原文件 Open the source file"))
                .on_disabled_hover_text("The source file is not in the opened folder");
        }
    }
}

/// All the records behind what was clicked, one a line; a click shows it.
fn records_behind_list(ui: &mut Ui, state: &mut DetailsState, ds: &Dataset) {
    let n = state.ids.len();
    ui.label(RichText::new(format!("这一项的 {n} 条记录 The {n} records behind it")).strong());
    for (k, &i) in state.ids.iter().enumerate() {
        let rr = ds.record(i);
        let text = format!(
            "{}  {}  {}",
            rr.date,
            chart::figure_with_unit(rr.value, &rr.unit, rr.approx),
            rr.indicator.as_deref().unwrap_or("")
        );
        if ui.selectable_label(k == state.current, text).clicked() {
            state.current = k;
        }
    }
}

fn highlighted(ctx: &Context, text_color: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = f32::INFINITY;
    let font = FontId::proportional(15.0);
    let plain = TextFormat {
        font_id: font.clone(),
        color: text_color,
        ..Default::default()
    };
    let ev = TextFormat {
        background: Color32::from_rgb(0xff, 0xec, 0x99),
        ..plain.clone()
    };
    let fig = TextFormat {
        background: Color32::from_rgb(0xff, 0xb3, 0x47),
        color: Color32::BLACK,
        underline: egui::Stroke::new(1.5, Color32::from_rgb(0xb3, 0x3c, 0x00)),
        ..plain.clone()
    };
    // Cut points where the format changes.
    let t = &ctx.text;
    let mut cuts = vec![0, t.len()];
    for r in [&ctx.evidence, &ctx.figure].into_iter().flatten() {
        cuts.push(r.start.min(t.len()));
        cuts.push(r.end.min(t.len()));
    }
    cuts.sort();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b || !t.is_char_boundary(a) || !t.is_char_boundary(b) {
            continue;
        }
        let inside =
            |r: &Option<Range<usize>>| r.as_ref().is_some_and(|r| a >= r.start && b <= r.end);
        let f = if inside(&ctx.figure) {
            fig.clone()
        } else if inside(&ctx.evidence) {
            ev.clone()
        } else {
            plain.clone()
        };
        job.append(&t[a..b], 0.0, f);
    }
    job
}

/// Finds the paragraph of a record's evidence in its source file.
fn context_of(r: &Record, folder: Option<&Path>) -> Context {
    let evidence = r.evidence.clone().unwrap_or_default();
    let file = folder
        .map(|f| f.join(&*r.source))
        .filter(|p| p.is_file() && safe_rel(&r.source));
    let mut c = Context {
        file: file.clone(),
        ..Default::default()
    };
    // The same bytes → text rule as the extractor: spans index into it.
    let source_text = file.as_ref().and_then(|p| {
        let bytes = crate::load::read_limited(p, crate::load::MAX_PAGE_BYTES).ok()?;
        Some(crate::text::page_text(&r.source, &bytes).ok()?.text)
    });
    let is_page = crate::extract::is_page(&r.source);
    if let (Some(text), true) = (source_text, is_page) {
        // The evidence: by span (character offsets) first, then by search.
        let by_span = r.span.and_then(|[a, b]| {
            let start = text.char_indices().nth(a).map(|(i, _)| i)?;
            let end = text
                .char_indices()
                .nth(b)
                .map(|(i, _)| i)
                .unwrap_or(text.len());
            (start < end).then_some(start..end)
        });
        let found = by_span.or_else(|| {
            if evidence.is_empty() {
                None
            } else {
                text.find(&*evidence).map(|s| s..s + evidence.len())
            }
        });
        if let Some(ev) = found {
            let para_start = text[..ev.start].rfind('\n').map_or(0, |i| i + 1);
            let para_end = text[ev.end..].find('\n').map_or(text.len(), |i| ev.end + i);
            // Very long paragraphs: keep about 300 characters either side.
            let para_start = clip_back(&text, para_start, ev.start, 300);
            let para_end = clip_forward(&text, ev.end, para_end, 300);
            let para = &text[para_start..para_end];
            let ev_rel = ev.start - para_start..ev.end - para_start;
            c.figure = figure_range(&para[ev_rel.clone()], r.value)
                .map(|f| f.start + ev_rel.start..f.end + ev_rel.start);
            c.text = para.trim_end().to_string();
            c.evidence = Some(ev_rel.start..ev_rel.end.min(c.text.len()));
            return c;
        }
        c.note = Some("原文中找不到这段证据 The evidence was not found in the source file".into());
    } else if folder.is_none() {
        c.note =
            Some("示例数据不附原文 The sample carries the evidence only, not the pages".into());
    } else if c.file.is_none() {
        c.note = Some(format!(
            "{} 不在打开的文件夹里 is not in the opened folder",
            r.source
        ));
    }
    Context {
        file: c.file,
        ..evidence_only(r, c.note)
    }
}

/// The record's own evidence as its context, with a note.
fn evidence_only(r: &Record, note: Option<String>) -> Context {
    let evidence = r.evidence.as_deref().unwrap_or_default().to_string();
    Context {
        evidence: Some(0..evidence.len()),
        figure: figure_range(&evidence, r.value),
        text: evidence,
        file: None,
        note,
    }
}

/// A record's source must stay inside the opened folder.
fn safe_rel(source: &str) -> bool {
    let p = Path::new(source);
    !p.is_absolute()
        && !p
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
}

fn clip_back(text: &str, start: usize, at: usize, chars: usize) -> usize {
    let mut i = at;
    for (n, (j, _)) in text[start..at].char_indices().rev().enumerate() {
        i = start + j;
        if n >= chars {
            break;
        }
    }
    if at == start { start } else { i }
}

fn clip_forward(text: &str, at: usize, end: usize, chars: usize) -> usize {
    match text[at..end].char_indices().nth(chars) {
        Some((j, _)) => at + j,
        None => end,
    }
}

/// The byte range of the figure in `evidence`: the number that, with its
/// multiplier (万, 亿, 千), equals `value`; else the first number.
pub fn figure_range(evidence: &str, value: f64) -> Option<Range<usize>> {
    let chars: Vec<(usize, char)> = evidence.char_indices().collect();
    let mut candidates: Vec<(Range<usize>, f64)> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            let start = chars[k].0;
            let mut digits = String::new();
            let mut j = k;
            while j < chars.len() {
                let ch = chars[j].1;
                if ch.is_ascii_digit() {
                    digits.push(ch);
                } else if ('０'..='９').contains(&ch) {
                    digits.push(char::from(b'0' + (ch as u32 - '０' as u32) as u8));
                } else if (ch == '.' || ch == '．')
                    && j + 1 < chars.len()
                    && chars[j + 1].1.is_ascii_digit()
                {
                    digits.push('.');
                } else if ch == ',' && j + 1 < chars.len() && chars[j + 1].1.is_ascii_digit() {
                    // thousands separator
                } else {
                    break;
                }
                j += 1;
            }
            let base: f64 = digits.parse().unwrap_or(f64::NAN);
            // An optional space, then a multiplier.
            let mut m = j;
            while m < chars.len() && chars[m].1 == ' ' {
                m += 1;
            }
            let (mult, after) = match chars.get(m).map(|c| c.1) {
                Some('万') => (1e4, m + 1),
                Some('亿') => (1e8, m + 1),
                Some('千') => (1e3, m + 1),
                _ => (1.0, j),
            };
            let end = chars.get(after).map_or(evidence.len(), |c| c.0);
            candidates.push((start..end, base * mult));
            k = after.max(k + 1);
        } else {
            k += 1;
        }
    }
    let close = |a: f64| (a - value).abs() <= 1e-6 * value.abs().max(1.0);
    candidates
        .iter()
        .find(|(_, v)| close(*v))
        .or(candidates.first())
        .map(|(r, _)| r.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_figure_with_its_multiplier() {
        let e = "第一批10万只发完后，再投放 45 万只口罩";
        let r = figure_range(e, 450000.0).unwrap();
        assert_eq!(&e[r], "45 万");
        let e = "已排查居民8000多户";
        assert_eq!(&e[figure_range(e, 8000.0).unwrap()], "8000");
        let e = "接种率达75.3%";
        assert_eq!(&e[figure_range(e, 75.3).unwrap()], "75.3");
        assert!(figure_range("没有数字", 1.0).is_none());
        let e = "共 1,200 人";
        assert_eq!(&e[figure_range(e, 1200.0).unwrap()], "1,200");
    }

    #[test]
    fn paths_outside_the_folder_are_refused() {
        assert!(safe_rel("a/b.txt"));
        assert!(!safe_rel("../b.txt"));
        assert!(!safe_rel("/etc/passwd"));
    }
}
