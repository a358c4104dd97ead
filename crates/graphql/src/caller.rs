//! Who is asking, as request data: nobody in particular, or the holder of an API key with
//! its role. The server authenticates (it knows HTTP); a resolver that needs a role asks
//! [`require_role`], which refuses a missing key with `UNAUTHENTICATED` and a key without
//! the role with `FORBIDDEN`.

use async_graphql::Context;
use certgraph_store::{KeyHolder, Role};

use crate::error::{ApiError, ApiResult, ResultExt};

/// Request data: the caller. A request without it (the CLI, in-process tests) is anonymous.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Caller {
    #[default]
    Anonymous,
    Key(KeyHolder),
}

impl Caller {
    /// The key's role; `None` when anonymous.
    pub fn role(&self) -> Option<Role> {
        match self {
            Caller::Anonymous => None,
            Caller::Key(holder) => Some(holder.role),
        }
    }

    /// Whether the caller may do what `needed` may. The refusals name roles only: never a
    /// key, nor whether one exists.
    pub fn require(&self, needed: Role) -> Result<(), ApiError> {
        match self.role() {
            None => Err(ApiError::Unauthenticated(format!(
                "this needs an API key with the {needed} role: send `Authorization: Bearer <key>`"
            ))),
            Some(role) if role.allows(needed) => Ok(()),
            Some(role) => Err(ApiError::Forbidden(format!(
                "this needs the {needed} role; the key sent has the {role} role"
            ))),
        }
    }
}

/// The request's caller may do what `needed` may, or a coded error says why not (see
/// [`Caller::require`]).
pub fn require_role(ctx: &Context<'_>, needed: Role) -> ApiResult<()> {
    let anonymous = Caller::Anonymous;
    ctx.data_opt::<Caller>()
        .unwrap_or(&anonymous)
        .require(needed)
        .api()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn key(role: Role) -> Caller {
        Caller::Key(KeyHolder {
            id: 7,
            name: "ci".into(),
            role,
        })
    }

    fn code(outcome: Result<(), ApiError>) -> Option<ErrorCode> {
        outcome.err().map(|e| e.code())
    }

    #[test]
    fn no_key_is_unauthenticated_and_a_lesser_role_forbidden() {
        assert_eq!(
            code(Caller::Anonymous.require(Role::Reader)),
            Some(ErrorCode::Unauthenticated)
        );
        assert_eq!(
            code(key(Role::Reader).require(Role::Editor)),
            Some(ErrorCode::Forbidden)
        );
        assert_eq!(
            code(key(Role::Editor).require(Role::Admin)),
            Some(ErrorCode::Forbidden)
        );
        assert_eq!(code(key(Role::Editor).require(Role::Editor)), None);
        assert_eq!(code(key(Role::Admin).require(Role::Reader)), None);
    }

    #[test]
    fn a_refusal_names_no_key() {
        let message = key(Role::Reader).require(Role::Admin).unwrap_err().to_string();
        assert!(!message.contains("ci"), "{message}");
        assert!(
            message.contains("admin") && message.contains("reader"),
            "{message}"
        );
    }
}
