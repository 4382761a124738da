//! Chats: list, get, archive, pin, mute, mark read, disappearing
//! messages, delete.

use crate::ids::IntoChatId;
use crate::paging::{Page, page_args};
use crate::{Client, Error, call, types};
use futures_util::Stream;

/// The chats handler: `client.chats()`.
///
/// `chat` is a phone number or a chat ID (see [`ChatId`](crate::ChatId)),
/// checked before any request; an invalid one fails with
/// [`Error::InvalidInput`] whose `argument` is `chat`. Calls without options
/// are `async` methods; the list is a builder ending in `.send()` or
/// `.into_stream()`.
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let chats = client.chats();
/// chats.pin("15551234567").await?;
/// chats.mark_read("15551234567").await?;
/// chats.archive("120363025555555555@g.us").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Chats<'a> {
    client: &'a Client,
}

impl<'a> Chats<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Chats { client }
    }

    /// The chats, newest activity first, a page at a time or as a stream.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let page = client.chats().list().count(50).send().await?;
    /// for chat in page.chats.map(|c| c.0).unwrap_or_default() {
    ///     println!("{} {:?}", chat.id, chat.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(self) -> ListChats<'a> {
        ListChats {
            client: self.client,
            count: None,
            offset: 0,
        }
    }

    /// One chat (`GET /chats/{ChatID}`).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let chat = client.chats().get("15551234567").await?;
    /// println!("{} unread", chat.unread.unwrap_or(0));
    /// # Ok(()) }
    /// ```
    pub async fn get(self, chat: impl IntoChatId) -> Result<types::Chat, Error> {
        let request = self.client.raw().get_chat().chat_id(path(chat)?);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Archives a chat.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().archive("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn archive(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        self.set_archived(chat, true).await
    }

    /// Moves an archived chat back to the chat list.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().unarchive("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn unarchive(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        self.set_archived(chat, false).await
    }

    /// Pins a chat to the top of the list.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().pin("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn pin(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        self.patch(chat, |p| p.pin = Some(true)).await
    }

    /// Unpins a chat.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().unpin("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn unpin(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        self.patch(chat, |p| p.pin = Some(false)).await
    }

    /// Mutes a chat until `until_unix_ms`, a Unix time in milliseconds (the
    /// unit of the spec's example for `mute_until`). A negative time fails
    /// with [`Error::InvalidInput`] (`until_unix_ms`) before any request.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let in_a_week = std::time::SystemTime::now() + std::time::Duration::from_secs(7 * 86_400);
    /// let ms = in_a_week.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    /// client.chats().mute("15551234567", ms as i64).await?;
    /// # Ok(()) }
    /// ```
    pub async fn mute(
        self,
        chat: impl IntoChatId,
        until_unix_ms: i64,
    ) -> Result<types::ResponseSuccess, Error> {
        if until_unix_ms < 0 {
            return Err(Error::invalid(
                "until_unix_ms",
                format!("{until_unix_ms} is before 1970"),
            ));
        }
        self.patch(chat, |p| p.mute_until = Some(until_unix_ms))
            .await
    }

    /// Unmutes a chat (`mute_until` 0).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().unmute("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn unmute(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        self.patch(chat, |p| p.mute_until = Some(0)).await
    }

    /// Marks a chat as read.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().mark_read("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn mark_read(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        self.patch(chat, |p| p.mark_unread = Some(false)).await
    }

    /// Marks a chat as unread.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().mark_unread("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn mark_unread(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        self.patch(chat, |p| p.mark_unread = Some(true)).await
    }

    /// Turns disappearing messages on (a day, a week, 90 days) or off
    /// (`None`).
    ///
    /// ```no_run
    /// use whapi::types::PatchChatRequestEphemeral as Ephemeral;
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().disappearing("15551234567", Ephemeral::Week).await?;
    /// # Ok(()) }
    /// ```
    pub async fn disappearing(
        self,
        chat: impl IntoChatId,
        after: types::PatchChatRequestEphemeral,
    ) -> Result<types::ResponseSuccess, Error> {
        self.patch(chat, |p| p.ephemeral = Some(after)).await
    }

    /// Deletes a chat.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.chats().delete("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(self, chat: impl IntoChatId) -> Result<types::ResponseSuccess, Error> {
        let request = self.client.raw().delete_chat().chat_id(path(chat)?);
        call::run(self.client.timeout(), None, request.send()).await
    }

    async fn set_archived(
        self,
        chat: impl IntoChatId,
        archive: bool,
    ) -> Result<types::ResponseSuccess, Error> {
        let request =
            self.client
                .raw()
                .archive_chat()
                .chat_id(path(chat)?)
                .body(types::ArchiveChatRequest {
                    archive: Some(archive),
                });
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// `PATCH /chats/{ChatID}` with only the field `set` sets, so the
    /// chat's other settings stay as they are.
    async fn patch(
        self,
        chat: impl IntoChatId,
        set: impl FnOnce(&mut types::PatchChatRequest),
    ) -> Result<types::ResponseSuccess, Error> {
        let mut body = types::PatchChatRequest::default();
        set(&mut body);
        let request = self
            .client
            .raw()
            .patch_chat()
            .chat_id(path(chat)?)
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }
}

fn path(chat: impl IntoChatId) -> Result<types::ChatId, Error> {
    chat.into_chat_id()
        .map_err(|e| e.for_argument("chat"))?
        .path()
}

/// Lists chats. From [`Chats::list`].
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let mut chats = std::pin::pin!(client.chats().list().count(100).into_stream());
/// while let Some(chat) = chats.try_next().await? {
///     println!("{} {:?}", chat.id, chat.name);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await` or `.into_stream()`"]
pub struct ListChats<'a> {
    client: &'a Client,
    count: Option<u32>,
    offset: u32,
}

impl ListChats<'_> {
    /// Chats per page, 1 to 500 (the API's default is 100).
    pub fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// Skips this many chats.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = offset;
        self
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<types::ChatsList, Error> {
        fetch(self.client, self.count, self.offset).await
    }

    /// Every chat from the offset on, fetched lazily page by page (`count`
    /// per page). Stops at `total` or at an empty page; holds one page in
    /// memory; an error ends the stream after yielding it. Owns a clone of
    /// the client, so it can be moved into a spawned task.
    pub fn into_stream(self) -> impl Stream<Item = Result<types::Chat, Error>> + Send + 'static {
        let client = self.client.clone();
        let count = self.count;
        crate::paging::offset_stream(self.offset, move |offset| {
            let client = client.clone();
            async move {
                let page = fetch(&client, count, offset).await?;
                Ok(Page {
                    total: page.total.map(i64::from),
                    items: page.chats.map(|c| c.0).unwrap_or_default(),
                })
            }
        })
    }
}

/// One page of `GET /chats`.
async fn fetch(
    client: &Client,
    count: Option<u32>,
    offset: u32,
) -> Result<types::ChatsList, Error> {
    let (count, offset) = page_args(count, offset)?;
    let mut request = client.raw().get_chats();
    if let Some(c) = count {
        request = request.count(c);
    }
    // 0 is the API's default: leave it out.
    if offset > 0 {
        request = request.offset(offset);
    }
    call::run(client.timeout(), None, request.send()).await
}
