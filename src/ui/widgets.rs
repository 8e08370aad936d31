//! Presentational widgets: props in, DOM out, no application state.

mod choice_card;
mod copy_block;
mod notice;

pub use choice_card::ChoiceCard;
pub use copy_block::{CopyBlock, CopyButton};
pub use notice::{Notice, NoticeKind};
