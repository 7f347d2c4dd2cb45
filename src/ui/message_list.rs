//! The message list: sender, subject, date and marks, newest first, keyboard up/down.
//! Lays out only the rows on screen (see `widget::virtual_list`). Several messages can be
//! selected (Ctrl-click, Shift-click ranges, Ctrl+A) and dragged onto a folder.
//!
//! Paged: a folder's list holds the ids of all its rows in list order (8 bytes a row) and the
//! summaries of the pages near the screen only. Opening a folder brings its count and first page
//! (drawn at once), then its ids; the app asks the store for the pages the viewport comes near
//! (`wanted_pages`, off the UI thread) and hands them back (`put_page`), and rows not loaded yet
//! draw as blank rows meanwhile. Far pages are dropped again. Results asked for rows that have
//! been replaced since (another folder, a reload) are dropped by their generation.

mod conversations;
mod row_view;

pub use conversations::ThreadRow;
#[cfg(test)]
pub use row_view::{list_date, with_clock};

use super::strings::t;
use super::widget::virtual_list::{self, Viewport};
use crate::store::MessageSummary;
use iced::keyboard::Modifiers;
use iced::widget::{container, text};
use iced::{Element, Fill, Task};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

pub const ROW_HEIGHT: f32 = 46.0;
pub const LIST_ID: &str = "message-list";
/// Rows read from the store at a time (the first page comes with the folder's count).
pub const PAGE_ROWS: usize = 200;
/// Pages read ahead of the screen, above and below it.
const AHEAD_PAGES: usize = 1;
/// Summaries held before the pages far from the screen are dropped.
pub const KEEP_ROWS: usize = 12 * PAGE_ROWS;

#[derive(Debug, Clone)]
pub enum Message {
    Clicked(usize),
    /// The button went up over row `usize` (ends a click that kept a multiple selection).
    Released(usize),
    Scrolled {
        offset_y: f32,
        height: f32,
    },
    Previous,
    Next,
    /// Right click on row `usize`: its menu (the row is selected first unless it already is).
    Menu(usize),
}

pub enum Event {
    None,
    Open(i64),
}

/// What opening (or reloading) a folder brings from the store.
#[derive(Debug, Clone, Default)]
pub struct Head {
    /// How many rows the folder has.
    pub total: usize,
    /// Its first rows (a page).
    pub first: Vec<MessageSummary>,
    /// The ids of all its rows in list order, when read with the rest (a reload).
    pub ids: Option<Vec<i64>>,
}

/// One page of rows to read from the store for a list.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub generation: u64,
    pub page: usize,
    pub ids: Vec<i64>,
}

#[derive(Debug, Clone)]
struct Cached {
    row: MessageSummary,
    /// Read since the rows were last replaced (a reload marks the others for reading again,
    /// and draws them meanwhile).
    fresh: bool,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

#[derive(Debug, Default)]
pub struct MessageList {
    /// The folder (or view across accounts, negative) listed; None: search results, which are
    /// all at hand.
    pub folder_id: Option<i64>,
    /// The ids of the rows in list order: all of them once the folder's ids arrived, the first
    /// page's before.
    ids: Vec<i64>,
    /// How many rows the list has (more than `ids` until the ids arrive).
    total: usize,
    /// The summaries loaded, by id.
    cache: HashMap<i64, Cached>,
    /// Changes when the rows are replaced: what was asked for before is dropped on arrival.
    generation: u64,
    /// Pages asked for and not arrived yet, with the ids asked.
    asked: HashMap<usize, Vec<i64>>,
    /// Rows the store no longer had when their page was read (until the next reload).
    gone: HashSet<i64>,
    /// Rows taken out while the ids were on their way (they stay out when they arrive).
    removed: HashSet<i64>,
    /// Ctrl+A before the ids arrived: every row is selected when they do.
    select_all_pending: bool,
    /// The row with the cursor (the one the reader shows).
    pub selected: Option<usize>,
    /// More rows selected with Ctrl/Shift or Ctrl+A (ids; empty: only `selected`).
    pub picked: BTreeSet<i64>,
    /// The first of `picked` in list order (kept: a huge folder is not searched on every frame).
    first_picked: Option<i64>,
    /// Where a Shift-click range starts.
    pub anchor: Option<usize>,
    /// The keyboard modifiers held now (the window tells them).
    pub modifiers: Modifiers,
    /// A row was pressed and the button is still down: a drag onto a folder may follow.
    pub pressed: Option<usize>,
    pub viewport: Viewport,
    /// The row whose menu is open (right click).
    pub menu: Option<usize>,
    /// Conversation mode: each row is a conversation, keyed by the id of its newest message in
    /// the folder (the row's id); the cache holds the summaries of all their messages here.
    threads: HashMap<i64, ThreadRow>,
    /// A message of a conversation row -> the row's id.
    member_of: HashMap<i64, i64>,
}

/// Move the list's scrollable to `offset_y`.
fn scroll_task(offset_y: f32) -> Task<Message> {
    use iced::widget::operation::{scroll_to, AbsoluteOffset};
    scroll_to(
        LIST_ID,
        AbsoluteOffset {
            x: None,
            y: Some(offset_y),
        },
    )
}

impl MessageList {
    /// Search results: every row at hand, nothing to page.
    pub fn with_rows(rows: Vec<MessageSummary>, viewport: Viewport) -> MessageList {
        MessageList {
            ids: rows.iter().map(|m| m.id).collect(),
            total: rows.len(),
            cache: rows
                .into_iter()
                .map(|m| {
                    (
                        m.id,
                        Cached {
                            row: m,
                            fresh: true,
                        },
                    )
                })
                .collect(),
            viewport,
            ..MessageList::default()
        }
    }

    /// All the rows of a folder at once; keeps the selection on the same message when reloading.
    pub fn set_rows(&mut self, folder_id: i64, rows: Vec<MessageSummary>) {
        let ids = rows.iter().map(|m| m.id).collect();
        self.set_head(
            folder_id,
            Head {
                total: rows.len(),
                first: rows,
                ids: Some(ids),
            },
        );
    }

    /// A folder opened, or reloaded (the selection stays on the same message, the scroll where
    /// it was, loaded rows are drawn until their page is read again). Returns the generation to
    /// ask the folder's ids for, when they did not come with it.
    pub fn set_head(&mut self, folder_id: i64, head: Head) -> Option<u64> {
        let same = self.folder_id == Some(folder_id);
        let keep = self.selected.and_then(|i| self.id_at(i)).filter(|_| same);
        if same {
            for c in self.cache.values_mut() {
                c.fresh = false;
            }
        } else {
            self.viewport.offset_y = 0.0;
            self.picked.clear();
            self.anchor = None;
            self.cache.clear();
            self.select_all_pending = false;
        }
        self.replaced(folder_id);
        let Head { total, first, ids } = head;
        match ids {
            Some(ids) => {
                self.total = ids.len();
                self.ids = ids;
            }
            None => {
                self.ids = first.iter().map(|m| m.id).collect();
                self.total = total.max(self.ids.len());
            }
        }
        for m in first {
            self.cache.insert(
                m.id,
                Cached {
                    row: m,
                    fresh: true,
                },
            );
        }
        self.ids_changed(keep);
        (self.ids.len() < self.total).then_some(self.generation)
    }

    /// The rows are being replaced by folder `folder_id`'s (a new generation): what was asked
    /// for, found gone or taken out before, and any conversations, no longer apply.
    fn replaced(&mut self, folder_id: i64) {
        self.folder_id = Some(folder_id);
        self.generation = GENERATION.fetch_add(1, Ordering::Relaxed);
        self.asked.clear();
        self.gone.clear();
        self.removed.clear();
        self.threads.clear();
        self.member_of.clear();
    }

    /// The ids of every row arrived (asked for by `set_head` in `generation`; older ones are
    /// dropped). Returns whether they were taken.
    pub fn set_ids(&mut self, generation: u64, mut ids: Vec<i64>) -> bool {
        if generation != self.generation || self.folder_id.is_none() {
            return false;
        }
        if !self.removed.is_empty() {
            ids.retain(|id| !self.removed.contains(id));
            self.removed.clear();
        }
        let keep = self.selected.and_then(|i| self.id_at(i));
        self.total = ids.len();
        self.ids = ids;
        self.ids_changed(keep);
        true
    }

    /// After new ids: the cursor on the same message, the selection within the rows.
    fn ids_changed(&mut self, keep: Option<i64>) {
        self.selected = keep.and_then(|id| self.position(id));
        if !self.picked.is_empty() {
            let picked = std::mem::take(&mut self.picked);
            self.set_picked(picked);
        }
        if self.select_all_pending && self.ids_complete() {
            self.select_all();
        }
    }

    /// Whether the ids of all rows are here.
    pub fn ids_complete(&self) -> bool {
        self.ids.len() == self.total
    }

    /// Which rows were replaced last (see `set_head`).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many rows the list has (loaded or not).
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The id of row `i`, when known.
    pub fn id_at(&self, i: usize) -> Option<i64> {
        self.ids.get(i).copied()
    }

    /// Row `i` as drawn, when loaded (a conversation's row in conversation mode).
    pub fn row(&self, i: usize) -> Option<&MessageSummary> {
        self.id_at(i).and_then(|id| self.shown(id))
    }

    /// The row of message `id` as drawn: its conversation's, or its own.
    pub fn shown(&self, id: i64) -> Option<&MessageSummary> {
        match self.threads.get(&id) {
            Some(t) => Some(&t.row),
            None => self.summary(id),
        }
    }

    /// A message of the list, when loaded.
    pub fn summary(&self, id: i64) -> Option<&MessageSummary> {
        self.cache.get(&id).map(|c| &c.row)
    }

    /// Where message `id` is in the list (a look through all the ids).
    pub fn position(&self, id: i64) -> Option<usize> {
        self.ids.iter().position(|&m| m == id)
    }

    pub fn contains(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    /// The loaded rows in list order.
    #[cfg(test)]
    pub fn loaded_rows(&self) -> impl Iterator<Item = &MessageSummary> {
        self.ids.iter().filter_map(|id| self.summary(*id))
    }

    /// How many summaries are held.
    #[cfg(test)]
    pub fn loaded_count(&self) -> usize {
        self.cache.len()
    }

    /// The rows near the screen: the visible ones and `pages` pages either side.
    fn near(&self, pages: usize) -> std::ops::Range<usize> {
        let shown = virtual_list::visible_range(self.total, ROW_HEIGHT, self.viewport);
        let known = self.ids.len();
        let start = shown.start.saturating_sub(pages * PAGE_ROWS).min(known);
        let end = (shown.end + pages * PAGE_ROWS).min(known);
        start..end.max(start)
    }

    /// The pages near the screen not loaded (or loaded before a reload) and not asked for yet;
    /// they count as asked from now on. The page on screen comes first.
    pub fn wanted_pages(&mut self) -> Vec<PageRequest> {
        if self.folder_id.is_none() || self.ids.is_empty() {
            return Vec::new();
        }
        let near = self.near(AHEAD_PAGES);
        if near.is_empty() {
            return Vec::new();
        }
        let on_screen = (self.viewport.offset_y.max(0.0) / ROW_HEIGHT) as usize / PAGE_ROWS;
        let mut pages: Vec<usize> = (near.start / PAGE_ROWS..=(near.end - 1) / PAGE_ROWS).collect();
        pages.sort_by_key(|p| p.abs_diff(on_screen));
        let mut out = Vec::new();
        for page in pages {
            if self.asked.contains_key(&page) {
                continue;
            }
            let rows = &self.ids[page * PAGE_ROWS..((page + 1) * PAGE_ROWS).min(self.ids.len())];
            let stored = |id: &&i64| !self.gone.contains(*id);
            let loaded = |id: &i64| self.cache.get(id).is_some_and(|c| c.fresh);
            if rows.iter().filter(stored).all(loaded) {
                continue;
            }
            let ids: Vec<i64> = rows.iter().filter(stored).copied().collect();
            self.asked.insert(page, ids.clone());
            out.push(PageRequest {
                generation: self.generation,
                page,
                ids,
            });
        }
        out
    }

    /// A page read from the store (dropped when asked for rows replaced since). Returns
    /// whether it was taken.
    pub fn put_page(&mut self, generation: u64, page: usize, rows: Vec<MessageSummary>) -> bool {
        if generation != self.generation {
            return false;
        }
        let Some(asked) = self.asked.remove(&page) else {
            return false;
        };
        let got: HashSet<i64> = rows.iter().map(|m| m.id).collect();
        for id in asked.into_iter().filter(|id| !got.contains(id)) {
            self.cache.remove(&id);
            self.gone.insert(id);
        }
        for m in rows {
            self.cache.insert(
                m.id,
                Cached {
                    row: m,
                    fresh: true,
                },
            );
        }
        self.evict();
        true
    }

    /// Too many summaries held: keep those near the screen and the cursor's.
    fn evict(&mut self) {
        if self.folder_id.is_none() || self.cache.len() <= KEEP_ROWS || self.is_threaded() {
            return;
        }
        let near = self.near(AHEAD_PAGES + 1);
        let keep: HashSet<i64> = self.ids[near]
            .iter()
            .copied()
            .chain(self.selected.and_then(|i| self.id_at(i)))
            .collect();
        self.cache.retain(|id, _| keep.contains(id));
    }

    /// The messages an action applies to: every selected row, in list order.
    /// (A conversation's row stands for its messages in the folder.)
    pub fn selection(&self) -> Vec<i64> {
        let rows: Vec<i64> = if self.picked.is_empty() {
            self.selected
                .and_then(|i| self.id_at(i))
                .into_iter()
                .collect()
        } else {
            self.ids
                .iter()
                .copied()
                .filter(|id| self.picked.contains(id))
                .collect()
        };
        self.members(rows)
    }

    /// How many messages `selection` would give (without gathering them).
    pub fn selection_len(&self) -> usize {
        let count = |id: &i64| self.threads.get(id).map_or(1, |t| t.here.len());
        if self.picked.is_empty() {
            self.selected
                .and_then(|i| self.id_at(i))
                .map_or(0, |id| count(&id))
        } else if self.threads.is_empty() {
            self.picked.len()
        } else {
            self.picked.iter().map(count).sum()
        }
    }

    /// How many rows are selected (a conversation's row counts once).
    pub fn selected_rows(&self) -> usize {
        if self.picked.is_empty() {
            self.selected.and_then(|i| self.id_at(i)).map_or(0, |_| 1)
        } else {
            self.picked.len()
        }
    }

    /// The first message of `selection`.
    pub fn first_selected(&self) -> Option<i64> {
        if self.picked.is_empty() {
            self.selected.and_then(|i| self.id_at(i))
        } else {
            self.first_picked
        }
    }

    /// Select these rows (those of them in the list).
    pub fn set_picked(&mut self, mut picked: BTreeSet<i64>) {
        if !picked.is_empty() {
            let mut present = self.ids.clone();
            present.sort_unstable();
            picked.retain(|id| present.binary_search(id).is_ok());
        }
        self.picked = picked;
        self.picked_changed();
    }

    fn picked_changed(&mut self) {
        self.first_picked = match self.picked.first() {
            None => None,
            Some(_) if self.picked.len() == self.ids.len() => self.ids.first().copied(),
            Some(_) => self.ids.iter().copied().find(|id| self.picked.contains(id)),
        };
    }

    pub fn is_selected(&self, i: usize) -> bool {
        self.selected == Some(i) && self.picked.is_empty()
            || self.id_at(i).is_some_and(|id| self.picked.contains(&id))
    }

    /// Ctrl+A: every row of the folder, loaded or not (once the ids are here).
    pub fn select_all(&mut self) {
        self.select_all_pending = !self.ids_complete();
        self.picked = self.ids.iter().copied().collect();
        self.picked_changed();
    }

    /// Rows acted on left this list (moved, deleted): drop them and put the cursor on the
    /// row that followed the first of them. Returns the message to show next, if any.
    pub fn remove(&mut self, ids: &[i64]) -> Option<i64> {
        let rows = self.take_rows(ids);
        let ids: &[i64] = &rows;
        let gone: HashSet<i64> = ids.iter().copied().collect();
        let first = self.ids.iter().position(|id| gone.contains(id));
        let known = self.ids.len();
        self.ids.retain(|id| !gone.contains(id));
        self.total -= known - self.ids.len();
        if !self.ids_complete() {
            self.removed.extend(ids);
        }
        for id in ids {
            self.cache.remove(id);
        }
        self.picked.clear();
        self.first_picked = None;
        self.select_all_pending = false;
        self.anchor = None;
        let first = first?;
        if self.ids.is_empty() {
            self.selected = None;
            return None;
        }
        let i = first.min(self.ids.len() - 1);
        self.selected = Some(i);
        Some(self.ids[i])
    }

    pub fn mark_seen(&mut self, id: i64, seen: bool, flagged: Option<bool>) {
        if let Some(c) = self.cache.get_mut(&id) {
            c.row.seen = seen;
            if let Some(f) = flagged {
                c.row.flagged = f;
            }
        }
        self.member_changed(id);
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Event) {
        let select = |this: &mut Self, i: usize| -> (Task<Message>, Event) {
            this.selected = Some(i);
            this.picked.clear();
            this.first_picked = None;
            this.select_all_pending = false;
            let task = this.keep_visible(i);
            (task, Event::Open(this.ids[i]))
        };
        if !matches!(message, Message::Released(_)) {
            self.menu = None;
        }
        match message {
            Message::Menu(i) if i < self.ids.len() => {
                self.menu = Some(i);
                if self.is_selected(i) {
                    return (Task::none(), Event::None);
                }
                self.anchor = Some(i);
                select(self, i)
            }
            Message::Menu(_) => (Task::none(), Event::None),
            Message::Clicked(i) if i < self.ids.len() => {
                self.pressed = Some(i);
                let id = self.ids[i];
                if self.modifiers.command() {
                    // Ctrl-click: add or take away one row, open nothing.
                    if self.picked.is_empty() {
                        if let Some(cur) = self.selected.and_then(|c| self.id_at(c)) {
                            self.picked.insert(cur);
                        }
                    }
                    if !self.picked.remove(&id) {
                        self.picked.insert(id);
                    }
                    self.picked_changed();
                    self.select_all_pending = false;
                    self.anchor = Some(i);
                    return (Task::none(), Event::None);
                }
                if self.modifiers.shift() {
                    let from = self.anchor.or(self.selected).unwrap_or(i);
                    let (a, b) = (from.min(i), from.max(i).min(self.ids.len() - 1));
                    self.picked = self.ids[a..=b].iter().copied().collect();
                    self.picked_changed();
                    self.select_all_pending = false;
                    self.anchor = Some(from);
                    self.selected = Some(i);
                    return (Task::none(), Event::None);
                }
                if self.picked.len() > 1 && self.picked.contains(&id) {
                    // Pressed inside a multiple selection: it may be dragged; a release
                    // here makes it a plain click.
                    return (Task::none(), Event::None);
                }
                self.anchor = Some(i);
                select(self, i)
            }
            Message::Clicked(_) => (Task::none(), Event::None),
            Message::Released(i) => {
                let pressed = self.pressed.take();
                let plain = !self.modifiers.command() && !self.modifiers.shift();
                if plain && pressed == Some(i) && self.picked.len() > 1 && i < self.ids.len() {
                    self.anchor = Some(i);
                    return select(self, i);
                }
                (Task::none(), Event::None)
            }
            Message::Scrolled { offset_y, height } => {
                self.viewport = Viewport { offset_y, height };
                (Task::none(), Event::None)
            }
            Message::Previous => match self.selected {
                Some(i) if i > 0 && i <= self.ids.len() => select(self, i - 1),
                None if !self.ids.is_empty() => select(self, 0),
                _ => (Task::none(), Event::None),
            },
            Message::Next => match self.selected {
                Some(i) if i + 1 < self.ids.len() => select(self, i + 1),
                None if !self.ids.is_empty() => select(self, 0),
                _ => (Task::none(), Event::None),
            },
        }
    }

    /// The height of all rows.
    pub fn content_height(&self) -> f32 {
        self.total as f32 * ROW_HEIGHT
    }

    /// Scroll to `offset_y` (the view follows at once, the scrollable with the task).
    pub fn scroll_to(&mut self, offset_y: f32) -> Task<Message> {
        self.viewport.offset_y = offset_y;
        scroll_task(offset_y)
    }

    fn keep_visible(&self, i: usize) -> Task<Message> {
        let y = i as f32 * ROW_HEIGHT;
        let v = self.viewport;
        if y < v.offset_y {
            scroll_task(y)
        } else if y + ROW_HEIGHT > v.offset_y + v.height {
            scroll_task(y + ROW_HEIGHT - v.height)
        } else {
            Task::none()
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.total == 0 {
            return container(text(t().no_messages()).size(13))
                .padding(16)
                .width(Fill)
                .height(Fill)
                .into();
        }
        let now = row_view::clock();
        virtual_list::view(
            LIST_ID,
            self.total,
            ROW_HEIGHT,
            self.viewport,
            |i| self.draw_row(i, now),
            |offset_y, height| Message::Scrolled { offset_y, height },
        )
    }
}
