//! Every file or line that could not be read, with the reason, and notes
//! on what was read in a way worth knowing (copies, pages read in parts).

use super::{Command, CountyLens};
use egui::{RichText, Ui};

pub fn ui(ui: &mut Ui, app: &CountyLens) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("问题 Problems ({})", app.problems.len())).strong());
        ui.label(RichText::new("未能读取的文件或行，以及读取时的说明（副本、分段读取）。其余记录照常载入 What could not be read, and notes on what was read (copies, pages read in parts); everything else loaded.").weak().size(12.0));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("× 关闭 close").clicked() {
                cmds.push(Command::ToggleProblems);
            }
        });
    });
    if app.problems.is_empty() {
        ui.label(RichText::new("没有问题 No problems: every file was read.").weak());
        return cmds;
    }
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::both()
        .id_salt("problems-scroll")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, app.problems.len(), |ui, range| {
            egui::Grid::new("problems-grid")
                .num_columns(3)
                .striped(true)
                .min_col_width(60.0)
                .show(ui, |ui| {
                    for p in &app.problems[range] {
                        ui.label(RichText::new(&p.file).monospace());
                        ui.label(p.line.map(|l| format!("line {l}")).unwrap_or_default());
                        ui.label(&p.message);
                        ui.end_row();
                    }
                });
        });
    cmds
}
