//! Presentational widgets: props in, DOM out, no application state.

mod copy_block;
mod notice;

pub use copy_block::{CopyBlock, CopyButton};
pub use notice::{Notice, NoticeKind};
