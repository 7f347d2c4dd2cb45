//! HTML bodies as a small formatted document (paragraphs, headings, lists, quotes, preformatted
//! text, rules, images) of styled text runs, for a reader that draws native rich text.
//!
//! Nothing here runs or fetches anything: scripts, styles, forms and event handlers are dropped,
//! `javascript:` and other non-web links lose their link, and remote images become [`Block::Image`]
//! entries that a reader loads only when the user asks for it.

use super::html::{decoded_chars, walk, Item, Tag};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Characters left out because the document reached the limit given to [`to_document`].
    pub cut_chars: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// How many `<blockquote>`s it sits in.
    pub quote: u8,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Paragraph,
    /// `<h1>`..`<h6>`.
    Heading(u8),
    /// A list item: nesting depth from 1 and its marker ("•", "3.").
    Item {
        depth: u8,
        marker: String,
    },
    /// `<pre>`: white space kept, monospace.
    Pre,
    /// `<hr>`.
    Rule,
    /// A remote image (`http`/`https`), never fetched by this module.
    Image {
        url: String,
        alt: String,
    },
    /// Text in a cell of a simple table (see [`html_table`](super::html_table)): shown as a grid.
    Cell(CellAt),
}

/// Where a cell is: which table of the document, its row and column (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellAt {
    pub table: u32,
    pub row: u16,
    pub col: u16,
    /// A `<th>`.
    pub header: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub mono: bool,
    /// Said quietly: a link's real target written after its text, an image's alt text.
    pub quiet: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    /// Where the span links to: only `http`, `https` and `mailto` targets are kept.
    pub link: Option<String>,
}

impl Document {
    /// The remote images, in order.
    pub fn remote_images(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Image { url, .. } => Some(url.as_str()),
            _ => None,
        })
    }
}

/// Longest body text the reader lays out at once; the rest is summarised (a 50 MB text part
/// must not freeze the window). The HTML document is cut at the same length when it is
/// prepared (`to_document(html, SHOWN_TEXT_LIMIT)`).
pub const SHOWN_TEXT_LIMIT: usize = 256 * 1024;

/// Converts HTML into a [`Document`] holding at most `max_chars` characters of text (the rest is
/// counted in `cut_chars`). Linear in the input; never fails.
pub fn to_document(html: &str, max_chars: usize) -> Document {
    let mut b = Builder {
        max_chars,
        ..Builder::default()
    };
    walk(html, |item| match item {
        Item::Text(text) => decoded_chars(text, |c| b.char(c)),
        Item::Tag(tag) => b.tag(tag),
    });
    if let Some((target, start)) = b.link.take() {
        b.close_link(target, start);
    }
    b.end_block();
    let mut blocks = b.blocks;
    super::html_table::settle(&mut blocks, &b.nested, b.max_chars.saturating_sub(b.chars));
    Document {
        blocks,
        cut_chars: b.cut_chars,
    }
}

/// Whether a link target may be followed from a mail: web pages and mail addresses only.
pub fn followable(target: &str) -> bool {
    let lower = target.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

fn remote(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

#[derive(Default)]
struct Counters {
    bold: u16,
    italic: u16,
    underline: u16,
    strike: u16,
    mono: u16,
}

#[derive(Default)]
struct Builder {
    max_chars: usize,
    chars: usize,
    cut_chars: usize,
    blocks: Vec<Block>,
    kind: Option<BlockKind>,
    spans: Vec<Span>,
    space: bool,
    style: Counters,
    pre: u16,
    quote: u8,
    /// Open lists: ordered, next number.
    lists: Vec<(bool, u32)>,
    /// The open link: its target (when followable) and where its text starts.
    link: Option<(Option<String>, usize)>,
    /// Open tables, innermost last.
    tables: Vec<OpenTable>,
    next_table: u32,
    /// Tables that hold another table (layout, not data).
    nested: Vec<u32>,
    /// The cell being filled.
    cell: Option<CellAt>,
}

struct OpenTable {
    id: u32,
    row: u16,
    col: u16,
}

const BOLD: &[&str] = &["b", "strong", "th"];
const ITALIC: &[&str] = &["i", "em", "cite", "var", "dfn"];
const UNDERLINE: &[&str] = &["u", "ins"];
const STRIKE: &[&str] = &["s", "strike", "del"];
const MONO: &[&str] = &["code", "tt", "kbd", "samp"];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "table",
    "tr",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "address",
    "form",
    "fieldset",
    "figure",
    "figcaption",
    "caption",
    "details",
    "summary",
    "center",
    "body",
    "html",
];

impl Builder {
    fn current_style(&self) -> Style {
        Style {
            bold: self.style.bold > 0 || matches!(self.kind, Some(BlockKind::Heading(_))),
            italic: self.style.italic > 0,
            underline: self.style.underline > 0,
            strike: self.style.strike > 0,
            mono: self.style.mono > 0 || self.pre > 0,
            quiet: false,
        }
    }

    fn char(&mut self, c: char) {
        if self.pre > 0 && matches!(c, '\n' | ' ' | '\t') {
            if c == '\n' && self.spans.is_empty() {
                return;
            }
            self.push(c);
        } else if c.is_whitespace() {
            self.space = true;
        } else if !c.is_control() && c != '\u{ad}' {
            if self.space && !self.spans.is_empty() && !self.ends_with_newline() {
                self.push_space();
            }
            self.space = false;
            self.push(c);
        }
    }

    /// The space between words: styled as what is on both sides of it, and part of a link only
    /// inside it (no underline running into the next word).
    fn push_space(&mut self) {
        let (before, link_before) = self
            .spans
            .last()
            .map(|s| (s.style.clone(), s.link.clone()))
            .unwrap_or_default();
        let after = self.current_style();
        let link_now = self.link.as_ref().and_then(|(target, _)| target.clone());
        let style = Style {
            bold: before.bold && after.bold,
            italic: before.italic && after.italic,
            underline: before.underline && after.underline,
            strike: before.strike && after.strike,
            mono: before.mono && after.mono,
            quiet: false,
        };
        let link = link_before.filter(|l| Some(l) == link_now.as_ref());
        self.push_styled(' ', style, link);
    }

    fn ends_with_newline(&self) -> bool {
        self.spans.last().is_some_and(|s| s.text.ends_with('\n'))
    }

    fn push(&mut self, c: char) {
        let link = self.link.as_ref().and_then(|(target, _)| target.clone());
        self.push_styled(c, self.current_style(), link);
    }

    fn push_styled(&mut self, c: char, style: Style, link: Option<String>) {
        if self.chars >= self.max_chars {
            self.cut_chars += 1;
            return;
        }
        self.chars += 1;
        match self.spans.last_mut() {
            Some(last) if last.style == style && last.link == link => last.text.push(c),
            _ => self.spans.push(Span {
                text: c.to_string(),
                style,
                link,
            }),
        }
    }

    /// Quiet text: a link's target, an image's alt text (linked when inside a link).
    /// Cut at the cap like any text (a fuzzing find: pushed whole, a link target went 83
    /// characters past a cap of 3,008, and an alt text, which has no length limit of its own,
    /// could go any distance past it).
    fn push_quiet(&mut self, text: &str) {
        let room = self.max_chars.saturating_sub(self.chars);
        let all = text.chars().count();
        self.cut_chars += all.saturating_sub(room);
        if room == 0 {
            return;
        }
        let text: String = text.chars().take(room).collect();
        self.chars += all.min(room);
        let link = self.link.as_ref().and_then(|(target, _)| target.clone());
        self.spans.push(Span {
            text,
            style: Style {
                quiet: true,
                ..Style::default()
            },
            link,
        });
    }

    fn end_block(&mut self) {
        // Trailing white space and line breaks end nowhere.
        while let Some(last) = self.spans.last_mut() {
            let kept = last.text.trim_end().len();
            if kept == 0 {
                self.spans.pop();
            } else {
                last.text.truncate(kept);
                break;
            }
        }
        let kind = match (self.kind.take(), self.cell) {
            (None | Some(BlockKind::Paragraph), Some(at)) => BlockKind::Cell(at),
            (kind, _) => kind.unwrap_or(BlockKind::Paragraph),
        };
        if !self.spans.is_empty() {
            self.blocks.push(Block {
                kind,
                quote: self.quote,
                spans: std::mem::take(&mut self.spans),
            });
        }
        self.space = false;
        // An open link carries on into the next block.
        if let Some((_, start)) = &mut self.link {
            *start = 0;
        }
    }

    fn start_block(&mut self, kind: BlockKind) {
        self.end_block();
        self.kind = Some(kind);
    }

    fn tag(&mut self, tag: Tag) {
        let name = tag.name.as_str();
        let open = !tag.closing;
        let counter = if BOLD.contains(&name) {
            Some(&mut self.style.bold)
        } else if ITALIC.contains(&name) {
            Some(&mut self.style.italic)
        } else if UNDERLINE.contains(&name) {
            Some(&mut self.style.underline)
        } else if STRIKE.contains(&name) {
            Some(&mut self.style.strike)
        } else if MONO.contains(&name) {
            Some(&mut self.style.mono)
        } else {
            None
        };
        if let Some(counter) = counter {
            if !tag.self_closing {
                *counter = if open {
                    counter.saturating_add(1)
                } else {
                    counter.saturating_sub(1)
                };
            }
            if name != "th" {
                return;
            }
        }
        match name {
            "br" if !self.spans.is_empty() => {
                self.space = false;
                self.push('\n');
            }
            "br" => {}
            "a" => self.link_tag(&tag),
            "img" if open => self.image(&tag),
            "hr" if open => {
                self.end_block();
                self.blocks.push(Block {
                    kind: BlockKind::Rule,
                    quote: self.quote,
                    spans: Vec::new(),
                });
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if open {
                    self.start_block(BlockKind::Heading(name.as_bytes()[1] - b'0'));
                } else {
                    self.end_block();
                }
            }
            "pre" => {
                self.end_block();
                if open {
                    self.pre = self.pre.saturating_add(1);
                    self.kind = Some(BlockKind::Pre);
                } else {
                    self.pre = self.pre.saturating_sub(1);
                }
            }
            "blockquote" => {
                self.end_block();
                self.quote = if open {
                    self.quote.saturating_add(1)
                } else {
                    self.quote.saturating_sub(1)
                };
            }
            "ul" | "ol" | "menu" => {
                self.end_block();
                if open {
                    if self.lists.len() < 32 {
                        self.lists.push((name == "ol", 1));
                    }
                } else {
                    self.lists.pop();
                }
            }
            "li" => {
                if open {
                    let depth = self.lists.len().max(1) as u8;
                    let marker = match self.lists.last_mut() {
                        Some((true, n)) => {
                            *n += 1;
                            format!("{}.", *n - 1)
                        }
                        _ => "•".to_string(),
                    };
                    self.start_block(BlockKind::Item { depth, marker });
                } else {
                    self.end_block();
                }
            }
            "table" | "tr" | "td" | "th" => self.table_tag(name, open),
            _ if BLOCKS.contains(&name) => {
                let inside_pre = self.pre > 0;
                self.end_block();
                if inside_pre {
                    self.kind = Some(BlockKind::Pre);
                }
            }
            _ => {}
        }
    }

    /// Tables: each cell's text is its own block, placed by table, row and column.
    fn table_tag(&mut self, name: &str, open: bool) {
        self.end_block();
        match (name, open) {
            ("table", true) => {
                let outer: Vec<u32> = self.tables.iter().map(|t| t.id).collect();
                self.nested.extend(outer);
                if self.tables.len() < 32 {
                    self.next_table += 1;
                    self.tables.push(OpenTable {
                        id: self.next_table,
                        row: 0,
                        col: 0,
                    });
                }
                self.cell = None;
            }
            ("table", false) => {
                self.tables.pop();
                self.cell = None;
            }
            ("tr", true) => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = t.row.saturating_add(1);
                    t.col = 0;
                }
                self.cell = None;
            }
            ("td" | "th", true) => {
                self.cell = self.tables.last_mut().map(|t| {
                    t.row = t.row.max(1);
                    t.col = t.col.saturating_add(1);
                    CellAt {
                        table: t.id,
                        row: t.row,
                        col: t.col,
                        header: name == "th",
                    }
                });
            }
            _ => self.cell = None,
        }
    }

    fn link_tag(&mut self, tag: &Tag) {
        if let Some((target, start_span)) = self.link.take() {
            self.close_link(target, start_span);
        }
        if !tag.closing {
            let target = tag.href.clone().filter(|h| followable(h));
            let at = self.spans.len();
            self.link = Some((target, at));
        }
    }

    /// After a link's text, writes its real target quietly unless the text already shows it.
    fn close_link(&mut self, target: Option<String>, start_span: usize) {
        let Some(target) = target else { return };
        let label: String = self
            .spans
            .get(start_span..)
            .unwrap_or_default()
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        let label = label.trim();
        let bare = |s: &str| {
            s.trim_start_matches("mailto:")
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_ascii_lowercase()
        };
        if label.is_empty() || bare(label) == bare(&target) {
            return;
        }
        let shown: String = if target.chars().count() > 80 {
            target.chars().take(79).chain(['…']).collect()
        } else {
            target
        };
        self.push_quiet(&format!(" <{shown}>"));
    }

    fn image(&mut self, tag: &Tag) {
        let alt = tag.alt.clone().unwrap_or_default();
        let alt = alt.trim();
        match tag.src.as_deref() {
            Some(src) if remote(src) => {
                let url = if src.starts_with("//") {
                    format!("https:{src}")
                } else {
                    src.to_string()
                };
                // Inside a link the image stays part of the link's text.
                if self.link.is_some() && !alt.is_empty() {
                    self.push_quiet(&format!("[{alt}]"));
                }
                let kind = self.kind.clone();
                self.end_block();
                self.blocks.push(Block {
                    kind: BlockKind::Image {
                        url,
                        alt: alt.to_string(),
                    },
                    quote: self.quote,
                    spans: Vec::new(),
                });
                self.kind = kind;
            }
            _ if !alt.is_empty() => {
                if self.space && !self.spans.is_empty() {
                    self.push_space();
                }
                self.space = false;
                self.push_quiet(&format!("[{alt}]"));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
