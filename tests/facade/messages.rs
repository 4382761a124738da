//! The messages facade: every send kind and every message action.

mod actions;
mod media_sends;
mod sends;
mod stories;

use crate::harness::Case;
use std::path::PathBuf;
use whapi::OpenEnum;
use whapi::types::{MessageTypeKnown, SentMessage};

pub const PHONE: &str = "15551234567";
pub const GROUP: &str = "120363025555555555@g.us";
pub const MSG: &str = "ABCDEF012345-gBcdefghIjk";
pub const OTHER_MSG: &str = "QUOTED012345-gBcdefghIjk";
/// The ID the mock gives the first message sent.
pub const FIRST_SENT: &str = "MOCK0000000001-whapi";

pub fn cases() -> Vec<Case> {
    let mut cases = sends::cases();
    cases.extend(media_sends::cases());
    cases.extend(stories::cases());
    cases.extend(actions::cases());
    cases
}

/// `result` is `Error::InvalidInput` naming `argument`.
pub fn assert_invalid<T: std::fmt::Debug>(result: Result<T, whapi::Error>, argument: &str) {
    match result {
        Err(whapi::Error::InvalidInput {
            argument: named, ..
        }) => assert_eq!(named, argument, "the argument named"),
        other => panic!("expected InvalidInput `{argument}`, got {other:?}"),
    }
}

/// A send the mock accepted: the first message it stored, of `kind`.
pub fn assert_sent(result: Result<SentMessage, whapi::Error>, kind: MessageTypeKnown) {
    let sent = result.expect("the mock accepts the send");
    assert!(sent.sent);
    assert_eq!(sent.message_id().expect("an id").as_str(), FIRST_SENT);
    let message = sent.message.expect("the sent message");
    assert_eq!(message.type_, OpenEnum::Known(kind), "type of {message:?}");
    assert!(message.from_me);
}

/// A file in its own temporary directory, removed on drop.
pub struct TempFile {
    dir: PathBuf,
    pub path: PathBuf,
}

impl TempFile {
    pub fn new(test: &str, name: &str, contents: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("whapi-facade-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, contents).expect("write temp file");
        TempFile { dir, path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The 8-byte PNG signature and a little more: `infer` calls it a PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
