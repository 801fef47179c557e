//! The command line's subcommands: each a thin caller of the library, so
//! that what they do can be tested and reused without the window.

pub mod export;
pub mod export_table;
pub mod extract;
