//! Text that does not fit is cut with "…" rather than mid-letter: iced 0.14 has no ellipsis, so
//! this wrapper lays its content out at its natural width and, when it overflows, draws it
//! clipped short of its room with a "…" in the rest.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer;
use iced::advanced::text::{self as core_text, Renderer as _};
use iced::advanced::widget::{self, Tree, Widget};
use iced::advanced::{mouse, Clipboard, Shell};
use iced::{Color, Element, Length, Pixels, Point, Rectangle, Size, Vector};

pub struct Ellipsis<'a, Message> {
    content: Element<'a, Message>,
    backdrop: Backdrop,
    size: f32,
}

/// What the text sits on (the "…" is drawn in its text colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backdrop {
    /// The window's background.
    Plain,
    /// A selected row or folder (the theme's primary colour).
    Selected,
}

impl Backdrop {
    /// The colour of text on it (the "…" takes it).
    fn text_color(self, theme: &iced::Theme) -> Color {
        let palette = theme.extended_palette();
        match self {
            Backdrop::Plain => palette.background.base.text,
            Backdrop::Selected => palette.primary.base.text,
        }
    }
}

/// `content` (text, no wrapping) cut with "…" (text of `size`) when it does not fit.
pub fn ellipsis<'a, Message>(
    content: impl Into<Element<'a, Message>>,
    backdrop: Backdrop,
    size: f32,
) -> Ellipsis<'a, Message> {
    Ellipsis {
        content: content.into(),
        backdrop,
        size,
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for Ellipsis<'_, Message> {
    fn size(&self) -> Size<Length> {
        Size::new(Length::Fill, Length::Shrink)
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let room = limits.max();
        let natural = layout::Limits::new(Size::ZERO, Size::new(f32::INFINITY, room.height));
        let child = self
            .content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, &natural);
        let height = child.size().height;
        let width = if room.width.is_finite() {
            room.width
        } else {
            child.size().width
        };
        layout::Node::with_children(Size::new(width, height), vec![child])
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &iced::Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        if let Some(child) = layout.children().next() {
            self.content.as_widget_mut().update(
                &mut tree.children[0],
                event,
                child,
                cursor,
                renderer,
                clipboard,
                shell,
                viewport,
            );
        }
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        use iced::advanced::Renderer as _;
        let bounds = layout.bounds();
        let Some(child) = layout.children().next() else {
            return;
        };
        let overflows = child.bounds().width > bounds.width + 0.5;
        if !overflows {
            // Fits: no clip layer (each one costs a mask on the CPU renderer).
            self.content.as_widget().draw(
                &tree.children[0],
                renderer,
                theme,
                style,
                child,
                cursor,
                viewport,
            );
            return;
        }
        // The text is clipped short of the "…", which is drawn beside it: one clip layer, no
        // cover (a cover would need a layer of its own to lie over the text).
        let color = self.backdrop.text_color(theme);
        let mark = self.size * 1.1;
        let clip = Rectangle {
            width: (bounds.width - mark).max(0.0),
            ..bounds
        };
        renderer.with_layer(clip, |renderer| {
            self.content.as_widget().draw(
                &tree.children[0],
                renderer,
                theme,
                style,
                child,
                cursor,
                viewport,
            );
        });
        // One "…" per line of the content.
        let line = self.size * 1.45;
        let lines = (bounds.height / line).floor().max(1.0) as usize;
        for i in 0..lines {
            renderer.fill_text(
                core_text::Text {
                    content: "\u{2026}".to_string(),
                    bounds: Size::new(mark, line),
                    size: Pixels(self.size),
                    line_height: core_text::LineHeight::Absolute(Pixels(line)),
                    font: renderer.default_font(),
                    align_x: core_text::Alignment::Left,
                    align_y: iced::alignment::Vertical::Top,
                    shaping: core_text::Shaping::Basic,
                    wrapping: core_text::Wrapping::None,
                },
                Point::new(clip.x + clip.width, bounds.y) + Vector::new(0.0, i as f32 * line),
                color,
                bounds,
            );
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        layout
            .children()
            .next()
            .map_or(mouse::Interaction::None, |child| {
                self.content.as_widget().mouse_interaction(
                    &tree.children[0],
                    child,
                    cursor,
                    viewport,
                    renderer,
                )
            })
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn widget::Operation,
    ) {
        if let Some(child) = layout.children().next() {
            self.content
                .as_widget_mut()
                .operate(&mut tree.children[0], child, renderer, operation);
        }
    }
}

impl<'a, Message: 'a> From<Ellipsis<'a, Message>> for Element<'a, Message> {
    fn from(e: Ellipsis<'a, Message>) -> Self {
        Element::new(e)
    }
}
