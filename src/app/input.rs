//! Keys and dropped folders, turned into commands.

use super::{Command, CountyLens, review};
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

impl CountyLens {
    pub(super) fn handle_input(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut cmds = Vec::new();
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let open_view = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
        let save_view = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        // Plain keys act only when no text box has the keyboard.
        let typing = ctx.memory(|m| m.focused().is_some());
        let shown = self.details.shown();
        ctx.input_mut(|i| {
            // Ctrl+Shift+O first: Ctrl+O would match it too.
            if i.consume_shortcut(&open_view) {
                cmds.push(Command::OpenViewDialog);
            }
            if i.consume_shortcut(&save_view) {
                cmds.push(Command::SaveViewDialog);
            }
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
}
