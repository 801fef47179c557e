//! The bar along the top: open, what is open, loading progress, the views,
//! export; and the status bar along the bottom.

use super::{Command, CountyLens, Origin, View};
use egui::{RichText, Ui};

pub fn ui(ui: &mut Ui, app: &CountyLens) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.add_space(4.0);
    ui.horizontal(|ui| source_row(ui, app, &mut cmds));
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        view_tabs(ui, app, &mut cmds);
        ui.separator();
        export_buttons(ui, app, &mut cmds);
        ui.separator();
        tool_buttons(ui, app, &mut cmds);
    });
    ui.add_space(2.0);
    cmds
}

/// Where the records come from: open a folder, its name or the sample, and the reading progress.
fn source_row(ui: &mut Ui, app: &CountyLens, cmds: &mut Vec<Command>) {
    if ui
        .button(RichText::new("打开文件夹 Open folder…").strong())
        .on_hover_text("Ctrl+O — a folder of records (.jsonl, .csv) or news pages (.txt, .html); you can also drop a folder on the window")
        .clicked()
    {
        cmds.push(Command::OpenDialog);
    }
    match &app.origin {
        Origin::Sample => {
            ui.label(RichText::new("示例数据 Sample data").italics())
                .on_hover_text("The records of five local news pages, bundled with CountyLens. Open a folder to chart your own.");
        }
        Origin::Folder(f) => {
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| f.display().to_string());
            ui.label(RichText::new(name).strong())
                .on_hover_text(f.display().to_string());
            if ui
                .small_button("示例 sample")
                .on_hover_text("Show the bundled sample again")
                .clicked()
            {
                cmds.push(Command::UseSample);
            }
        }
    }
    if let Some((done, total)) = app.load_progress() {
        ui.separator();
        ui.spinner();
        let frac = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(
            egui::ProgressBar::new(frac)
                .desired_width(220.0)
                .text(format!("读取中 Reading {done} / {total} files")),
        );
        if ui.button("取消 Cancel").clicked() {
            cmds.push(Command::CancelLoad);
        }
    }
}

/// A tab per view.
fn view_tabs(ui: &mut Ui, app: &CountyLens, cmds: &mut Vec<Command>) {
    for v in View::ALL {
        let hint = match v {
            View::Timeline => "A lane per place, a mark per record, coloured by measure",
            View::Numeric => "One series in one unit: a small plot of the figures for each place",
            View::Bars => "One series in one unit: a bar per place, largest first",
            View::Profile => "How many records each place has, per measure",
        };
        if ui
            .selectable_label(app.view == v, RichText::new(v.label()).size(15.0))
            .on_hover_text(hint)
            .clicked()
        {
            cmds.push(Command::SetView(v));
        }
    }
}

/// Export the chart or its records, and save or open a view file.
fn export_buttons(ui: &mut Ui, app: &CountyLens, cmds: &mut Vec<Command>) {
    let has_chart = !app.shown.records.is_empty();
    ui.add_enabled_ui(has_chart && app.png.is_none(), |ui| {
        if ui
            .button("导出图表 Export…")
            .on_hover_text("Ctrl+E — the chart as a PNG or SVG figure of a set size, with title, legend and sources; a preview first")
            .clicked()
        {
            cmds.push(Command::ExportPngDialog);
        }
    });
    ui.add_enabled_ui(has_chart, |ui| {
        if ui
            .button("导出 CSV Export CSV…")
            .on_hover_text("The records behind the chart")
            .clicked()
        {
            cmds.push(Command::ExportCsvDialog);
        }
    });
    let mut bom = app.export.csv_bom;
    if ui
        .checkbox(&mut bom, "BOM")
        .on_hover_text(
            "CSV with a byte-order mark, so Excel reads the Chinese (untick for other tools)",
        )
        .changed()
    {
        cmds.push(Command::SetCsvBom(bom));
    }
    // One menu for saved views: the toolbar is full at 1280 points.
    ui.menu_button("视图文件 Views", |ui| {
        if ui
            .button("保存视图 Save view…  Ctrl+S")
            .on_hover_text("Places, series, dates and size in a small file, to make this chart again or send it")
            .clicked()
        {
            cmds.push(Command::SaveViewDialog);
            ui.close();
        }
        if ui
            .button("打开视图 Open view…  Ctrl+Shift+O")
            .on_hover_text("A saved view, with its folder")
            .clicked()
        {
            cmds.push(Command::OpenViewDialog);
            ui.close();
        }
    });
}

/// Problems, undo and redo, rejected records, the cache and the review queue.
fn tool_buttons(ui: &mut Ui, app: &CountyLens, cmds: &mut Vec<Command>) {
    let n = app.problems.len();
    if n > 0 {
        let text = RichText::new(format!("{n} 个问题 problems")).color(ui.visuals().warn_fg_color);
        if ui
            .selectable_label(app.show_problems, text)
            .on_hover_text("Files and lines that could not be read, and notes on what was read (copies, pages read in parts)")
            .clicked()
        {
            cmds.push(Command::ToggleProblems);
        }
    }
    if app.can_undo()
        && ui
            .small_button("撤销 Undo")
            .on_hover_text("Ctrl+Z — the last choice of places or review")
            .clicked()
    {
        cmds.push(Command::Undo);
    }
    if app.can_redo()
        && ui
            .small_button("重做 Redo")
            .on_hover_text("Ctrl+Shift+Z")
            .clicked()
    {
        cmds.push(Command::Redo);
    }
    if app.status_counts().1 > 0 {
        let mut rejected = app.filter.include_rejected;
        if ui
            .checkbox(&mut rejected, "显示已否决 show rejected")
            .on_hover_text("Rejected records are left out of the charts; tick to see them")
            .changed()
        {
            cmds.push(Command::SetIncludeRejected(rejected));
        }
    }
    if ui
        .small_button("清除缓存 Clear cache")
        .on_hover_text("Extracted pages are kept in your cache folder so a folder opens fast the next time; this empties it")
        .clicked()
    {
        cmds.push(Command::ClearCache);
    }
    if app.review.can_review()
        && ui
            .small_button("复核 Review")
            .on_hover_text("R — the doubtful records, most doubtful first (J/K to step, Enter confirm, Delete reject)")
            .clicked()
    {
        cmds.push(Command::ReviewQueue);
    }
}

pub fn status_bar(ui: &mut Ui, app: &CountyLens) {
    ui.horizontal(|ui| {
        let ds = &app.data;
        let (places, reviewed) = app.status_counts();
        ui.label(format!(
            "{} 条记录 records · {} 个地点 places",
            ds.len(),
            places
        ));
        if ds.reports() < ds.len() {
            ui.label(format!(
                "· {} 份不同报道 distinct reports (reprints count once)",
                ds.reports()
            ));
        }
        if app.files_read > 0 {
            ui.label(format!("· {} files read", app.files_read));
        }
        if reviewed > 0 {
            ui.label(format!("· 已复核 {reviewed} / {} reviewed", ds.len()));
        }
        if app.files_skipped > 0 {
            ui.label(format!("· {} other files skipped", app.files_skipped))
                .on_hover_text("Only .jsonl, .csv, .txt and .html files are read");
        }
        if let Some(n) = &app.notice {
            ui.separator();
            let color = if n.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(&n.text).color(color));
        }
    });
}
