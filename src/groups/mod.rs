//! Groups: create, list, get, update, invite links, participants,
//! join requests, leave.

mod invite;
mod list;
mod update;

pub use invite::SendInvite;
pub use list::{ListApplications, ListGroups};
pub use update::UpdateGroup;

use crate::ids::{IntoChatId, contact_id, group_id};
use crate::{Client, Error, call, types};

/// The groups handler: `client.groups()`.
///
/// `group` is a group ID (`120363025555555555@g.us`), participants are
/// phone numbers (7 to 15 digits, written as people write them), and an
/// invite is its code or its `https://chat.whatsapp.com/…` link; all are
/// checked before any request ([`Error::InvalidInput`] names the
/// parameter).
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let group = client.groups().create("Team", ["15551234567", "15557654321"]).await?;
/// let code = client.groups().invite_code(group.id.as_str()).await?;
/// println!("https://chat.whatsapp.com/{}", code.invite_code);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Groups<'a> {
    client: &'a Client,
}

impl<'a> Groups<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Groups { client }
    }

    /// The groups the channel is in, a page at a time or as a stream.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let mut groups = std::pin::pin!(client.groups().list().into_stream());
    /// while let Some(group) = groups.try_next().await? {
    ///     println!("{} {}", group.id, group.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(self) -> ListGroups<'a> {
        ListGroups::new(self.client)
    }

    /// Creates a group named `subject` with these participants.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let group = client.groups().create("Team", ["+1 555 123-4567"]).await?;
    /// println!("{} not added: {:?}", group.id, group.unprocessed_participants);
    /// # Ok(()) }
    /// ```
    pub async fn create<I>(
        self,
        subject: &str,
        participants: I,
    ) -> Result<types::GroupCreate, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        if subject.trim().is_empty() {
            return Err(Error::invalid("subject", "is empty"));
        }
        let participants = contacts(participants)?;
        let request = self
            .client
            .raw()
            .create_group()
            .body(types::CreateGroupRequest {
                participants,
                subject: subject.to_owned(),
            });
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// One group, with its participants.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let group = client.groups().get("120363025555555555@g.us").await?;
    /// println!("{}: {} participants", group.name, group.participants_count);
    /// # Ok(()) }
    /// ```
    pub async fn get(self, group: &str) -> Result<types::Group, Error> {
        let id = group_id("group", group)?;
        let request = self.client.raw().get_group().group_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Changes a group's subject and/or description.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().update("120363025555555555@g.us").subject("Team 2").description("Q3").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn update(self, group: &str) -> UpdateGroup<'a> {
        UpdateGroup::new(self.client, group_id("group", group))
    }

    /// Who may do `setting` (send messages, edit the info, add or approve
    /// participants): anyone or admins only.
    ///
    /// ```no_run
    /// use whapi::types::{UpdateGroupSettingRequestPolicy as Policy, UpdateGroupSettingRequestSetting as Setting};
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().setting("120363025555555555@g.us", Setting::SendMessages, Policy::Admins).await?;
    /// # Ok(()) }
    /// ```
    pub async fn setting(
        self,
        group: &str,
        setting: types::UpdateGroupSettingRequestSetting,
        policy: types::UpdateGroupSettingRequestPolicy,
    ) -> Result<types::ResponseSuccess, Error> {
        let id = group_id("group", group)?;
        let request = self
            .client
            .raw()
            .update_group_setting()
            .group_id(id)
            .body(types::UpdateGroupSettingRequest { policy, setting });
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// The group's invite code (the link is `https://chat.whatsapp.com/<code>`).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let invite = client.groups().invite_code("120363025555555555@g.us").await?;
    /// println!("{}", invite.invite_code);
    /// # Ok(()) }
    /// ```
    pub async fn invite_code(self, group: &str) -> Result<types::GroupInvite, Error> {
        let id = group_id("group", group)?;
        let request = self.client.raw().get_group_invite().group_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Revokes the group's invite link (a new one replaces it).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().revoke_invite("120363025555555555@g.us").await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_invite(self, group: &str) -> Result<types::ResponseSuccess, Error> {
        let id = group_id("group", group)?;
        let request = self.client.raw().revoke_group_invite().group_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Joins a group by its invite code or link.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let joined = client.groups().accept_invite("https://chat.whatsapp.com/AbCdEfGhIjKlMnOp").await?;
    /// println!("{}", joined.group_id);
    /// # Ok(()) }
    /// ```
    pub async fn accept_invite(self, invite: &str) -> Result<types::NewGroup, Error> {
        let invite_code = invite_code(invite)?.to_string();
        let request = self
            .client
            .raw()
            .accept_group_invite()
            .body(types::GroupInvite { invite_code });
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// What an invite leads to (name, participants), without joining.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let info = client.groups().invite_info("AbCdEfGhIjKlMnOp").await?;
    /// println!("{:?}", info.name);
    /// # Ok(()) }
    /// ```
    pub async fn invite_info(self, invite: &str) -> Result<types::GroupInfoByInviteCode, Error> {
        let code = invite_code(invite)?;
        let request = self
            .client
            .raw()
            .get_group_metadata_by_invite_code()
            .invite_code(code);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Adds participants; the answer lists those added and those not.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let done = client.groups().add("120363025555555555@g.us", ["15551234567"]).await?;
    /// println!("failed: {:?}", done.failed);
    /// # Ok(()) }
    /// ```
    pub async fn add<I>(
        self,
        group: &str,
        participants: I,
    ) -> Result<types::ResponseListParticipants, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let (id, body) = participants_of(group, participants)?;
        let request = self
            .client
            .raw()
            .add_group_participant()
            .group_id(id)
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Removes participants.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().remove("120363025555555555@g.us", ["15551234567"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove<I>(
        self,
        group: &str,
        participants: I,
    ) -> Result<types::ResponseListParticipants, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let (id, body) = participants_of(group, participants)?;
        let request = self
            .client
            .raw()
            .remove_group_participant()
            .group_id(id)
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Makes participants admins.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().promote("120363025555555555@g.us", ["15551234567"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn promote<I>(
        self,
        group: &str,
        participants: I,
    ) -> Result<types::ResponseSuccess, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let (id, body) = participants_of(group, participants)?;
        let request = self
            .client
            .raw()
            .promote_to_group_admin()
            .group_id(id)
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Takes admin rights away from participants.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().demote("120363025555555555@g.us", ["15551234567"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn demote<I>(
        self,
        group: &str,
        participants: I,
    ) -> Result<types::ResponseSuccess, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let (id, body) = participants_of(group, participants)?;
        let request = self
            .client
            .raw()
            .demote_group_admin()
            .group_id(id)
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Leaves a group.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().leave("120363025555555555@g.us").await?;
    /// # Ok(()) }
    /// ```
    pub async fn leave(self, group: &str) -> Result<types::ResponseSuccess, Error> {
        let id = group_id("group", group)?;
        let request = self.client.raw().leave_group().group_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// The group's picture, as image bytes (PNG).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let png = client.groups().icon("120363025555555555@g.us").await?;
    /// std::fs::write("group.png", png).ok();
    /// # Ok(()) }
    /// ```
    pub async fn icon(self, group: &str) -> Result<Vec<u8>, Error> {
        let id = group_id("group", group)?;
        let request = self.client.raw().get_group_icon().group_id(id);
        call::run(self.client.timeout(), None, call::collect(request.send())).await
    }

    /// Sets the group's picture from a PNG or JPEG image, uploaded as the
    /// request body with its real `Content-Type`. Another kind of file
    /// fails with [`Error::InvalidInput`] (`image`) before any request.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().set_icon("120363025555555555@g.us", whapi::Media::path("logo.png")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_icon(
        self,
        group: &str,
        image: impl Into<crate::Media>,
    ) -> Result<types::ResponseSuccess, Error> {
        let id = group_id("group", group)?;
        let (bytes, mime, _) = image.into().into_bytes().await?;
        if !matches!(mime.as_str(), "image/png" | "image/jpeg") {
            return Err(Error::invalid(
                "image",
                format!(
                    "a group icon is PNG or JPEG, not {}",
                    crate::ids::shown(&mime)
                ),
            ));
        }
        let content_type = reqwest::header::HeaderValue::from_static(if mime == "image/png" {
            "image/png"
        } else {
            "image/jpeg"
        });
        let request = self
            .client
            .raw()
            .set_group_icon()
            .group_id(id)
            .body(bytes.to_vec());
        call::run(self.client.timeout(), Some(content_type), request.send()).await
    }

    /// Sends a group's invite to a chat, as an invite message.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().send_invite("AbCdEfGhIjKlMnOp", "15551234567").text("Join us").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn send_invite(self, invite: &str, to: impl IntoChatId) -> SendInvite<'a> {
        SendInvite::new(
            self.client,
            invite_code(invite),
            to.into_chat_id().map_err(|e| e.for_argument("to")),
        )
    }

    /// Removes the group's picture.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().delete_icon("120363025555555555@g.us").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_icon(self, group: &str) -> Result<types::ResponseSuccess, Error> {
        let id = group_id("group", group)?;
        let request = self.client.raw().delete_group_icon().group_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// The requests to join a group, a page at a time or as a stream.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let page = client.groups().applications("120363025555555555@g.us").send().await?;
    /// println!("{:?} waiting", page.total);
    /// # Ok(()) }
    /// ```
    pub fn applications(self, group: &str) -> ListApplications<'a> {
        ListApplications::new(self.client, group_id("group", group))
    }

    /// Lets someone who asked to join in (`applicant`: their chat ID or
    /// phone number).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().approve("120363025555555555@g.us", "15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn approve(
        self,
        group: &str,
        applicant: impl IntoChatId,
    ) -> Result<types::GroupApplicationChangeList, Error> {
        let (id, body) = application(group, applicant)?;
        let request = self
            .client
            .raw()
            .approve_group_applications_list()
            .group_id(id)
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Turns down a request to join.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.groups().reject("120363025555555555@g.us", "15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn reject(
        self,
        group: &str,
        applicant: impl IntoChatId,
    ) -> Result<types::GroupApplicationChangeList, Error> {
        let (id, body) = application(group, applicant)?;
        let request = self
            .client
            .raw()
            .reject_group_applications_list()
            .group_id(id)
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Participants as contact IDs: at least one, each 7 to 15 digits.
fn contacts<I>(participants: I) -> Result<Vec<types::ContactId>, Error>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let ids = participants
        .into_iter()
        .map(|p| contact_id("participants", p.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Err(Error::invalid("participants", "is empty"));
    }
    Ok(ids)
}

fn participants_of<I>(
    group: &str,
    participants: I,
) -> Result<(types::GroupId, types::ListParticipantsRequest), Error>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let id = group_id("group", group)?;
    let participants = contacts(participants)?;
    Ok((id, types::ListParticipantsRequest { participants }))
}

fn application(
    group: &str,
    applicant: impl IntoChatId,
) -> Result<(types::GroupId, types::ApplicationRequest), Error> {
    let id = group_id("group", group)?;
    let applicant = applicant
        .into_chat_id()
        .map_err(|e| e.for_argument("applicant"))?
        .path()
        .map_err(|e| e.for_argument("applicant"))?;
    Ok((
        id,
        types::ApplicationRequest {
            application: Some(applicant),
        },
    ))
}

/// An invite code (`^[A-Za-z0-9]{14,22}$`), alone or at the end of its
/// `https://chat.whatsapp.com/` link.
pub(crate) fn invite_code(invite: &str) -> Result<types::InviteCode, Error> {
    let trimmed = invite.trim().trim_end_matches('/');
    let code = trimmed.rsplit('/').next().unwrap_or(trimmed);
    if !(14..=22).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            "invite",
            format!(
                "`{}` is not an invite code (14 to 22 letters and digits) or link",
                crate::ids::shown(invite)
            ),
        ));
    }
    // Fallible in some builds only (see `ids::contact_id`).
    #[allow(clippy::unnecessary_fallible_conversions)]
    code.to_owned()
        .try_into()
        .map_err(|e| Error::invalid("invite", format!("{e}")))
}
