//! The bundled CJK font, and how it is installed into egui.
//!
//! egui's default fonts (Ubuntu-Light, Hack, emoji) have no Chinese at all,
//! so without this every place name and quote would be drawn as tofu boxes.
//! eframe can fall back to system fonts at run time, but what it finds
//! differs from machine to machine (and egui_kittest panics on a missing
//! glyph), so CountyLens carries its own: a subset of Noto Sans CJK SC
//! (SIL OFL 1.1, see `fonts/LICENSE-OFL.txt` and `fonts/README.md`) holding
//! all of GB2312, the common characters of Big5 (traditional pages), plus every character of the gazetteer, the sample records,
//! the UI labels and the seed pages. `tests/font_coverage.rs` checks that
//! promise; `scripts/make-font-subset.sh` regenerates the font when it fails.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// Noto Sans CJK SC, subset for CountyLens (CFF outlines, no hinting).
///
/// Compiled into the binary so the app renders Chinese identically
/// everywhere, with nothing to install beside it.
pub const CJK_FONT: &[u8] = crate::report::layout::FONT;

/// The key of [`CJK_FONT`] in [`FontDefinitions::font_data`].
pub const CJK_FONT_NAME: &str = "NotoSansCJKsc-CountyLens";

/// egui's default fonts plus the CJK font.
///
/// * `Proportional`: the CJK font comes **first**. Most text in this app is
///   Chinese, and egui takes a row's height and baseline from a family's
///   primary font: with the CJK font primary, rows are tall enough for
///   ideographs and Chinese punctuation that Latin fonts also have (“”, ·,
///   —, …) is drawn in its Chinese form rather than Ubuntu's narrow one.
///   The font has full ASCII and Latin-1, so Latin text keeps one look too.
/// * `Monospace`: the CJK font comes right **after Hack**, so code-like text
///   (numbers, ids, paths) keeps Hack's fixed-width Latin and only the
///   characters Hack lacks, Chinese above all, come from the CJK font.
///
/// egui's emoji and icon fonts stay as the last fallbacks in both families.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    defs.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );

    let proportional = defs.families.entry(FontFamily::Proportional).or_default();
    proportional.insert(0, CJK_FONT_NAME.to_owned());

    let monospace = defs.families.entry(FontFamily::Monospace).or_default();
    let after_hack = monospace
        .iter()
        .position(|name| name == "Hack")
        .map_or(0, |i| i + 1);
    monospace.insert(after_hack, CJK_FONT_NAME.to_owned());

    defs
}

/// Install [`definitions`] into `ctx`.
///
/// Call it once, when the app is created (`CreationContext::egui_ctx`), and
/// in test harnesses (`HarnessBuilder::with_context_setup`): egui replaces
/// the fonts at the start of the next pass, so the first frame already has
/// Chinese.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
