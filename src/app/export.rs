//! Chart → PNG: a screenshot of the window, cropped to the chart card
//! (title, axes, legend included). For 2× the window is zoomed and grown for
//! a few frames so the chart keeps its layout at twice the pixels, then put
//! back. Writing the file happens on another thread.

use egui::{ColorImage, Context, Rect, Vec2, ViewportCommand};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

pub struct PngExport {
    pub path: PathBuf,
    pub scale: f32,
    phase: Phase,
    old_zoom: f32,
    old_size: Vec2,
    frames: u32,
}

enum Phase {
    /// Zoom requested; waiting for it to take effect.
    Zooming,
    /// Window size requested; waiting for it (or giving up after a while).
    Resizing,
    /// Letting layout and text settle at the new size.
    Settling(u32),
    Shooting(Receiver<Arc<ColorImage>>),
    Restoring(
        Option<Result<PathBuf, String>>,
        Option<Receiver<Result<PathBuf, String>>>,
    ),
}

pub enum Step {
    Continue,
    Done(Result<PathBuf, String>),
}

impl PngExport {
    pub fn new(path: PathBuf, scale: f32, ctx: &Context) -> Self {
        let scale = if scale >= 1.5 { 2.0 } else { 1.0 };
        let old_zoom = ctx.zoom_factor();
        let old_size = ctx.viewport_rect().size();
        let phase = if scale > 1.0 {
            ctx.set_zoom_factor(old_zoom * scale);
            // The zoom takes effect next frame; this command is carried out
            // at the end of this one, still at the old scale: twice the size
            // in old points is the same size in new points.
            ctx.send_viewport_cmd(ViewportCommand::InnerSize(old_size * scale));
            Phase::Zooming
        } else {
            Phase::Settling(2)
        };
        PngExport {
            path,
            scale,
            phase,
            old_zoom,
            old_size,
            frames: 0,
        }
    }

    /// While zooming and resizing, the app draws nothing: laying panels out
    /// in a half-size window would shrink them for good.
    pub fn hides_ui(&self) -> bool {
        matches!(
            self.phase,
            Phase::Zooming | Phase::Resizing | Phase::Restoring(..)
        ) && self.scale > 1.0
            || matches!(self.phase, Phase::Restoring(..))
    }

    fn size_ok(&self, ctx: &Context) -> bool {
        (ctx.viewport_rect().size() - self.old_size).length() < 2.0
    }

    /// Called once per frame after drawing; `chart` is where the chart card
    /// was drawn this frame.
    pub fn step(&mut self, ctx: &Context, chart: Option<Rect>) -> Step {
        self.frames += 1;
        ctx.request_repaint();
        if self.frames > 600 {
            ctx.set_zoom_factor(self.old_zoom);
            return Step::Done(Err(
                "导出超时 the screenshot never came (is the window visible?)".into(),
            ));
        }
        let phase = std::mem::replace(&mut self.phase, Phase::Zooming);
        self.phase = match phase {
            Phase::Zooming => {
                if (ctx.zoom_factor() - self.old_zoom * self.scale).abs() < 1e-3 {
                    Phase::Resizing
                } else {
                    Phase::Zooming
                }
            }
            Phase::Resizing => {
                if self.size_ok(ctx) || self.frames > 60 {
                    Phase::Settling(3)
                } else {
                    // Some integrations size in the new points: ask again, now at the new scale.
                    if self.frames % 10 == 2 {
                        ctx.send_viewport_cmd(ViewportCommand::InnerSize(self.old_size));
                    }
                    Phase::Resizing
                }
            }
            Phase::Settling(0) => {
                let (tx, rx) = channel();
                let c = ctx.clone();
                ctx.request_screenshot(move |img| {
                    let _ = tx.send(img);
                    c.request_repaint();
                });
                Phase::Shooting(rx)
            }
            Phase::Settling(n) => Phase::Settling(n - 1),
            Phase::Shooting(rx) => match rx.try_recv() {
                Ok(img) => {
                    let ppp = ctx.pixels_per_point();
                    let (result, writer) = match chart {
                        None => (
                            Some(Err("the chart is empty: nothing to export".to_string())),
                            None,
                        ),
                        Some(rect) => {
                            let cropped = crop(&img, rect, ppp);
                            let path = self.path.clone();
                            let (tx, rx) = channel();
                            let c = ctx.clone();
                            let spawned = std::thread::Builder::new()
                                .name("write-png".into())
                                .spawn(move || {
                                    let _ = tx.send(write_png(&cropped, &path).map(|_| path));
                                    c.request_repaint();
                                });
                            match spawned {
                                Ok(_) => (None, Some(rx)),
                                Err(e) => (Some(Err(format!("cannot start writing: {e}"))), None),
                            }
                        }
                    };
                    if self.scale > 1.0 {
                        ctx.set_zoom_factor(self.old_zoom);
                        ctx.send_viewport_cmd(ViewportCommand::InnerSize(
                            self.old_size / self.scale,
                        ));
                        self.frames = 0;
                    }
                    Phase::Restoring(result, writer)
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => Phase::Shooting(rx),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => Phase::Restoring(
                    Some(Err("the screenshot was refused by the renderer".into())),
                    None,
                ),
            },
            Phase::Restoring(mut result, mut writer) => {
                let mut restored = true;
                if self.scale > 1.0 {
                    let zoomed_back = (ctx.zoom_factor() - self.old_zoom).abs() < 1e-3;
                    restored = zoomed_back && (self.size_ok(ctx) || self.frames > 60);
                    if zoomed_back && !self.size_ok(ctx) && self.frames % 10 == 2 {
                        ctx.send_viewport_cmd(ViewportCommand::InnerSize(self.old_size));
                    }
                }
                if let Some(rx) = &writer {
                    match rx.try_recv() {
                        Ok(r) => {
                            result = Some(r);
                            writer = None;
                        }
                        Err(std::sync::mpsc::TryRecvError::Empty) => {}
                        Err(_) => {
                            result = Some(Err("the PNG writer stopped".into()));
                            writer = None;
                        }
                    }
                }
                match (result, writer, restored) {
                    (Some(r), None, true) => return Step::Done(r),
                    (result, writer, _) => Phase::Restoring(result, writer),
                }
            }
        };
        Step::Continue
    }
}

/// The part of a screenshot under `rect` (points).
pub fn crop(img: &ColorImage, rect: Rect, ppp: f32) -> ColorImage {
    let full = Rect::from_min_size(
        egui::Pos2::ZERO,
        egui::vec2(img.width() as f32, img.height() as f32) / ppp,
    );
    let r = rect.intersect(full);
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return img.clone();
    }
    img.region(&r, Some(ppp))
}

pub fn write_png(img: &ColorImage, path: &Path) -> Result<(), String> {
    let [w, h] = img.size;
    let mut bytes = Vec::with_capacity(w * h * 4);
    for c in &img.pixels {
        bytes.extend_from_slice(&c.to_srgba_unmultiplied());
    }
    let buf = image::RgbaImage::from_raw(w as u32, h as u32, bytes).ok_or("bad image size")?;
    buf.save_with_format(path, image::ImageFormat::Png)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
