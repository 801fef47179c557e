//! Report figures: a view of the records at a fixed size, independent of
//! any window, with a title, a subtitle, the chart with its legend and axis
//! labels, and a source line — as SVG (text stays text) and as PNG (that
//! same SVG rasterised with the bundled font).
//!
//! The path is `ViewState` (what the app's controls hold: places, filter,
//! series, aggregate, per-capita) → [`model::Figure`] (what the chart shows,
//! built from the same `Dataset`, `Filter` and `compare` calls the app's
//! views use) → [`layout`] (an SVG document of a given size) → [`raster`]
//! (PNG bytes). The last two need the `report` feature; the model and the
//! saved view file ([`view_file`]) are plain library code.

pub mod model;
pub mod view_file;

#[cfg(feature = "report")]
pub mod layout;
#[cfg(feature = "report")]
pub mod raster;

pub use model::{Figure, View, ViewState};
pub use view_file::ViewFile;

/// Default report size in logical points: a 16:9 slide or half a page.
pub const DEFAULT_SIZE: (u32, u32) = (1600, 900);

/// What to render: a size in logical points and a pixel scale (1 or 2;
/// only the PNG uses it, the SVG is the same at both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Size {
    pub width: u32,
    pub height: u32,
    pub scale: u32,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            width: DEFAULT_SIZE.0,
            height: DEFAULT_SIZE.1,
            scale: 1,
        }
    }
}

impl Size {
    /// Smallest size a report is laid out at: below it titles and labels
    /// would not fit whatever the layout does.
    pub const MIN: (u32, u32) = (480, 320);
    /// Largest: a 2× PNG of it is 16000×16000 pixels, about 1 GB of pixels.
    pub const MAX: (u32, u32) = (8000, 8000);

    /// `1600x900` (also `1600×900`), checked against [`Size::MIN`] and [`Size::MAX`].
    pub fn parse(s: &str, scale: u32) -> Result<Size, String> {
        let (w, h) = s
            .split_once(['x', 'X', '×'])
            .ok_or_else(|| format!("size {s:?}: write WIDTHxHEIGHT, e.g. 1600x900"))?;
        let num = |t: &str| {
            t.trim()
                .parse::<u32>()
                .map_err(|_| format!("size {s:?}: {t:?} is not a whole number"))
        };
        Size::new(num(w)?, num(h)?, scale)
    }

    pub fn new(width: u32, height: u32, scale: u32) -> Result<Size, String> {
        if !(Size::MIN.0..=Size::MAX.0).contains(&width)
            || !(Size::MIN.1..=Size::MAX.1).contains(&height)
        {
            return Err(format!(
                "size {width}x{height}: reports are {}x{} to {}x{} points",
                Size::MIN.0,
                Size::MIN.1,
                Size::MAX.0,
                Size::MAX.1
            ));
        }
        if scale != 1 && scale != 2 {
            return Err(format!("scale {scale}: use 1 or 2"));
        }
        Ok(Size {
            width,
            height,
            scale,
        })
    }

    /// Pixels of the PNG.
    pub fn pixels(&self) -> (u32, u32) {
        (self.width * self.scale, self.height * self.scale)
    }
}

/// The formats a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    #[default]
    Png,
    Svg,
}

impl Format {
    pub fn from_code(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// Options of the SVG beyond the size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SvgOptions {
    /// Put the bundled font into the file (`@font-face` with a data URI,
    /// about 3 MB), for viewers on machines without a CJK font.
    pub embed_font: bool,
}

/// The report of `state` over `ds` as bytes of `format`: the one call the
/// command line and the app's export dialog make.
#[cfg(feature = "report")]
pub fn render(
    ds: &crate::records::Dataset,
    state: &ViewState,
    size: Size,
    format: Format,
    svg: SvgOptions,
) -> Result<Vec<u8>, String> {
    let figure = model::build(ds, state);
    match format {
        Format::Svg => Ok(layout::svg_document(&figure, size, svg).into_bytes()),
        // The PNG is always drawn from the SVG without an embedded font:
        // the rasteriser has the bundled font loaded already.
        Format::Png => raster::png(
            &layout::svg_document(&figure, size, SvgOptions::default()),
            size,
        ),
    }
}

/// Writes an export through a temporary file (no half file on failure),
/// readable by others as a file saved by any program is (the temporary
/// file is created private).
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::records::io::write_atomically(path, |w| w.write_all(bytes))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_are_bounded() {
        assert_eq!(
            Size::parse("1600x900", 2).unwrap(),
            Size {
                width: 1600,
                height: 900,
                scale: 2
            }
        );
        assert_eq!(Size::parse("800×600", 1).unwrap().pixels(), (800, 600));
        assert!(Size::parse("1600", 1).is_err());
        assert!(Size::parse("10x10", 1).is_err());
        assert!(Size::parse("1600x900", 3).is_err());
        assert_eq!(Size::default().pixels(), (1600, 900));
    }
}
