//! SMTP submission (RFC 6409) through lettre's connection, on a stream Jebi secures itself,
//! and the outbox that feeds it.

mod commit;
pub(crate) mod connect;
pub(crate) mod ehlo;
mod error;
pub mod outbox;
mod stream;
mod submit;

pub use connect::{connect, SmtpConnection};
pub use ehlo::Extensions;
pub use error::SmtpError;
pub use submit::{submit, Accepted, NotSent, RecipientRefusal, Submission};

use std::time::Duration;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// Commands and their replies (RFC 5321 asks for minutes; servers answer in milliseconds).
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// The reply to the end of data may take a while (content scanning): RFC 5321 says 10 minutes.
pub const DATA_END_TIMEOUT: Duration = Duration::from_secs(600);
