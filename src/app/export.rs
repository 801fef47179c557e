//! Writing an export off the UI thread. The figure comes from the report
//! (`crate::report`: a fixed size, independent of the window), so nothing
//! here zooms, resizes or screenshots the window any more.

use egui::{Context, Rect};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

pub struct PngExport {
    pub path: PathBuf,
    rx: Receiver<Result<PathBuf, String>>,
}

pub enum Step {
    Continue,
    Done(Result<PathBuf, String>),
}

impl PngExport {
    /// Renders with `render` and writes the bytes to `path` on a thread of its own.
    pub fn start(
        path: PathBuf,
        ctx: &Context,
        render: impl FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
    ) -> Self {
        let (tx, rx) = channel();
        let c = ctx.clone();
        let p = path.clone();
        let spawned = std::thread::Builder::new()
            .name("write-export".into())
            .spawn(move || {
                let result = render().and_then(|bytes| {
                    crate::report::write_file(&p, &bytes)
                        .map_err(|e| format!("cannot write {}: {e}", p.display()))
                        .map(|_| p)
                });
                let _ = tx.send(result);
                c.request_repaint();
            });
        if let Err(e) = spawned {
            let (tx, rx2) = channel();
            let _ = tx.send(Err(format!("cannot start writing: {e}")));
            return PngExport { path, rx: rx2 };
        }
        ctx.request_repaint();
        PngExport { path, rx }
    }

    /// The window is never hidden for an export any more.
    pub fn hides_ui(&self) -> bool {
        false
    }

    /// Polled once per frame.
    pub fn step(&mut self, _ctx: &Context, _chart: Option<Rect>) -> Step {
        match self.rx.try_recv() {
            Ok(r) => Step::Done(r),
            Err(TryRecvError::Empty) => Step::Continue,
            Err(TryRecvError::Disconnected) => Step::Done(Err("the export writer stopped".into())),
        }
    }
}
