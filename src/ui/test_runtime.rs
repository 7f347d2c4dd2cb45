//! For the window's tests: run the app's tasks as the iced runtime would.

use super::app::{App, Message};
use iced::Task;
use iced_test::runtime::{task, Action};

/// Run `task` to its end; the messages it produced.
pub fn run(task: Task<Message>) -> Vec<Message> {
    use iced::futures::StreamExt;
    let Some(mut stream) = task::into_stream(task) else {
        return Vec::new();
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut out = Vec::new();
        while let Some(action) = stream.next().await {
            if let Action::Output(m) = action {
                out.push(m);
            }
        }
        out
    })
}

/// Update the app with `m`, then with every message its tasks produce, until none is left.
pub fn settle(app: &mut App, m: Message) {
    let mut queue = vec![m];
    while let Some(m) = queue.pop() {
        queue.extend(run(app.update(m)));
    }
}
