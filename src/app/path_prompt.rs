//! "Type a path": the stand-in for a native file dialog that cannot open.
//!
//! On Linux rfd asks the XDG desktop portal and falls back to zenity; on a
//! bare window manager with neither, the dialog returns at once as if the
//! user had cancelled, and the button would seem dead. The app then opens
//! this box instead, so a folder can still be opened and a chart saved.

use egui::{Key, RichText};
use std::path::PathBuf;

/// What the typed path is for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Purpose {
    OpenFolder,
    SavePng(f32),
    SaveCsv,
    SaveView,
    OpenView,
}

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Purpose::OpenFolder => "打开文件夹 Open a folder",
            Purpose::SavePng(_) => "导出图片 Save the chart as PNG",
            Purpose::SaveCsv => "导出记录 Save the records as CSV",
            Purpose::SaveView => "保存视图 Save the view",
            Purpose::OpenView => "打开视图 Open a view file",
        }
    }
}

pub struct PathPrompt {
    pub purpose: Purpose,
    pub text: String,
}

impl PathPrompt {
    pub fn new(purpose: Purpose, start: String) -> Self {
        PathPrompt {
            purpose,
            text: start,
        }
    }
}

/// What the user decided in the box this frame.
pub enum Outcome {
    Keep,
    Cancel,
    Chosen(Purpose, PathBuf),
}

pub fn ui(ctx: &egui::Context, prompt: &mut PathPrompt) -> Outcome {
    let mut outcome = Outcome::Keep;
    egui::Window::new(prompt.purpose.title())
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "系统文件对话框无法打开，请输入路径。\nNo file dialog is available here (it needs the desktop portal or zenity): type the path.",
                )
                .weak(),
            );
            let edit = ui.add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .desired_width(420.0)
                    .hint_text("/home/…"),
            );
            if !edit.has_focus() && !edit.lost_focus() {
                edit.request_focus();
            }
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.horizontal(|ui| {
                let ok = ui.button("确定 OK").clicked() || entered;
                if ok && !prompt.text.trim().is_empty() {
                    outcome = Outcome::Chosen(prompt.purpose, expand_home(prompt.text.trim()));
                }
                if ui.button("取消 Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    outcome = Outcome::Cancel;
                }
            });
        });
    outcome
}

/// `~/x` as people type it in a shell.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_expanded_only_at_the_start() {
        let p = expand_home("/data/~/x");
        assert_eq!(p, PathBuf::from("/data/~/x"));
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(expand_home("~/news"), PathBuf::from(home).join("news"));
        }
    }
}
