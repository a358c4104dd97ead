//! Relay connection arguments, cursors and page assembly.

use async_graphql::connection::{CursorType, PageInfo};
use async_graphql::{Enum, InputObject};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use certgraph_snapshot::{Page, PageRequest, SortField, SortKey};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::Limits;

/// Which field a list is ordered by; the code always breaks ties.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OrderField {
    /// By code.
    #[default]
    Code,
    /// By a certification's name, or an exam's or course's title.
    Name,
}

/// Ascending or descending.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// A to Z.
    #[default]
    Asc,
    /// Z to A.
    Desc,
}

/// How to order a list.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct OrderBy {
    /// The field to order by.
    #[graphql(default)]
    pub field: OrderField,
    /// The direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// An opaque position in a list: the sort field, the sort value and the code of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    #[serde(rename = "f")]
    field: OrderField,
    #[serde(rename = "v")]
    value: String,
    #[serde(rename = "c")]
    code: String,
}

impl Cursor {
    pub fn new(field: OrderField, value: &str, code: &str) -> Self {
        Self {
            field,
            value: value.to_owned(),
            code: code.to_owned(),
        }
    }
}

impl CursorType for Cursor {
    type Error = ApiError;

    fn decode_cursor(s: &str) -> Result<Self, ApiError> {
        let malformed = || {
            ApiError::BadUserInput(format!(
                "malformed cursor {s:?}: use a `cursor` returned by this API"
            ))
        };
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| malformed())?;
        let cursor: Self = serde_json::from_slice(&bytes).map_err(|_| malformed())?;
        // No stored value holds NUL (PostgreSQL refuses it), so no issued cursor does either.
        if cursor.value.contains('\0') || cursor.code.contains('\0') {
            return Err(malformed());
        }
        Ok(cursor)
    }

    fn encode_cursor(&self) -> String {
        // Serialising a struct of strings cannot fail.
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }
}

/// A page size as asked (`first` or `last`): 0 to the maximum page size. One rule for
/// every list and `search`: 0 is an empty page (with its `pageInfo` and `totalCount`).
pub fn page_size(name: &str, value: Option<i32>, limits: &Limits) -> Result<Option<u64>, ApiError> {
    match value {
        None => Ok(None),
        Some(n) if n < 0 => Err(ApiError::BadUserInput(format!(
            "`{name}` must be at least 0, got {n}"
        ))),
        Some(n) if n as u64 > limits.max_page_size => Err(ApiError::LimitExceeded(format!(
            "`{name}` is {n}, above the maximum page size of {}",
            limits.max_page_size
        ))),
        Some(n) => Ok(Some(n as u64)),
    }
}

/// The four Relay arguments plus an ordering, checked against the limits.
pub struct PageArgs {
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: Option<i32>,
    pub last: Option<i32>,
    pub order: OrderBy,
}

impl PageArgs {
    /// Validates sizes and cursors into a store request.
    pub fn into_request(self, limits: &Limits) -> Result<PageRequest, ApiError> {
        let first = page_size("first", self.first, limits)?;
        let last = page_size("last", self.last, limits)?;
        if first.is_some() && last.is_some() {
            return Err(ApiError::BadUserInput("pass `first` or `last`, not both".into()));
        }
        let field = self.order.field;
        let key = |name: &str, raw: Option<String>| -> Result<Option<SortKey>, ApiError> {
            let Some(raw) = raw else { return Ok(None) };
            let cursor = Cursor::decode_cursor(&raw)?;
            if cursor.field != field {
                return Err(ApiError::BadUserInput(format!(
                    "`{name}` cursor was issued for a list ordered by another field"
                )));
            }
            Ok(Some(SortKey {
                value: cursor.value,
                code: cursor.code,
            }))
        };
        Ok(PageRequest {
            sort: match field {
                OrderField::Code => SortField::Code,
                OrderField::Name => SortField::Name,
            },
            descending: self.order.direction == OrderDirection::Desc,
            after: key("after", self.after)?,
            before: key("before", self.before)?,
            first: first.or(if last.is_none() {
                Some(limits.default_page_size)
            } else {
                None
            }),
            last,
        })
    }
}

/// Cursored edges and page info for one page; `key` gives each item's (name, code).
pub fn edges<'a, I: Copy, N>(
    page: Page<I>,
    field: OrderField,
    key: impl Fn(I) -> (&'a str, &'a str),
    node: impl Fn(I) -> N,
) -> (Vec<(String, N)>, PageInfo) {
    let edges: Vec<(String, N)> = page
        .items
        .into_iter()
        .map(|item| {
            let (name, code) = key(item);
            let value = match field {
                OrderField::Code => code,
                OrderField::Name => name,
            };
            (Cursor::new(field, value, code).encode_cursor(), node(item))
        })
        .collect();
    let info = PageInfo {
        has_previous_page: page.has_previous,
        has_next_page: page.has_next,
        start_cursor: edges.first().map(|(c, _)| c.clone()),
        end_cursor: edges.last().map(|(c, _)| c.clone()),
    };
    (edges, info)
}

/// Defines a Relay connection type and its edge type for one node type, with
/// `totalCount` computed only when asked.
macro_rules! connection_type {
    ($(#[$cdoc:meta])* $conn:ident, $(#[$edoc:meta])* $edge:ident, $node:ty, $filter:ty, $total:ident) => {
        $(#[$edoc])*
        pub struct $edge {
            cursor: String,
            node: $node,
        }

        $(#[$edoc])*
        #[async_graphql::Object]
        impl $edge {
            /// An opaque cursor for `after`/`before`.
            async fn cursor(&self) -> &str {
                &self.cursor
            }

            /// The item at this edge.
            async fn node(&self) -> &$node {
                &self.node
            }
        }

        $(#[$cdoc])*
        pub struct $conn {
            edges: Vec<$edge>,
            page_info: async_graphql::connection::PageInfo,
            filter: $filter,
            snap: $crate::objects::Snap,
        }

        impl $conn {
            pub fn new(
                edges: Vec<(String, $node)>,
                page_info: async_graphql::connection::PageInfo,
                filter: $filter,
                snap: &$crate::objects::Snap,
            ) -> Self {
                let edges = edges.into_iter().map(|(cursor, node)| $edge { cursor, node }).collect();
                Self { edges, page_info, filter, snap: snap.clone() }
            }
        }

        $(#[$cdoc])*
        #[async_graphql::Object]
        impl $conn {
            /// The edges of this page, each with its cursor.
            async fn edges(&self) -> &[$edge] {
                &self.edges
            }

            /// The items of this page (the edges' nodes, without cursors).
            async fn nodes(&self) -> Vec<&$node> {
                self.edges.iter().map(|e| &e.node).collect()
            }

            /// Where this page sits in the whole list.
            async fn page_info(&self) -> &async_graphql::connection::PageInfo {
                &self.page_info
            }

            /// How many items match the filter, across all pages.
            async fn total_count(&self) -> u64 {
                self.snap.$total(&self.filter) as u64
            }
        }
    };
}
pub(crate) use connection_type;
