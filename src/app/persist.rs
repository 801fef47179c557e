//! What is kept between runs, and how a start takes it back.

use super::{CountyLens, Notice, View};
use crate::compare::{Aggregate, Comparable};
use crate::records::Measure;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
    /// The date range (`YYYY-MM-DD`), kept like the rest.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The Export window's size in points.
    pub export_size: Option<(u32, u32)>,
}

pub(super) const STORAGE_KEY: &str = "countylens";

impl CountyLens {
    /// Takes back what the last run saved; `folder` becomes the last
    /// folder when the command line named none and it still exists.
    pub(super) fn restore(&mut self, p: &Persisted, folder: &mut Option<PathBuf>) {
        self.view = p.view;
        self.aggregate = p.aggregate;
        self.uniform_y = p.uniform_y;
        self.per_capita = p.per_capita;
        self.filter.include_below = p.include_below;
        self.export_scale = if p.export_scale == 2 { 2.0 } else { 1.0 };
        if let Some(ms) = &p.measures {
            self.filter.measures = ms.iter().filter_map(|c| Measure::from_code(c)).collect();
        }
        self.figure = p.comparable.clone();
        if folder.is_none() {
            *folder = p.folder.clone().filter(|f| f.is_dir());
            if p.folder.is_some() && folder.is_none() {
                self.notice = Some(Notice {
                    text: "上次打开的文件夹已不存在，显示示例数据 The last folder is gone; showing the sample".into(),
                    error: false,
                });
            }
        }
        self.pending_selection = Some(p.selection.clone());
        let day = |s: &Option<String>| {
            s.as_deref()
                .and_then(crate::records::RecordDate::parse)
                .map(|d| d.day_number())
        };
        if p.from.is_some() || p.to.is_some() {
            self.pending_dates = Some((day(&p.from), day(&p.to)));
        }
        if let Some((w, h)) = p.export_size
            && crate::report::Size::new(w, h, 1).is_ok()
        {
            (self.export.width, self.export.height) = (w, h);
        }
    }

    pub(super) fn persisted(&self) -> Persisted {
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
            from: self
                .filter
                .from
                .map(|d| crate::records::RecordDate::from_day_number(d).to_string()),
            to: self
                .filter
                .to
                .map(|d| crate::records::RecordDate::from_day_number(d).to_string()),
            export_size: Some((self.export.width, self.export.height)),
        }
    }
}
