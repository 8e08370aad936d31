//! Presentational widgets: props in, DOM out, no application state.

mod choice_card;
mod copy_block;
mod jump_link;
mod lazy_details;
mod notice;
mod step_heading;

pub use choice_card::ChoiceCard;
pub use copy_block::{CopyBlock, CopyButton};
pub use jump_link::JumpLink;
pub use lazy_details::LazyDetails;
pub use notice::{Notice, NoticeKind};
pub use step_heading::StepHeading;
