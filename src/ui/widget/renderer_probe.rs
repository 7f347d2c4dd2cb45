//! An empty one-pixel widget that notes which renderer draws it (for `JEBI_STARTUP_TRACE`'s
//! `jebi: startup: renderer NAME` line).

use iced::advanced::layout::{self, Layout};
use iced::advanced::mouse;
use iced::advanced::renderer;
use iced::advanced::widget::{Tree, Widget};
use iced::{Element, Length, Rectangle, Size};

/// Called once with the renderer's name ("wgpu" or "tiny-skia") at the first draw.
pub struct RendererProbe {
    on_first_draw: fn(&'static str),
}

pub fn renderer_probe(on_first_draw: fn(&'static str)) -> RendererProbe {
    RendererProbe { on_first_draw }
}

/// The name of the renderer drawing (iced's fallback: wgpu first, tiny-skia second).
pub fn name(renderer: &iced::Renderer) -> &'static str {
    match renderer {
        iced::Renderer::Primary(_) => "wgpu",
        iced::Renderer::Secondary(_) => "tiny-skia",
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for RendererProbe {
    // One pixel, drawn on by nothing: containers skip drawing what has no area.
    fn size(&self) -> Size<Length> {
        Size::new(Length::Fixed(1.0), Length::Fixed(1.0))
    }

    fn layout(
        &mut self,
        _tree: &mut Tree,
        _renderer: &iced::Renderer,
        _limits: &layout::Limits,
    ) -> layout::Node {
        layout::Node::new(Size::new(1.0, 1.0))
    }

    fn draw(
        &self,
        _tree: &Tree,
        renderer: &mut iced::Renderer,
        _theme: &iced::Theme,
        _style: &renderer::Style,
        _layout: Layout<'_>,
        _cursor: mouse::Cursor,
        _viewport: &Rectangle,
    ) {
        (self.on_first_draw)(name(renderer));
    }
}

impl<'a, Message: 'a> From<RendererProbe> for Element<'a, Message> {
    fn from(probe: RendererProbe) -> Self {
        Element::new(probe)
    }
}
