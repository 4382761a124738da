//! Chat, message, contact and group identifiers, validated against the
//! spec's patterns before any request is made. Message IDs come with the
//! `messages` feature (their pattern is a messages schema); chat IDs are
//! checked by hand against the `Recipient` pattern, so every area can take
//! them.

use crate::error::Error;
use crate::types;
use std::fmt;

/// A chat: a phone number (`15551234567`, `+1 555 123-4567`) or a full chat
/// ID (`15551234567@s.whatsapp.net`, `120363025555555555@g.us`).
///
/// Phone numbers are normalized to their digits; a full ID is kept as
/// given. Validation follows the spec's `Recipient` and `ChatID` patterns.
///
/// `whapi::ChatId` and [`types::ChatId`](crate::types::ChatId) side by side:
/// this one is the facade's argument type, accepting what people write
/// (phone numbers too) and normalizing it; `types::ChatId` is the
/// generated newtype of the spec's `ChatID` schema, a full chat ID only,
/// as the raw client's path parameters take it. [`ChatId::to_chat_id`]
/// gives the latter's text.
///
/// ```
/// use whapi::ChatId;
/// let chat: ChatId = "+1 555 123-4567".parse()?;
/// assert_eq!(chat.as_str(), "15551234567");
/// assert_eq!(chat.to_chat_id(), "15551234567@s.whatsapp.net");
/// assert!("12".parse::<ChatId>().is_err());
/// # Ok::<(), whapi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChatId(String);

impl ChatId {
    /// Validates `text` as a phone number or chat ID.
    pub fn new(chat: &str) -> Result<ChatId, Error> {
        // Already as sent (bare digits, or a chat ID from a webhook): the
        // common case, and what the rest would keep unchanged.
        if is_recipient(chat) {
            return Ok(ChatId(chat.to_owned()));
        }
        let text = chat;
        let trimmed = text.trim();
        // People write numbers with +, spaces, dots, parentheses and dashes.
        // A bare `<digits>-<digits>` (a legacy group ID) keeps its dash.
        let written_as_phone = trimmed.starts_with('+') || trimmed.contains([' ', '(', ')', '.']);
        let punctuated = |c: char| matches!(c, '+' | ' ' | '(' | ')' | '.' | '-');
        let normalized = if trimmed.contains('@') || !trimmed.contains(punctuated) {
            // Already as sent (a chat ID, or bare digits): one copy.
            trimmed.to_owned()
        } else {
            trimmed
                .chars()
                .filter(|c| !matches!(c, '+' | ' ' | '(' | ')' | '.'))
                .filter(|c| !(written_as_phone && *c == '-'))
                .collect()
        };
        if !is_recipient(&normalized) {
            return Err(Error::invalid(
                "chat",
                format!(
                    "`{}` is neither a phone number (10 to 31 digits) nor a chat ID like 15551234567@s.whatsapp.net or 1203...@g.us",
                    crate::ids::shown(text)
                ),
            ));
        }
        Ok(ChatId(normalized))
    }

    /// The ID as it is sent in `to` fields.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ID as it is sent in `to` fields, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The full chat ID, as path parameters need it: a bare phone number
    /// becomes `<number>@s.whatsapp.net`.
    pub fn to_chat_id(&self) -> String {
        if self.0.contains('@') {
            self.0.clone()
        } else {
            format!("{}@s.whatsapp.net", self.0)
        }
    }

    #[doc(hidden)]
    pub fn path(&self) -> Result<types::ChatId, Error> {
        self.to_chat_id().parse().map_err(|_| {
            Error::invalid("chat", format!("`{}` is not a chat ID", self.to_chat_id()))
        })
    }
}

impl std::str::FromStr for ChatId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        ChatId::new(s)
    }
}

impl fmt::Display for ChatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A message ID such as `ABCDEF012345-gBcdefghIjk`, validated against the
/// spec's `MessageID` pattern.
///
/// It wraps the generated [`types::MessageId`](crate::types::MessageId)
/// (what the raw client takes) and is what the facade accepts and returns,
/// e.g. from [`SentMessage::message_id`](crate::types::SentMessage::message_id).
///
/// ```
/// let id: whapi::MessageId = "ABCDEF012345-gBcdefghIjk".parse()?;
/// assert_eq!(id.as_str(), "ABCDEF012345-gBcdefghIjk");
/// assert!("not an id".parse::<whapi::MessageId>().is_err());
/// # Ok::<(), whapi::Error>(())
/// ```
#[cfg(feature = "messages")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MessageId(types::MessageId);

#[cfg(feature = "messages")]
impl MessageId {
    /// Validates `text` as a message ID.
    pub fn new(message_id: &str) -> Result<MessageId, Error> {
        let text = message_id;
        text.trim().parse().map(MessageId).map_err(|_| {
            Error::invalid(
                "message_id",
                format!(
                    "`{}` is not a message ID (like ABCDEF012345-gBcdefghIjk)",
                    shown(text)
                ),
            )
        })
    }

    /// The ID's text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The generated type, for the raw client.
    pub fn to_raw(&self) -> types::MessageId {
        self.0.clone()
    }

    #[doc(hidden)]
    pub fn raw(&self) -> types::MessageId {
        self.0.clone()
    }
}

#[cfg(feature = "messages")]
impl std::str::FromStr for MessageId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        MessageId::new(s)
    }
}

#[cfg(feature = "messages")]
impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Conversions accepted where an ID is an argument.
pub trait IntoChatId {
    /// Validates and converts.
    fn into_chat_id(self) -> Result<ChatId, Error>;
}

impl IntoChatId for ChatId {
    fn into_chat_id(self) -> Result<ChatId, Error> {
        Ok(self)
    }
}
impl IntoChatId for &ChatId {
    fn into_chat_id(self) -> Result<ChatId, Error> {
        Ok(self.clone())
    }
}
impl IntoChatId for &str {
    fn into_chat_id(self) -> Result<ChatId, Error> {
        ChatId::new(self)
    }
}
impl IntoChatId for String {
    fn into_chat_id(self) -> Result<ChatId, Error> {
        ChatId::new(&self)
    }
}
impl IntoChatId for &String {
    fn into_chat_id(self) -> Result<ChatId, Error> {
        ChatId::new(self)
    }
}

/// Conversions accepted where a message ID is an argument.
#[cfg(feature = "messages")]
pub trait IntoMessageId {
    /// Validates and converts.
    fn into_message_id(self) -> Result<MessageId, Error>;
}

#[cfg(feature = "messages")]
impl IntoMessageId for MessageId {
    fn into_message_id(self) -> Result<MessageId, Error> {
        Ok(self)
    }
}
#[cfg(feature = "messages")]
impl IntoMessageId for &MessageId {
    fn into_message_id(self) -> Result<MessageId, Error> {
        Ok(self.clone())
    }
}
#[cfg(feature = "messages")]
impl IntoMessageId for &str {
    fn into_message_id(self) -> Result<MessageId, Error> {
        MessageId::new(self)
    }
}
#[cfg(feature = "messages")]
impl IntoMessageId for String {
    fn into_message_id(self) -> Result<MessageId, Error> {
        MessageId::new(&self)
    }
}
#[cfg(feature = "messages")]
impl IntoMessageId for &String {
    fn into_message_id(self) -> Result<MessageId, Error> {
        MessageId::new(self)
    }
}

/// The spec's `Recipient` pattern, `^[\d-]{10,31}(@[\w\.]{1,})?$`, by
/// hand: the generated type that checks it exists only with `messages`.
fn is_recipient(text: &str) -> bool {
    let (number, server) = match text.split_once('@') {
        Some((number, server)) => (number, Some(server)),
        None => (text, None),
    };
    (10..=31).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && server.is_none_or(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        })
}

/// A contact: 7 to 15 digits (the spec's `ContactID`), written as people
/// write phone numbers (`+1 555 123-4567`) or as a contact's chat ID
/// (`15551234567@s.whatsapp.net`). `argument` names the caller's parameter.
pub fn contact_id(argument: &'static str, text: &str) -> Result<types::ContactId, Error> {
    let trimmed = text.trim();
    let number = trimmed
        .strip_suffix("@s.whatsapp.net")
        .or_else(|| trimmed.strip_suffix("@c.us"))
        .unwrap_or(trimmed);
    let digits: String = number
        .chars()
        .filter(|c| !matches!(c, '+' | ' ' | '(' | ')' | '.' | '-'))
        .collect();
    if !(7..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            argument,
            format!("`{}` is not a phone number of 7 to 15 digits", shown(text)),
        ));
    }
    // Whether the newtype checks the pattern again depends on the areas
    // enabled (build.rs loosens a pattern that responses break), so the
    // conversion is fallible in some builds only.
    #[allow(clippy::unnecessary_fallible_conversions)]
    digits
        .try_into()
        .map_err(|e| Error::invalid(argument, format!("{e}")))
}

/// A group ID, `<digits>@g.us` (the spec's `GroupID`: 10 to 31 digits or
/// dashes, then `@g.us`).
pub fn group_id(argument: &'static str, text: &str) -> Result<types::GroupId, Error> {
    let trimmed = text.trim();
    let valid = trimmed.strip_suffix("@g.us").is_some_and(|number| {
        (10..=31).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    });
    if !valid {
        return Err(Error::invalid(
            argument,
            format!(
                "`{}` is not a group ID like 120363025555555555@g.us",
                shown(text)
            ),
        ));
    }
    // Fallible in some builds only, as for contact IDs.
    #[allow(clippy::unnecessary_fallible_conversions)]
    trimmed
        .to_owned()
        .try_into()
        .map_err(|e| Error::invalid(argument, format!("{e}")))
}

/// User input shown in an error: at most 64 characters, so an error never
/// carries a pasted secret or a whole file.
pub fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(64).collect();
    if text.chars().count() > 64 {
        out.push('…');
    }
    out
}
