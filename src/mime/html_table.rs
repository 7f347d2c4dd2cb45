//! Which HTML tables are shown as a grid. Mail uses tables two ways: for data (a few rows and
//! columns of text: an invoice, a timetable), and for layout (newsletters nest tables to place
//! columns and banners). Only the first reads better as a grid; layout tables are flattened
//! into lines as before, each row's cells joined by spaces.

use super::html_doc::{Block, BlockKind, CellAt, Span, Style};
use std::collections::HashMap;

/// Most columns a grid gets (more reads better as lines on a mail-sized pane).
pub const MAX_COLUMNS: u16 = 8;
/// Longest text a grid cell may hold; longer cells mean layout.
pub const MAX_CELL_CHARS: usize = 200;

/// Keep the cells of simple tables; turn the others' cells back into paragraphs. `room` is
/// what is left of the document's text cap: the space joining two cells of a row spends it,
/// and without room the cell stays a line of its own (a fuzzing find: a layout table of many
/// short cells took a document 35 characters past its cap in joining spaces).
pub fn settle(blocks: &mut Vec<Block>, nested: &[u32], mut room: usize) {
    // Per table: (rows, widest row, cells with several blocks or long text).
    let mut shape: HashMap<u32, (u16, u16, bool)> = HashMap::new();
    let mut seen_cells: HashMap<(u32, u16, u16), usize> = HashMap::new();
    for b in blocks.iter() {
        if let BlockKind::Cell(at) = b.kind {
            let e = shape.entry(at.table).or_insert((0, 0, false));
            e.0 = e.0.max(at.row);
            e.1 = e.1.max(at.col);
            let chars: usize = b.spans.iter().map(|s| s.text.chars().count()).sum();
            let blocks_in_cell = seen_cells.entry((at.table, at.row, at.col)).or_insert(0);
            *blocks_in_cell += 1;
            if *blocks_in_cell > 1 || chars > MAX_CELL_CHARS || b.quote > 0 {
                e.2 = true;
            }
        }
    }
    let grid = |table: u32| {
        shape.get(&table).is_some_and(|&(rows, cols, messy)| {
            rows >= 2 && (2..=MAX_COLUMNS).contains(&cols) && !messy && !nested.contains(&table)
        })
    };
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // The cell each flattened paragraph of `out` came from, so that the next cell of the same
    // row can join its line.
    let mut came_from: Option<CellAt> = None;
    for b in blocks.drain(..) {
        let at = match b.kind {
            BlockKind::Cell(at) if !grid(at.table) => at,
            _ => {
                came_from = None;
                out.push(b);
                continue;
            }
        };
        let joins =
            room > 0 && came_from.is_some_and(|prev| prev.table == at.table && prev.row == at.row);
        match out.last_mut() {
            Some(prev) if joins => {
                room -= 1;
                prev.spans.push(Span {
                    text: " ".into(),
                    style: Style::default(),
                    link: None,
                });
                prev.spans.extend(b.spans);
            }
            _ => out.push(Block {
                kind: BlockKind::Paragraph,
                quote: b.quote,
                spans: b.spans,
            }),
        }
        came_from = Some(at);
    }
    *blocks = out;
}

#[cfg(test)]
mod tests {
    use super::super::html_doc::{to_document, BlockKind};

    fn kinds(html: &str) -> Vec<String> {
        to_document(html, 100_000)
            .blocks
            .iter()
            .map(|b| {
                let text: String = b.spans.iter().map(|s| s.text.as_str()).collect();
                match b.kind {
                    BlockKind::Cell(at) => format!(
                        "{},{}{}:{text}",
                        at.row,
                        at.col,
                        if at.header { "h" } else { "" }
                    ),
                    _ => format!("p:{text}"),
                }
            })
            .collect()
    }

    #[test]
    fn a_data_table_keeps_its_cells() {
        let html = "<p>Your order</p><table><tr><th>Item</th><th>Price</th></tr>\
                    <tr><td>Tea</td><td>3,000원</td></tr><tr><td>Cake</td><td>5,500원</td></tr></table><p>Thanks</p>";
        assert_eq!(
            kinds(html),
            [
                "p:Your order",
                "1,1h:Item",
                "1,2h:Price",
                "2,1:Tea",
                "2,2:3,000원",
                "3,1:Cake",
                "3,2:5,500원",
                "p:Thanks"
            ]
        );
    }

    #[test]
    fn layout_tables_flatten_into_lines() {
        // Nested: the outer table only places the inner one (which, simple, stays a grid).
        let nested = "<table><tr><td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td><td>side</td></tr><tr><td>x</td><td>y</td></tr></table>";
        assert_eq!(
            kinds(nested),
            ["1,1:a", "1,2:b", "2,1:c", "2,2:d", "p:side", "p:x y"]
        );
        // One column, or one row: lines.
        assert_eq!(
            kinds("<table><tr><td>x</td></tr><tr><td>y</td></tr></table>"),
            ["p:x", "p:y"]
        );
        assert_eq!(
            kinds("<table><tr><td>x</td><td>y</td></tr></table>"),
            ["p:x y"]
        );
    }
}
