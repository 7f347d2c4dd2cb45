//! Widgets Jebi builds on top of iced.

pub mod ellipsis;
pub mod hover;
pub mod renderer_probe;
pub mod virtual_list;
