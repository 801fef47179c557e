//! CountyLens: turns folders of Chinese local news and hand-coded records
//! into comparable records of how localities responded to the epidemic.
//!
//! The path of the data is the module list: `records` (the contract),
//! `gazetteer` (places), `extract` (pages → records), `load` (a folder →
//! records and problems, off the UI thread) and `app` (the window). Only
//! `app` knows egui.

#[cfg(feature = "gui")]
pub mod app;
pub mod compare;
pub mod extract;
#[cfg(feature = "gui")]
pub mod fonts;
pub mod gazetteer;
pub mod load;
pub mod records;
pub mod report;
pub mod search;
pub mod text;
