//! What every send takes: reply, edit, disappearing and view-once options,
//! and the builder macro the sends share.

use crate::ids::{IntoMessageId, MessageId};
use crate::{ChatId, Error};
use std::num::NonZeroU32;

/// Options common to every send, set through the builders' setters.
#[derive(Debug, Default)]
pub(crate) struct SendOptions {
    pub quoted: Option<MessageId>,
    pub edit: Option<MessageId>,
    pub ephemeral: Option<NonZeroU32>,
    pub view_once: Option<bool>,
    /// The first invalid argument, reported by `send()`.
    pub error: Option<Error>,
}

impl SendOptions {
    pub fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    pub fn quoted(&mut self, id: impl IntoMessageId) {
        match id.into_message_id() {
            Ok(id) => self.quoted = Some(id),
            Err(e) => self.fail(e.for_argument("quoted")),
        }
    }

    pub fn edit(&mut self, id: impl IntoMessageId) {
        match id.into_message_id() {
            Ok(id) => self.edit = Some(id),
            Err(e) => self.fail(e.for_argument("edit")),
        }
    }

    pub fn ephemeral(&mut self, seconds: u32) {
        match NonZeroU32::new(seconds).filter(|s| s.get() <= 604_800) {
            Some(s) => self.ephemeral = Some(s),
            None => self.fail(Error::invalid(
                "ephemeral",
                format!("{seconds} s is outside 1..=604800 (one week)"),
            )),
        }
    }

    /// The recipient, or the first error among the arguments.
    pub fn check(&mut self, to: Result<ChatId, Error>) -> Result<ChatId, Error> {
        match self.error.take() {
            Some(e) => Err(e),
            None => to,
        }
    }
}

/// Applies the common options to a generated body builder.
macro_rules! apply_options {
    ($builder:expr, $options:expr) => {{
        let mut b = $builder;
        if let Some(id) = $options.quoted.as_ref() {
            b = b.quoted(id.raw());
        }
        if let Some(id) = $options.edit.as_ref() {
            b = b.edit(id.raw());
        }
        if let Some(s) = $options.ephemeral {
            b = b.ephemeral(s);
        }
        if let Some(v) = $options.view_once {
            b = b.view_once(v);
        }
        b
    }};
}
pub(crate) use apply_options;

/// The setters of the common options, for a builder with an `options` field.
macro_rules! option_setters {
    () => {
        /// Replies to (quotes) this message.
        pub fn quoted(mut self, quoted: impl crate::ids::IntoMessageId) -> Self {
            self.options.quoted(quoted);
            self
        }

        /// Edits this earlier message of yours instead of sending a new one.
        pub fn edit(mut self, edit: impl crate::ids::IntoMessageId) -> Self {
            self.options.edit(edit);
            self
        }

        /// Makes the message disappear after `ephemeral` seconds (1 to
        /// 604800; the chat must have disappearing messages on).
        pub fn ephemeral(mut self, ephemeral: u32) -> Self {
            self.options.ephemeral(ephemeral);
            self
        }

        /// Lets the recipient open the message once.
        pub fn view_once(mut self, view_once: bool) -> Self {
            self.options.view_once = Some(view_once);
            self
        }
    };
}
pub(crate) use option_setters;

/// Builds a generated body type, naming the conversion problem if any.
pub(crate) fn body<B, T>(builder: B) -> Result<T, Error>
where
    B: TryInto<T>,
    B::Error: std::fmt::Display,
{
    builder
        .try_into()
        .map_err(|e| Error::invalid("body", e.to_string()))
}
