//! Draws a [`Document`] (an HTML body made safe by `mime::html_doc`) as native rich text:
//! headings, paragraphs, lists, quotes with a bar, preformatted boxes, rules and, once the user
//! allowed it for the message, the remote pictures.

use super::reader::{Message, Remote};
use crate::mime::html_doc::{Block, BlockKind, Document, Span};
use iced::font::{Family, Style as FontStyle, Weight};
use iced::widget::{column, container, image, rich_text, row, rule, text, Column, Space};
use iced::{Color, Element, Fill, Font, Length};

const BODY_SIZE: u32 = 14;
const LINK: Color = iced::color!(0x2f6fdb);
const QUIET: Color = iced::color!(0x808080);

fn heading_size(level: u8) -> u32 {
    match level {
        1 => 22,
        2 => 19,
        3 => 17,
        _ => 15,
    }
}

/// The font for a styled run; None for plain text (the renderer's default font).
fn font_of(s: &Span) -> Option<Font> {
    if !s.style.bold && !s.style.italic && !s.style.mono {
        return None;
    }
    Some(Font {
        weight: if s.style.bold {
            Weight::Bold
        } else {
            Weight::Normal
        },
        style: if s.style.italic {
            FontStyle::Italic
        } else {
            FontStyle::Normal
        },
        family: if s.style.mono {
            Family::Monospace
        } else {
            Font::DEFAULT.family
        },
        ..Font::DEFAULT
    })
}

fn span_of(s: &Span) -> iced::widget::text::Span<'_, String> {
    let mut out = iced::widget::span(s.text.as_str())
        .font_maybe(font_of(s))
        .strikethrough(s.style.strike)
        .underline(s.style.underline || s.link.is_some());
    if let Some(target) = &s.link {
        out = out.link(target.clone()).color(LINK);
    } else if s.style.quiet {
        out = out.color(QUIET).size(BODY_SIZE - 2);
    }
    out
}

fn runs(block: &Block, size: u32) -> Element<'_, Message> {
    // One plain run is an ordinary text (cheaper to lay out than rich text).
    if let [only] = &block.spans[..] {
        if only.link.is_none() && !only.style.underline && !only.style.strike {
            let color = only.style.quiet.then_some(QUIET);
            return text(only.text.as_str())
                .font_maybe(font_of(only))
                .size(if only.style.quiet { size - 2 } else { size })
                .color_maybe(color)
                .into();
        }
    }
    rich_text(block.spans.iter().map(span_of).collect::<Vec<_>>())
        .size(size)
        .on_link_click(Message::OpenLink)
        .into()
}

fn picture<'a>(url: &str, alt: &'a str, remote: &'a Remote) -> Option<Element<'a, Message>> {
    let quiet = |words: String| Some(text(words).size(BODY_SIZE - 2).color(QUIET).into());
    match remote {
        Remote::Shown(loaded) => match loaded.get(url) {
            // Drawn at its own size, shrunk to fit the pane, never enlarged.
            Some(Ok(handle)) => Some(image(handle.clone()).into()),
            // A picture without words that failed (tracking pixels, spacers) leaves nothing.
            Some(Err(_)) if alt.is_empty() => None,
            Some(Err(reason)) => quiet(super::strings::t().picture_failed(alt, reason)),
            None => quiet(format!("[{alt}]")).filter(|_| !alt.is_empty()),
        },
        _ if alt.is_empty() => None,
        _ => quiet(format!("[{alt}]")),
    }
}

fn block_view<'a>(block: &'a Block, remote: &'a Remote) -> Option<Element<'a, Message>> {
    let inner: Element<'a, Message> = match &block.kind {
        BlockKind::Paragraph => runs(block, BODY_SIZE),
        BlockKind::Heading(level) => runs(block, heading_size(*level)),
        BlockKind::Item { depth, marker } => row![
            Space::new().width(Length::Fixed(f32::from(*depth - 1) * 18.0)),
            text(marker.as_str())
                .size(BODY_SIZE)
                .width(Length::Fixed(24.0)),
            runs(block, BODY_SIZE),
        ]
        .into(),
        BlockKind::Pre => container(runs(block, BODY_SIZE - 1))
            .padding(8)
            .width(Fill)
            .style(container::rounded_box)
            .into(),
        BlockKind::Rule => rule::horizontal(1).into(),
        BlockKind::Image { url, alt } => picture(url, alt, remote)?,
        // Cells are drawn together by `grid`; a lone one is a paragraph.
        BlockKind::Cell(_) => runs(block, BODY_SIZE),
    };
    if block.quote == 0 {
        return Some(inner);
    }
    // Each quote level is a bar on the left.
    let mut quoted = row![].spacing(8);
    for _ in 0..block.quote.min(8) {
        quoted = quoted.push(rule::vertical(2));
    }
    Some(quoted.push(inner).height(Length::Shrink).into())
}

/// The document's blocks in order, up to about `limit` characters; true when some were left out.
pub fn document<'a>(
    doc: &'a Document,
    remote: &'a Remote,
    limit: usize,
) -> (Column<'a, Message>, bool) {
    let mut col = column![].spacing(8).width(Fill);
    let mut shown = 0;
    let mut i = 0;
    while i < doc.blocks.len() {
        if shown >= limit {
            return (col, true);
        }
        let block = &doc.blocks[i];
        if let BlockKind::Cell(at) = block.kind {
            let end = doc.blocks[i..]
                .iter()
                .position(|b| !matches!(b.kind, BlockKind::Cell(c) if c.table == at.table))
                .map_or(doc.blocks.len(), |n| i + n);
            let cells = &doc.blocks[i..end];
            shown += cells.iter().map(text_len).sum::<usize>();
            col = col.push(grid(cells));
            i = end;
            continue;
        }
        shown += text_len(block);
        if let Some(element) = block_view(block, remote) {
            col = col.push(element);
        }
        i += 1;
    }
    (col, false)
}

fn text_len(block: &Block) -> usize {
    block.spans.iter().map(|s| s.text.len()).sum()
}

/// A simple table as a grid: equal columns, thin lines around rows and between cells, header
/// cells bold
/// (as `<th>` text already is).
fn grid(cells: &[Block]) -> Element<'_, Message> {
    let cols = cells
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Cell(at) => Some(at.col),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    let mut table = column![].width(Fill);
    let mut k = 0;
    while k < cells.len() {
        let BlockKind::Cell(first) = cells[k].kind else {
            k += 1;
            continue;
        };
        let mut line = row![].width(Fill);
        for col in 1..=cols {
            if col > 1 {
                // Stretched to the row's tallest cell: the column lines run the row's height.
                line = line.push(rule::vertical(1));
            }
            let here = cells.get(k).filter(
                |b| matches!(b.kind, BlockKind::Cell(c) if c.row == first.row && c.col == col),
            );
            let content: Element<'_, Message> = match here {
                Some(b) => {
                    k += 1;
                    runs(b, BODY_SIZE)
                }
                None => Space::new().into(),
            };
            line = line.push(
                container(content)
                    .padding([4, 8])
                    .width(Length::FillPortion(1)),
            );
        }
        // Cells of this row the grid did not place (a row wider than the first) are skipped.
        while matches!(cells.get(k).map(|b| b.kind.clone()), Some(BlockKind::Cell(c)) if c.row == first.row)
        {
            k += 1;
        }
        table = table.push(container(line.height(Length::Shrink)).style(cell_style));
    }
    table.into()
}

fn cell_style(theme: &iced::Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        border: iced::Border {
            color: palette.background.strong.color,
            width: 1.0,
            radius: 0.0.into(),
        },
        ..container::Style::default()
    }
}
