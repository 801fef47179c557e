//! Which measures and which days the charts show.

use super::Command;
use super::chart::measure_color;
use crate::records::{Dataset, Filter, Measure, RecordDate};
use egui::{RichText, Ui};

/// The text of the two date fields, kept while the user types.
#[derive(Default)]
pub struct DateState {
    pub from: String,
    pub to: String,
    span: Option<(i64, i64)>,
}

impl DateState {
    /// The first and last day of `ds`, what the fields typed are kept.
    pub fn set_span(&mut self, ds: &Dataset) {
        self.span = ds.day_span();
    }

    pub fn reset(&mut self, ds: &Dataset) {
        self.span = ds.day_span();
        self.from.clear();
        self.to.clear();
    }
}

/// The measure and date pickers; returns the changes made to `filter`.
pub fn ui(ui: &mut Ui, ds: &Dataset, filter: &Filter, dates: &mut DateState) -> Vec<Command> {
    // The widgets edit a copy; the app applies what differs, as commands.
    let mut edited = filter.clone();
    pickers(ui, ds, &mut edited, dates);
    changes(filter, edited)
}

/// What changed from `before` to `after`, one command per part of the filter.
fn changes(before: &Filter, after: Filter) -> Vec<Command> {
    let mut cmds = Vec::new();
    if after.measures != before.measures {
        cmds.push(Command::SetMeasures(after.measures));
    }
    if (after.from, after.to) != (before.from, before.to) {
        cmds.push(Command::SetDays(after.from, after.to));
    }
    if after.include_below != before.include_below {
        cmds.push(Command::SetIncludeBelow(after.include_below));
    }
    if after.include_rejected != before.include_rejected {
        cmds.push(Command::SetIncludeRejected(after.include_rejected));
    }
    cmds
}

/// The measure boxes, the date fields and year buttons, and places within.
fn pickers(ui: &mut Ui, ds: &Dataset, filter: &mut Filter, dates: &mut DateState) {
    ui.label(RichText::new("措施 Measures").size(16.0).strong());
    let counts = ds.measure_counts();
    ui.horizontal(|ui| {
        if ui.small_button("全选 all").clicked() {
            filter.measures = Measure::ALL.into_iter().collect();
        }
        if ui.small_button("全不选 none").clicked() {
            filter.measures.clear();
        }
    });
    {
        for m in Measure::ALL {
            let n = counts.get(&m).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            ui.horizontal(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                let mut on = filter.measures.contains(&m);
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(10.0, 14.0), egui::Sense::hover());
                ui.painter()
                    .circle_filled(rect.center(), 5.0, measure_color(m));
                let r = ui
                    .checkbox(&mut on, format!("{} {}  {}", m.zh(), m.en(), n))
                    .on_hover_text(format!("code: {}", m.code()));
                if r.changed() {
                    if on {
                        filter.measures.insert(m);
                    } else {
                        filter.measures.remove(&m);
                    }
                }
            });
        }
        if counts.is_empty() {
            ui.label(RichText::new("—").weak());
        }
    }
    ui.separator();
    ui.label(RichText::new("日期 Dates").size(16.0).strong());
    let (lo, hi) = dates.span.unwrap_or((0, 0));
    let hint_from = RecordDate::from_day_number(lo).to_string();
    let hint_to = RecordDate::from_day_number(hi).to_string();
    egui::Grid::new("dates").num_columns(2).show(ui, |ui| {
        ui.label("从 from");
        let ok_from = date_field(ui, &mut dates.from, &hint_from, "from");
        ui.end_row();
        ui.label("到 to");
        let ok_to = date_field(ui, &mut dates.to, &hint_to, "to");
        ui.end_row();
        if let Some(v) = ok_from {
            filter.from = v;
        }
        if let Some(v) = ok_to {
            filter.to = v;
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        if ui.small_button("全部 all").clicked() {
            dates.from.clear();
            dates.to.clear();
            filter.from = None;
            filter.to = None;
        }
        if let Some((lo, hi)) = dates.span {
            let y0 = RecordDate::from_day_number(lo).year;
            let y1 = RecordDate::from_day_number(hi).year;
            for y in y0..=y1.min(y0 + 5) {
                if ui.small_button(format!("{y}")).clicked() {
                    dates.from = format!("{y}-01-01");
                    dates.to = format!("{y}-12-31");
                    filter.from = RecordDate::parse(&dates.from).map(|d| d.day_number());
                    filter.to = RecordDate::parse(&dates.to).map(|d| d.day_number());
                }
            }
        }
    });
    ui.checkbox(
        &mut filter.include_below,
        "含下级地点 include places within",
    )
    .on_hover_text(
        "A place's lane also shows the records of the places below it (a city with its counties)",
    );
}

/// A date text field; returns Some(new bound) when the text is a date or empty.
fn date_field(ui: &mut Ui, text: &mut String, hint: &str, which: &str) -> Option<Option<i64>> {
    let parsed = RecordDate::parse(text);
    let bad = !text.trim().is_empty() && parsed.is_none();
    let mut edit = egui::TextEdit::singleline(text)
        .hint_text(hint)
        .desired_width(110.0);
    if bad {
        edit = edit.text_color(ui.visuals().error_fg_color);
    }
    let r = ui.add(edit).on_hover_text(format!(
        "YYYY-MM-DD, YYYY-MM or YYYY; empty = no {which} limit"
    ));
    if !r.changed() {
        return None;
    }
    if text.trim().is_empty() {
        return Some(None);
    }
    let d = RecordDate::parse(text)?;
    // "to 2021-05" means to the end of May.
    let day = if which == "to" {
        match (d.month, d.day) {
            (_, Some(_)) => d.day_number(),
            (Some(m), None) => {
                let next = if m == 12 {
                    RecordDate {
                        year: d.year + 1,
                        month: Some(1),
                        day: Some(1),
                    }
                } else {
                    RecordDate {
                        year: d.year,
                        month: Some(m + 1),
                        day: Some(1),
                    }
                };
                next.day_number() - 1
            }
            (None, _) => {
                RecordDate {
                    year: d.year + 1,
                    month: Some(1),
                    day: Some(1),
                }
                .day_number()
                    - 1
            }
        }
    } else {
        d.day_number()
    };
    Some(Some(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_edited_part_of_the_filter_is_one_command() {
        let before = Filter::default();
        assert!(changes(&before, before.clone()).is_empty());
        let mut after = before.clone();
        after.measures.remove(&Measure::Screening);
        after.to = Some(18_300);
        after.include_below = true;
        let cmds = changes(&before, after.clone());
        assert_eq!(
            cmds,
            [
                Command::SetMeasures(after.measures),
                Command::SetDays(None, Some(18_300)),
                Command::SetIncludeBelow(true),
            ]
        );
    }
}
