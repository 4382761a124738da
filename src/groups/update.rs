//! Changing a group's subject and description.

use crate::{Client, Error, call, types};

/// Changes a group's subject and/or description. From
/// [`Groups::update`](super::Groups::update).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct UpdateGroup<'a> {
    client: &'a Client,
    group: Result<types::GroupId, Error>,
    subject: Option<String>,
    description: Option<String>,
}

impl<'a> UpdateGroup<'a> {
    pub(crate) fn new(client: &'a Client, group: Result<types::GroupId, Error>) -> Self {
        UpdateGroup {
            client,
            group,
            subject: None,
            description: None,
        }
    }

    /// The new subject (the group's name); not empty.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The new description (empty clears it).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sends the change; an invalid group, an empty subject or nothing to
    /// change fails before any request.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        let id = self.group?;
        if self.subject.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Err(Error::invalid("subject", "is empty"));
        }
        if self.subject.is_none() && self.description.is_none() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set .subject(..) or .description(..)",
            ));
        }
        let request = self.client.raw().update_group_info().group_id(id).body(
            types::UpdateGroupInfoRequest {
                description: self.description,
                subject: self.subject,
            },
        );
        call::run(self.client.timeout(), None, request.send()).await
    }
}
