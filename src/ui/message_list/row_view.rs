//! One row of the message list as drawn: marks, sender, subject with the snippet, date; and
//! the date column's words.

use super::{Message, MessageList, ROW_HEIGHT};
use crate::ui::icons::{self, Icon};
use crate::ui::strings::t;
use crate::ui::widget::ellipsis::{ellipsis, Backdrop};
use crate::ui::widget::hover::hover;
use iced::widget::{
    column, container, mouse_area, rich_text, row, space, span, text, text::Wrapping,
};
use iced::{Element, Fill};

/// The date column: wide enough for "Yesterday" and "2025. 11. 22.", the same on every row.
const DATE_WIDTH: f32 = 80.0;
/// About the most characters a row's line shows in a wide list (the rest is cut anyway).
const SHOWN_LINE_CHARS: usize = 110;
/// The snippet's colour: readable on the light and the dark background alike.
const SNIPPET_GRAY: iced::Color = iced::Color::from_rgb(0.53, 0.53, 0.56);
const MARK_WIDTH: f32 = 14.0;

/// The date column, short for recent mail: "14:05" today, "Yesterday", the weekday within the
/// week, then the day ("Nov 21"; "2025-11-22" in another year); in Korean "어제", "화요일",
/// "11월 21일", "2025. 11. 22.".
pub fn list_date<Tz: chrono::TimeZone>(
    ts: Option<i64>,
    now: chrono::DateTime<Tz>,
    lang: crate::ui::strings::Lang,
) -> String
where
    Tz::Offset: std::fmt::Display,
{
    use crate::ui::strings::{Lang, Words};
    use chrono::Datelike;
    let Some(d) = ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0)) else {
        return String::new();
    };
    let d = d.with_timezone(&now.timezone());
    let days = (now.date_naive() - d.date_naive()).num_days();
    let korean = lang == Lang::Korean;
    match days {
        0 => d.format("%H:%M").to_string(),
        1 => Words(lang).yesterday().to_string(),
        2..=6 => {
            const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            const KO: [&str; 7] = [
                "월요일",
                "화요일",
                "수요일",
                "목요일",
                "금요일",
                "토요일",
                "일요일",
            ];
            let i = d.weekday().num_days_from_monday() as usize;
            if korean { KO[i] } else { EN[i] }.to_string()
        }
        _ if d.year() == now.year() && korean => d.format("%-m월 %-d일").to_string(),
        _ if d.year() == now.year() => d.format("%b %-d").to_string(),
        _ if korean => d.format("%Y. %-m. %-d.").to_string(),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

impl MessageList {
    pub(super) fn draw_row<'a>(
        &'a self,
        i: usize,
        now: chrono::DateTime<chrono::Local>,
    ) -> Element<'a, Message> {
        // Drawing cost matters here (every scroll redraws every row): text without spaces and
        // no clip layer where the content cannot overflow. iced's tiny-skia renderer does not
        // cache blank glyphs and sets up font hinting again for each text holding one, and each
        // clipping container is a layer that clears a window-sized mask.
        let selected = self.is_selected(i);
        let row_box = |line: Element<'a, Message>| -> Element<'a, Message> {
            let body = container(line)
                .padding([4, 8])
                .height(ROW_HEIGHT)
                .width(Fill)
                .style(move |t: &iced::Theme| {
                    if selected {
                        container::primary(t)
                    } else {
                        container::transparent(t)
                    }
                });
            mouse_area(hover(body))
                .on_press(Message::Clicked(i))
                .on_release(Message::Released(i))
                .on_right_press(Message::Menu(i))
                .interaction(iced::mouse::Interaction::Pointer)
                .into()
        };
        let Some(m) = self.row(i) else {
            // Not loaded yet: a blank row until its page arrives.
            return row_box(space().into());
        };
        let count = self.id_at(i).map_or(0, |id| self.count_of(id));
        let mark = |on: bool, glyph: Icon| -> Element<'a, Message> {
            if on {
                icons::icon(glyph, 12.0).width(MARK_WIDTH).into()
            } else {
                space().width(MARK_WIDTH).into()
            }
        };
        let weight = if m.seen {
            iced::font::Weight::Normal
        } else {
            iced::font::Weight::Bold
        };
        let font = iced::Font {
            weight,
            ..iced::Font::DEFAULT
        };
        let subject = if m.subject.is_empty() {
            t().no_subject().to_string()
        } else {
            m.subject.clone()
        };
        // Sender, then subject with the snippet after it in a quieter colour, each cut with "…"
        // where the column ends (a clip only then); the date beside them.
        let count = (count > 1).then(|| format!(" ({count})"));
        let snippet = if m.snippet.is_empty() {
            String::new()
        } else {
            // As much as a wide list shows: every character drawn is shaped again while the list
            // scrolls.
            let room = SHOWN_LINE_CHARS.saturating_sub(m.subject.chars().count());
            let cut: String = m.snippet.chars().take(room).collect();
            format!("  \u{2014} {cut}")
        };
        let line_height = iced::widget::text::LineHeight::Absolute(19.0.into());
        let who = rich_text::<(), _, _, _>([
            span(m.sender()).font(font).size(13),
            span(count.unwrap_or_default()).font(font).size(13),
        ])
        .line_height(line_height)
        .wrapping(Wrapping::None);
        let what = rich_text::<(), _, _, _>([
            span(subject).size(13),
            span(snippet).size(13).color(SNIPPET_GRAY),
        ])
        .line_height(line_height)
        .wrapping(Wrapping::None);
        let backdrop = if selected {
            Backdrop::Selected
        } else {
            Backdrop::Plain
        };
        let names = column![
            ellipsis(who, backdrop, 13.0),
            ellipsis(what, backdrop, 13.0)
        ];
        let line = row![
            unread_dot(!m.seen, selected),
            star_mark(m.flagged, selected),
            mark(m.has_attachments, Icon::Paperclip),
            space().width(8),
            names,
            space().width(6),
            text(list_date(m.date, now, t().0))
                .size(12)
                .width(DATE_WIDTH)
                .align_x(iced::alignment::Horizontal::Right),
        ]
        .align_y(iced::Center);
        row_box(line.into())
    }
}

#[cfg(test)]
thread_local! {
    /// A test's "now" for the date column (snapshots must not change with the day).
    static TEST_NOW: std::cell::Cell<Option<chrono::DateTime<chrono::Local>>> =
        const { std::cell::Cell::new(None) };
}

/// Runs `f` with the date column's clock at `now` (tests only).
#[cfg(test)]
pub fn with_clock<T>(now: chrono::DateTime<chrono::Local>, f: impl FnOnce() -> T) -> T {
    TEST_NOW.with(|c| c.set(Some(now)));
    let out = f();
    TEST_NOW.with(|c| c.set(None));
    out
}

/// Now, for the date column.
pub(super) fn clock() -> chrono::DateTime<chrono::Local> {
    #[cfg(test)]
    if let Some(now) = TEST_NOW.with(std::cell::Cell::get) {
        return now;
    }
    chrono::Local::now()
}

/// The star of a starred row: a filled star in gold (the icon set's star is an outline).
fn star_mark<'a>(starred: bool, selected: bool) -> Element<'a, Message> {
    if !starred {
        return space().width(MARK_WIDTH).into();
    }
    text("\u{2605}")
        .size(12)
        .width(MARK_WIDTH)
        .style(move |t: &iced::Theme| text::Style {
            color: Some(if selected {
                t.extended_palette().primary.base.text
            } else {
                iced::Color::from_rgb(0.90, 0.65, 0.05)
            }),
        })
        .into()
}

/// The unread mark: a filled dot in the theme's primary colour (blank when read; on a selected
/// row, in its text colour).
fn unread_dot<'a>(unread: bool, selected: bool) -> Element<'a, Message> {
    if unread {
        text("\u{25cf}")
            .size(10)
            .width(MARK_WIDTH)
            .style(move |t: &iced::Theme| {
                let p = t.extended_palette().primary.base;
                text::Style {
                    color: Some(if selected { p.text } else { p.color }),
                }
            })
            .into()
    } else {
        space().width(MARK_WIDTH).into()
    }
}

#[cfg(test)]
mod tests {
    use super::list_date;
    use crate::ui::strings::Lang;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_date_column_is_short_for_recent_mail() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0).unwrap();
        let at = |y, mo, d, h, mi| {
            Some(
                Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
                    .unwrap()
                    .timestamp(),
            )
        };
        let en = |ts| list_date(ts, now, Lang::English);
        let ko = |ts| list_date(ts, now, Lang::Korean);
        // 2026-11-22 is a Sunday.
        assert_eq!(en(at(2026, 11, 22, 9, 5)), "09:05");
        assert_eq!(en(at(2026, 11, 21, 23, 59)), "Yesterday");
        assert_eq!(ko(at(2026, 11, 21, 23, 59)), "어제");
        assert_eq!(en(at(2026, 11, 17, 8, 0)), "Tue");
        assert_eq!(ko(at(2026, 11, 17, 8, 0)), "화요일");
        assert_eq!(en(at(2026, 11, 16, 8, 0)), "Mon");
        assert_eq!(en(at(2026, 11, 15, 8, 0)), "Nov 15");
        assert_eq!(ko(at(2026, 11, 15, 8, 0)), "11월 15일");
        assert_eq!(en(at(2025, 11, 22, 9, 5)), "2025-11-22");
        assert_eq!(ko(at(2025, 11, 22, 9, 5)), "2025. 11. 22.");
        assert_eq!(en(None), "");
    }
}
