//! What every send takes: reply, edit, disappearing, view-once and
//! mentions, and the builder macros the sends share.

use crate::ids::{IntoMessageId, MessageId};
use crate::{ChatId, Error, types};
use std::num::NonZeroU32;

/// Options common to every send, set through the builders' setters.
#[derive(Debug, Default)]
pub(crate) struct SendOptions {
    pub quoted: Option<MessageId>,
    pub edit: Option<MessageId>,
    pub ephemeral: Option<NonZeroU32>,
    pub view_once: Option<bool>,
    pub mentions: Vec<String>,
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

    /// A mention: a phone number (7 to 15 digits, `+`, spaces and dashes
    /// dropped) or a contact or group chat ID, as the spec's `Mentions`.
    pub fn mention(&mut self, mention: &str) {
        let trimmed = mention.trim();
        let normalized: String = if trimmed.contains('@') {
            trimmed.to_owned()
        } else {
            trimmed
                .chars()
                .filter(|c| !matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'))
                .collect()
        };
        if is_mention(&normalized) {
            self.mentions.push(normalized);
        } else {
            self.fail(Error::invalid(
                "mention",
                format!(
                    "`{}` is not a phone number (7 to 15 digits) or a chat ID",
                    crate::ids::shown(mention)
                ),
            ));
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

/// The spec's `Mentions` item: `^\d{7,15}(@s\.whatsapp\.net)?$|^\d{10,31}@g\.us$`.
fn is_mention(m: &str) -> bool {
    let digits = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    match m.split_once('@') {
        None => digits(m, 7..=15),
        Some((d, "s.whatsapp.net")) => digits(d, 7..=15),
        Some((d, "g.us")) => digits(d, 10..=31),
        Some(_) => false,
    }
}

/// A contact ID (7 to 15 digits), checked here: the generated type no
/// longer validates it (responses carry other shapes of contact ids).
pub(crate) fn contact_id(argument: &'static str, id: &str) -> Result<types::ContactId, Error> {
    let digits: String = id
        .trim()
        .chars()
        .filter(|c| !matches!(c, '+' | ' ' | '-'))
        .collect();
    if !(7..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            argument,
            format!("`{}` is not 7 to 15 digits", crate::ids::shown(id)),
        ));
    }
    Ok(types::ContactId(digits))
}

/// A message ID as one of the generated per-body ID types (the spec
/// inlines its pattern in several bodies, so each has its own type).
pub(crate) fn retyped<T>(id: &MessageId, argument: &'static str) -> Result<T, Error>
where
    T: TryFrom<String>,
    T::Error: std::fmt::Display,
{
    T::try_from(id.as_str().to_owned()).map_err(|e| Error::invalid(argument, e.to_string()))
}

/// Applies the common options to a generated body builder: all four by
/// default, or those listed (the body types differ in what they take).
macro_rules! apply_options {
    ($builder:expr, $options:expr) => {
        apply_options!($builder, $options; quoted edit ephemeral view_once)
    };
    ($builder:expr, $options:expr; $($opt:ident)*) => {{
        let mut b = $builder;
        let o = &$options;
        $( apply_options!(@$opt b, o); )*
        b
    }};
    (@quoted $b:ident, $o:ident) => {
        if let Some(id) = $o.quoted.as_ref() {
            $b = $b.quoted(Some($crate::messages::options::retyped(id, "quoted")?));
        }
    };
    (@edit $b:ident, $o:ident) => {
        if let Some(id) = $o.edit.as_ref() {
            $b = $b.edit(Some($crate::messages::options::retyped(id, "edit")?));
        }
    };
    (@ephemeral $b:ident, $o:ident) => {
        if let Some(s) = $o.ephemeral {
            $b = $b.ephemeral(s);
        }
    };
    (@view_once $b:ident, $o:ident) => {
        if let Some(v) = $o.view_once {
            $b = $b.view_once(v);
        }
    };
    (@mentions $b:ident, $o:ident) => {
        if !$o.mentions.is_empty() {
            let mut items = Vec::with_capacity($o.mentions.len());
            for m in &$o.mentions {
                items.push(m.clone().try_into().map_err(|e| {
                    $crate::Error::invalid("mention", format!("{e}"))
                })?);
            }
            $b = $b.mentions(items);
        }
    };
}
pub(crate) use apply_options;

/// The setters of the common options, for a builder with an `options`
/// field: all four by default, or those listed (`quoted edit ephemeral
/// view_once mentions`).
macro_rules! option_setters {
    () => {
        option_setters!(quoted edit ephemeral view_once);
    };
    ($($opt:ident)*) => {
        $( option_setters!(@$opt); )*
    };
    (@quoted) => {
        /// Replies to (quotes) this message.
        pub fn quoted(mut self, quoted: impl crate::ids::IntoMessageId) -> Self {
            self.options.quoted(quoted);
            self
        }
    };
    (@edit) => {
        /// Edits this earlier message of yours instead of sending a new one.
        pub fn edit(mut self, edit: impl crate::ids::IntoMessageId) -> Self {
            self.options.edit(edit);
            self
        }
    };
    (@ephemeral) => {
        /// Makes the message disappear after `ephemeral` seconds (1 to
        /// 604800; the chat must have disappearing messages on).
        pub fn ephemeral(mut self, ephemeral: u32) -> Self {
            self.options.ephemeral(ephemeral);
            self
        }
    };
    (@view_once) => {
        /// Lets the recipient open the message once.
        pub fn view_once(mut self, view_once: bool) -> Self {
            self.options.view_once = Some(view_once);
            self
        }
    };
    (@mentions) => {
        /// Mentions a user (a phone number or chat ID; call once per
        /// user). The text should name them too, as `@15551234567`.
        pub fn mention(mut self, mention: impl AsRef<str>) -> Self {
            self.options.mention(mention.as_ref());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_follow_the_spec_pattern() {
        for m in [
            "1555123",
            "15551234567@s.whatsapp.net",
            "1203630255555555@g.us",
        ] {
            assert!(is_mention(m), "{m}");
        }
        for m in [
            "",
            "123456",
            "1555123456789012",
            "a1555123",
            "15551234567@x.us",
        ] {
            assert!(!is_mention(m), "{m}");
        }
    }
}
