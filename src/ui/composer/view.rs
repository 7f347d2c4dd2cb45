//! How a composer window looks: the send bar, the address fields with their checks and
//! suggestions, receipts, attachments, the body.

use super::{human_size, Composer, Field, Message, FIELDS};
use crate::ui::strings::t;
use iced::widget::{
    button, checkbox, column, container, pick_list, row, rule, space, text, text_editor,
    text_input, Column,
};
use iced::{keyboard, Element, Fill};

const LABEL_WIDTH: f32 = 84.0;
/// The height of a body line of 14 px text: at least the tallest glyph box of the fonts it
/// falls back to (Noto Sans CJK: 1.448 em, 20.3 px), so that no line is drawn past the bottom.
const BODY_LINE: f32 = 21.0;
const BODY_PADDING: f32 = 8.0;

fn label(words: &str) -> Element<'_, Message> {
    text(words).size(13).width(LABEL_WIDTH).into()
}

/// Ctrl+Enter in the body sends (instead of breaking the line); everything else as usual.
fn body_keys(press: text_editor::KeyPress) -> Option<text_editor::Binding<Message>> {
    let enter = matches!(
        press.key.as_ref(),
        keyboard::Key::Named(keyboard::key::Named::Enter)
    );
    if enter && press.modifiers.command() {
        return Some(text_editor::Binding::Custom(Message::Send));
    }
    text_editor::Binding::from_key_press(press)
}

impl Composer {
    pub fn view(&self) -> Element<'_, Message> {
        let send = button(text(t().send()).size(14))
            .style(button::primary)
            .on_press_maybe((!self.sending && self.from.is_some()).then_some(Message::Send));
        let attach = button(text(t().attach()).size(14))
            .style(button::secondary)
            .on_press_maybe((!self.sending).then_some(Message::Attach));
        let state = if self.sending {
            t().queueing()
        } else {
            t().send_hint()
        };
        let bar = row![send, attach, text(state).size(12).width(Fill)]
            .spacing(8)
            .align_y(iced::Center);

        let mut form: Column<'_, Message> = column![bar].spacing(6).padding(12);
        form = form.push(self.sender_line());
        for field in FIELDS {
            form = form.push(self.recipient_line(field));
            let bad = &self.invalid[super::index(field)];
            if !bad.is_empty() {
                form = form.push(row![
                    space().width(LABEL_WIDTH),
                    text(t().not_addresses(&bad.join(", ")))
                        .size(12)
                        .style(text::danger)
                ]);
            }
            if let Some(s) = self.suggestions.as_ref().filter(|s| s.field == field) {
                form = form.push(row![space().width(LABEL_WIDTH), self.suggestion_list(s)]);
            }
        }
        form = form.push(
            row![
                label(t().subject()),
                text_input(t().subject(), &self.subject)
                    .id(self.widget_id("subject"))
                    .on_input(Message::Subject)
                    .size(14)
                    .padding(5),
            ]
            .align_y(iced::Center),
        );
        form = form.push(
            row![
                space().width(LABEL_WIDTH),
                checkbox(self.read_receipt)
                    .label(t().request_read_receipt())
                    .text_size(13)
                    .on_toggle(Message::ReadReceipt),
                checkbox(self.delivery_status)
                    .label(t().request_delivery_status())
                    .text_size(13)
                    .on_toggle(Message::DeliveryStatus),
            ]
            .spacing(16),
        );
        form = form.push(self.attachment_list());
        if self.hovering {
            form = form.push(
                container(text(t().drop_to_attach()).size(14))
                    .padding(12)
                    .width(Fill)
                    .center_x(Fill)
                    .style(container::primary),
            );
        }
        if let Some(e) = &self.error {
            form = form.push(text(e.as_str()).size(13).style(text::danger));
        }
        let body = iced::widget::responsive(move |size| self.body_editor(size.height));
        // One id around the whole composer: Tab moves between its fields only (see `tab_task`).
        container(column![
            form,
            rule::horizontal(1),
            container(body).padding(8).height(Fill)
        ])
        .id(self.widget_id("scope"))
        .into()
    }

    /// The body editor, as tall as whole lines fit in `room`: iced's tiny-skia renderer draws
    /// a line cut by the editor's bottom edge whole, past the edge, and never clears what it
    /// drew there (garbled lines piled up under the editor while typing). With whole lines and a
    /// line height above every glyph box, the line below the last one is not drawn at all.
    fn body_editor(&self, room: f32) -> Element<'_, Message> {
        let lines = ((room - 2.0 * BODY_PADDING) / BODY_LINE).floor().max(1.0);
        text_editor(&self.body)
            .id(self.widget_id("body"))
            .on_action(Message::Body)
            .key_binding(body_keys)
            .placeholder(t().body_placeholder())
            .size(14)
            .line_height(text::LineHeight::Absolute(BODY_LINE.into()))
            .padding(BODY_PADDING)
            // Long words break instead of running past the right edge.
            .wrapping(text::Wrapping::WordOrGlyph)
            .height(lines * BODY_LINE + 2.0 * BODY_PADDING)
            .into()
    }

    fn sender_line(&self) -> Element<'_, Message> {
        let choice: Element<'_, Message> = if self.senders.is_empty() {
            text(t().no_sender()).size(13).style(text::danger).into()
        } else {
            pick_list(self.senders.as_slice(), self.from.as_ref(), Message::From)
                .text_size(14)
                .padding(5)
                .width(Fill)
                .into()
        };
        row![label(t().from()), choice].align_y(iced::Center).into()
    }

    fn recipient_line(&self, field: Field) -> Element<'_, Message> {
        let words = match field {
            Field::To => t().to(),
            Field::Cc => t().cc(),
            Field::Bcc => t().bcc(),
        };
        row![
            label(words),
            text_input(t().addresses_placeholder(), self.field(field))
                .id(self.field_id(field))
                .on_input(move |s| Message::Recipients(field, s))
                .on_submit(Message::Submit(field))
                .size(14)
                .padding(5),
        ]
        .align_y(iced::Center)
        .into()
    }

    fn suggestion_list<'a>(&'a self, s: &'a super::Suggestions) -> Element<'a, Message> {
        let mut list: Column<'a, Message> = column![].spacing(0);
        for (i, c) in s.contacts.iter().enumerate() {
            let words = match &c.name {
                Some(name) => format!("{name} <{}>", c.email),
                None => c.email.clone(),
            };
            let style = if i == s.highlighted {
                button::primary
            } else {
                button::text
            };
            list = list.push(
                button(text(words).size(13))
                    .style(style)
                    .width(Fill)
                    .padding([3, 8])
                    .on_press(Message::Complete(i)),
            );
        }
        container(list)
            .style(container::bordered_box)
            .width(Fill)
            .into()
    }

    fn attachment_list(&self) -> Element<'_, Message> {
        let mut list: Column<'_, Message> = column![].spacing(2);
        if let Some(size) = self.forwarded_size() {
            list = list.push(
                row![
                    label(""),
                    text(t().forwarded_message(&human_size(size))).size(13),
                ]
                .spacing(8),
            );
        }
        for (i, a) in self.attachments.iter().enumerate() {
            list = list.push(
                row![
                    label(if i == 0 { t().attachments() } else { "" }),
                    text(a.name.as_str()).size(13).width(Fill),
                    text(human_size(a.size())).size(13),
                    button(text(t().remove()).size(12))
                        .style(button::text)
                        .padding([2, 6])
                        .on_press(Message::Remove(i)),
                ]
                .spacing(8)
                .align_y(iced::Center),
            );
        }
        if self.reading > 0 {
            list = list.push(row![
                label(""),
                text(t().reading_files(self.reading)).size(12)
            ]);
        }
        let total = self.attachments_size();
        if total > 0 {
            let limit = self.size_limit.map(human_size);
            list = list.push(
                row![
                    label(""),
                    text(t().attachments_total(&human_size(total), limit.as_deref())).size(12)
                ]
                .spacing(8),
            );
        }
        if let Some((size, limit)) = self.over_size_limit() {
            list = list.push(
                row![
                    label(""),
                    text(t().over_size_limit(&human_size(size), &human_size(limit)))
                        .size(13)
                        .style(text::danger)
                        .width(Fill)
                ]
                .spacing(8),
            );
        }
        list.into()
    }
}
