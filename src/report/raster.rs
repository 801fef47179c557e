//! The report's SVG rasterised to PNG: resvg (usvg + tiny-skia) with the
//! bundled font as its only font, so the pixels are the same on every
//! machine and in every run — no window, no GPU, no system fonts.

use super::Size;
use super::layout::{FONT, FONT_FAMILY};
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The font database: the bundled font and nothing else.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Pixels (RGBA, premultiplied as tiny-skia keeps them) of `svg` at `size`.
pub fn pixmap(svg: &str, size: Size) -> Result<tiny_skia::Pixmap, String> {
    let opts = usvg::Options {
        font_family: FONT_FAMILY.into(),
        fontdb: fonts(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &opts).map_err(|e| format!("bad report SVG: {e}"))?;
    let (w, h) = size.pixels();
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("cannot make a {w}x{h} image"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let s = size.scale as f32;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(s, s),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// PNG bytes of `svg` at `size` (points × scale pixels).
pub fn png(svg: &str, size: Size) -> Result<Vec<u8>, String> {
    pixmap(svg, size)?
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}
