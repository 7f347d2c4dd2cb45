//! Plain-text mail with its quotes told apart: lines starting with ">" (one per level) are drawn
//! after a bar per level in a quieter colour, and a long quoted stretch folds into one line,
//! "Show quoted text (N lines)", until the user opens it.

use super::Message;
use crate::ui::strings::t;
use iced::widget::{button, column, container, row, rule, text, Column};
use iced::{Element, Length};

/// A quoted stretch longer than this many lines starts folded.
pub const FOLD_LINES: usize = 6;

/// The text's colour inside quotes (readable on light and dark backgrounds).
const QUOTE_GRAY: iced::Color = iced::Color::from_rgb(0.48, 0.50, 0.55);

/// A run of lines at one quote depth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run<'a> {
    pub depth: usize,
    pub lines: Vec<&'a str>,
}

/// How deep a line is quoted (">", "> >", ">>") and the line without its marks.
fn depth_of(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        match trimmed.strip_prefix('>') {
            // At most a few spaces before a mark: deeper indentation is not a quote.
            Some(after) if rest.len() - trimmed.len() <= 1 || depth > 0 => {
                depth += 1;
                rest = after.strip_prefix(' ').unwrap_or(after);
            }
            _ => return (depth, rest),
        }
    }
}

/// The body cut into runs of equal quote depth.
pub fn runs(body: &str) -> Vec<Run<'_>> {
    let mut out: Vec<Run<'_>> = Vec::new();
    for line in body.lines() {
        let (depth, rest) = depth_of(line);
        match out.last_mut() {
            Some(run) if run.depth == depth => run.lines.push(rest),
            _ => out.push(Run {
                depth,
                lines: vec![rest],
            }),
        }
    }
    out
}

/// The body as paragraphs and quotes; `open` shows folded quotes too. `paragraph` draws
/// unquoted text (with its links).
pub fn view<'a>(
    body: &'a str,
    open: bool,
    paragraph: impl Fn(&str) -> Element<'static, Message>,
) -> Column<'a, Message> {
    let all = runs(body);
    let mut col = column![].spacing(10);
    let mut i = 0;
    while i < all.len() {
        if all[i].depth == 0 {
            for p in all[i].lines.join("\n").split("\n\n") {
                if !p.trim().is_empty() {
                    col = col.push(paragraph(p.trim_matches('\n')));
                }
            }
            i += 1;
            continue;
        }
        // One quoted stretch: every run until the next unquoted one.
        let start = i;
        while i < all.len() && all[i].depth > 0 {
            i += 1;
        }
        let stretch = &all[start..i];
        let lines: usize = stretch.iter().map(|r| r.lines.len()).sum();
        if lines > FOLD_LINES && !open {
            col = col.push(
                button(text(t().show_quoted(lines)).size(12))
                    .style(button::text)
                    .on_press(Message::Quotes(true)),
            );
            continue;
        }
        let mut quote = column![].spacing(2);
        for run in stretch {
            quote = quote.push(bars(run));
        }
        col = col.push(quote);
        if lines > FOLD_LINES {
            col = col.push(
                button(text(t().hide_quoted()).size(12))
                    .style(button::text)
                    .on_press(Message::Quotes(false)),
            );
        }
    }
    col
}

/// One run: a bar per level, then its lines in the quote colour.
fn bars<'a>(run: &Run<'_>) -> Element<'a, Message> {
    let mut line = row![].spacing(8);
    for _ in 0..run.depth.min(8) {
        line = line.push(rule::vertical(2));
    }
    let words = text(run.lines.join("\n")).size(14).color(QUOTE_GRAY);
    line.push(container(words).width(Length::Fill))
        .height(Length::Shrink)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_set_the_depth() {
        let body = "Hi,\n\nOn Tue Bob wrote:\n> sure\n>> first?\n> > second\n>\nBye\n";
        let got: Vec<(usize, Vec<&str>)> =
            runs(body).into_iter().map(|r| (r.depth, r.lines)).collect();
        assert_eq!(
            got,
            [
                (0, vec!["Hi,", "", "On Tue Bob wrote:"]),
                (1, vec!["sure"]),
                (2, vec!["first?", "second"]),
                (1, vec![""]),
                (0, vec!["Bye"]),
            ]
        );
        // A line that merely contains ">" or is indented code is not a quote.
        assert_eq!(runs("a > b\n    > code")[0].depth, 0);
        assert_eq!(runs("    > code")[0].depth, 0);
    }
}
