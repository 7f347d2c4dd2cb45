//! Widgets Jebi builds on top of iced.

pub mod virtual_list;
