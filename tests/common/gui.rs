//! What the GUI tests share: the real app in a headless egui_kittest
//! harness (wgpu, software Vulkan), started fresh (nothing of a last run).

use countylens::app::{CountyLens, StartOptions};
use egui_kittest::Harness;

pub fn harness_sized(size: [f32; 2], opts: StartOptions) -> Harness<'static, CountyLens> {
    Harness::builder()
        .with_size(size)
        .with_context_setup(countylens::fonts::install)
        .with_max_steps(400)
        .wgpu()
        .build_eframe(move |cc| {
            CountyLens::new(
                cc,
                StartOptions {
                    fresh: true,
                    ..opts
                },
            )
        })
}
