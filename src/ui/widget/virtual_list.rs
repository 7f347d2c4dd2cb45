//! A windowed list: only the rows inside the viewport (plus a little overscan) are laid out;
//! spacers stand in for the rest, so a folder of 100,000 messages costs what a screenful does.
//! iced 0.14's `scrollable(column)` would lay out every row.

use iced::widget::{column, scrollable, space, Column};
use iced::{Element, Fill};

/// Where the list is scrolled to and how tall its window is (from `on_scroll`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub offset_y: f32,
    pub height: f32,
}

impl Default for Viewport {
    fn default() -> Self {
        // Until the first scroll event, assume a tall window.
        Viewport {
            offset_y: 0.0,
            height: 1200.0,
        }
    }
}

/// Extra rows laid out above and below the visible ones.
const OVERSCAN: usize = 4;

/// Indices of the rows to lay out for `len` rows of `row_height` pixels.
pub fn visible_range(len: usize, row_height: f32, view: Viewport) -> std::ops::Range<usize> {
    if len == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let first = ((view.offset_y.max(0.0) / row_height).floor() as usize).saturating_sub(OVERSCAN);
    let shown = (view.height.max(0.0) / row_height).ceil() as usize + 2 * OVERSCAN;
    let first = first.min(len);
    first..(first + shown).min(len)
}

/// Build the list. `row(i)` makes row `i`; `on_scroll(offset_y, height)` reports the viewport.
pub fn view<'a, Message: Clone + 'a>(
    id: &'static str,
    len: usize,
    row_height: f32,
    viewport: Viewport,
    row: impl Fn(usize) -> Element<'a, Message>,
    on_scroll: impl Fn(f32, f32) -> Message + 'a,
) -> Element<'a, Message> {
    let range = visible_range(len, row_height, viewport);
    let mut rows: Column<'a, Message> = column![space().height(range.start as f32 * row_height)];
    for i in range.clone() {
        rows = rows.push(row(i));
    }
    rows = rows.push(space().height((len - range.end) as f32 * row_height));
    scrollable(rows.width(Fill))
        .id(id)
        .width(Fill)
        .height(Fill)
        // The scrollbar beside the rows, not over their right edge (the date column).
        .spacing(2)
        .on_scroll(move |v| on_scroll(v.absolute_offset().y, v.bounds().height))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_rows_are_laid_out() {
        let view = Viewport {
            offset_y: 28.0 * 50_000.0,
            height: 560.0,
        };
        let r = visible_range(100_000, 28.0, view);
        assert_eq!(r, 49_996..50_024);
        assert!(r.len() < 40);
        assert_eq!(visible_range(0, 28.0, view), 0..0);
        assert_eq!(visible_range(10, 28.0, Viewport::default()), 0..10);
        let end = Viewport {
            offset_y: 28.0 * 99_990.0,
            height: 560.0,
        };
        assert_eq!(visible_range(100_000, 28.0, end).end, 100_000);
    }
}
