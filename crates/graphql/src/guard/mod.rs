//! The operation guard: an async-graphql extension that measures every document before
//! anything executes, refuses one over a limit with a single `LIMIT_EXCEEDED` error, and
//! gives async-graphql's own errors stable codes.
//!
//! Order, cheapest first: document bytes, tokens (counted without parsing), then the
//! parsed document with its fragments expanded (fragment cycles, depth, aliases, root
//! fields, directives, fields, page sizes), then, after validation, the cost.
//!
//! It also charges the client's rate budget ([`crate::rate`]): 1 as the operation
//! arrives (refused when the budget is spent), and, after execution, what the operation
//! did ([`crate::spent`]). The validated cost is an estimate: it refuses only an operation
//! that could never fit the budget, and is set aside while the operation runs, then
//! replaced by the actual charge.

mod codes;
mod shape;
mod tokens;
mod values;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextPrepareRequest,
    NextRequest, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, Response, ServerError, ServerResult, ValidationResult, Variables};

use crate::limits::{Limits, OperationLimits};
use crate::{ErrorCode, RequestId};

use crate::rate::ClientBudget;
use crate::spent::{settled_cost, PlannerWork};
pub use codes::{coded, limit_exceeded, name_request_id, rate_limited};
use shape::Shape;
pub use tokens::first_operation_name;

/// Installs the guard on a schema (see the module documentation).
pub(crate) struct OperationGuard {
    pub limits: Limits,
    /// Whether `__schema` and `__type` may be asked for.
    pub introspection: bool,
    /// async-graphql's own nesting bound (fields and fragments), reported as a limit.
    pub recursion_depth: usize,
}

impl ExtensionFactory for OperationGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Guard {
            limits: self.limits,
            introspection: self.introspection,
            recursion_depth: self.recursion_depth,
            wrong_values: Mutex::default(),
            reserved: AtomicU64::new(0),
            planner: PlannerWork::default(),
        })
    }
}

/// One per request.
struct Guard {
    limits: Limits,
    introspection: bool,
    recursion_depth: usize,
    /// Wrong input values, found with the parsed document in hand and reported only if
    /// async-graphql's validator finds nothing (it reports some of the same mistakes).
    wrong_values: Mutex<Vec<ServerError>>,
    /// What was set aside from the client's budget for the validated cost (see
    /// [`crate::rate::CostLimiter::reserve`]).
    reserved: AtomicU64,
    /// Planner steps spent by this request's resolvers.
    planner: PlannerWork,
}

impl Guard {
    fn ops(&self) -> &OperationLimits {
        &self.limits.operation
    }

    /// The parsed document, if it is within every limit that can be checked before
    /// validation.
    fn admit(&self, query: &str, variables: &Variables) -> ServerResult<ExecutableDocument> {
        let ops = self.ops();
        if query.len() > ops.max_document_bytes {
            let message = format!(
                "the document is {} bytes, above the document size limit of {} bytes",
                query.len(),
                ops.max_document_bytes
            );
            return Err(limit_exceeded("documentBytes", ops.max_document_bytes, message));
        }
        if tokens::exceeds(query, ops.max_tokens) {
            let message = format!(
                "the document has more than {} tokens, the token limit",
                ops.max_tokens
            );
            return Err(limit_exceeded("tokens", ops.max_tokens, message));
        }
        let document = async_graphql::parser::parse_query(query).map_err(|e| self.parse_error(e))?;
        let shapes = shape::measure(&document, variables).map_err(|cycle| {
            let message = format!("fragments must not spread themselves: {}", cycle.0.join(" → "));
            coded(ErrorCode::GraphqlValidationFailed, message)
        })?;
        for shape in shapes {
            self.check(&shape)?;
        }
        Ok(document)
    }

    fn parse_error(&self, error: async_graphql::parser::Error) -> ServerError {
        if matches!(error, async_graphql::parser::Error::RecursionLimitExceeded) {
            let message = format!(
                "the document nests selections too deep to parse; the depth limit is {}",
                self.ops().max_depth
            );
            return limit_exceeded("depth", self.ops().max_depth, message);
        }
        let mut coded = coded(ErrorCode::GraphqlParseFailed, codes::syntax_message(&error));
        coded.locations = error.positions().collect();
        coded
    }

    /// The first limit `shape` is over, as an error.
    fn check(&self, shape: &Shape) -> ServerResult<()> {
        // async-graphql would answer `null` without saying why.
        if shape.introspects && !self.introspection {
            let message = "introspection (`__schema`, `__type`) is disabled on this server";
            return Err(coded(ErrorCode::GraphqlValidationFailed, message));
        }
        let ops = self.ops();
        // (limit, its name in messages, measured, maximum, "the operation {verb} {n} {unit}")
        let bounds = [
            ("depth", "depth", shape.depth, ops.max_depth, "is", "fields deep"),
            (
                "aliases",
                "alias",
                shape.aliases,
                ops.max_aliases,
                "uses",
                "aliases",
            ),
            (
                "rootFields",
                "root field",
                shape.top_fields,
                ops.max_root_fields,
                "selects",
                "root fields",
            ),
            (
                "directives",
                "directive",
                shape.directives,
                ops.max_directives,
                "uses",
                "directives",
            ),
            // Each field costs at least 1, so this bounds the cost before async-graphql's
            // validator expands the fragments (which it does once per use).
            (
                "complexity",
                "complexity",
                shape.fields,
                ops.max_complexity,
                "selects",
                "fields once fragments are expanded",
            ),
        ];
        for (limit, noun, actual, max, verb, unit) in bounds {
            if actual > max as u64 {
                let message =
                    format!("the operation {verb} {actual} {unit}, above the {noun} limit of {max}");
                return Err(limit_exceeded(limit, max, message));
            }
        }
        self.check_page(shape)
    }

    /// Page sizes and key lists, caught here so that nothing runs (the resolvers check
    /// them too, for requests that reach them some other way).
    fn check_page(&self, shape: &Shape) -> ServerResult<()> {
        let max = self.limits.max_page_size;
        if let Some((name, n)) = shape.page.filter(|(_, n)| *n > 0 && *n as u64 > max) {
            let message = format!("`{name}` is {n}, above the maximum page size of {max}");
            return Err(limit_exceeded("pageSize", max as usize, message));
        }
        let max = self.limits.max_batch_keys;
        if let Some((name, n)) = shape.keys.filter(|(_, n)| *n as u64 > max as u64) {
            let message = format!("`{name}` has {n} entries, above the maximum of {max}");
            return Err(limit_exceeded("keys", max, message));
        }
        Ok(())
    }

    fn check_cost(&self, result: ValidationResult) -> Result<ValidationResult, Vec<ServerError>> {
        let max = self.ops().max_complexity;
        if result.complexity > max {
            let message = format!(
                "the operation costs {}, above the complexity limit of {max} \
                 (a list costs its page size times the cost of its fields)",
                result.complexity
            );
            return Err(vec![limit_exceeded("complexity", max, message)]);
        }
        Ok(result)
    }

    /// async-graphql's parse-time bound, `limit_recursive_depth`.
    fn recursion_error(&self, mut error: ServerError) -> ServerError {
        if error
            .message
            .starts_with("The recursion depth of the query cannot be greater than")
        {
            let message = format!(
                "the document nests fields and fragments more than {} levels deep",
                self.recursion_depth
            );
            return limit_exceeded("depth", self.recursion_depth, message);
        }
        let code = coded(ErrorCode::GraphqlParseFailed, "");
        if error.extensions.is_none() {
            error.extensions = code.extensions;
        }
        error
    }
}

/// Takes the arrival charge (1) from the client's budget when the request carries one.
/// Read from the request itself: before execution starts, its data is not yet in the
/// extension context (looking there found nothing, and no arrival was ever charged).
fn charge_arrival(request: &Request) -> ServerResult<()> {
    let budget = request
        .data
        .get(&std::any::TypeId::of::<ClientBudget>())
        .and_then(|data| data.downcast_ref::<ClientBudget>());
    let Some(budget) = budget else {
        return Ok(());
    };
    budget.charge(1).map(|_| ()).map_err(|over| refused(budget, over))
}

/// Refuses an operation whose estimate is above the client's whole budget.
fn fits(ctx: &ExtensionContext<'_>, estimate: u64) -> ServerResult<()> {
    let Some(budget) = ctx.data_opt::<ClientBudget>() else {
        return Ok(());
    };
    budget.fits(estimate).map_err(|over| refused(budget, over))
}

fn refused(budget: &ClientBudget, over: crate::OverBudget) -> ServerError {
    let (cost, wait_ms) = (over.cost, over.retry_after.as_millis() as u64);
    tracing::info!(client = %budget.client, cost, retry_after_ms = wait_ms, "rate limited");
    rate_limited(&over)
}

/// Settles an executed operation's charge: the estimate set aside for it is replaced by
/// what it did once it has answered. Should its execution be dropped first (the request
/// timeout), the estimate stands, as nothing better is known of work that ran until it
/// was stopped.
struct Settlement<'a> {
    budget: Option<&'a ClientBudget>,
    reserved: u64,
}

impl Settlement<'_> {
    fn settle(self, cost: u64) {
        if let Some(budget) = self.budget {
            budget.settle(self.reserved, cost);
        }
    }
}

#[async_trait::async_trait]
impl Extension for Guard {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        codes::label_the_rest(&mut response);
        response
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        charge_arrival(&request)?;
        // Planner resolvers report their steps here, for the charge after execution.
        request = request.data(self.planner.clone());
        let document = self.admit(&request.query, &request.variables)?;
        let wrong = values::check(
            &ctx.schema_env.registry,
            &document,
            &request.variables,
            request.operation_name.as_deref(),
        );
        *self.wrong_values.lock().unwrap_or_else(|p| p.into_inner()) = wrong;
        request.set_parsed_query(document);
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|e| self.recursion_error(e))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        // Lists are estimated at the longest of their kind in the catalog this request reads.
        let sizes = ctx.data_opt::<crate::Snap>().map(|s| s.list_sizes());
        let result = match crate::cost::with_sizes(sizes, next.run(ctx)).await {
            Ok(result) => result,
            Err(errors) => return Err(codes::validation_failed(errors)),
        };
        let wrong = std::mem::take(&mut *self.wrong_values.lock().unwrap_or_else(|p| p.into_inner()));
        if !wrong.is_empty() {
            return Err(wrong);
        }
        let result = self.check_cost(result)?;
        fits(ctx, result.complexity as u64).map_err(|e| vec![e])?;
        if let Some(budget) = ctx.data_opt::<ClientBudget>() {
            let reserved = budget.reserve(result.complexity as u64);
            self.reserved.store(reserved, Ordering::Relaxed);
        }
        Ok(result)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(executed) = ctx.data_opt::<crate::Executed>() {
            executed.mark();
        }
        let settlement = Settlement {
            budget: ctx.data_opt::<ClientBudget>(),
            reserved: self.reserved.load(Ordering::Relaxed),
        };
        let mut response = next.run(ctx, operation_name).await;
        settlement.settle(settled_cost(&response.data, &self.planner));
        if let Some(id) = ctx.data_opt::<RequestId>() {
            codes::name_request_id(&mut response, id);
        }
        response
    }
}

#[cfg(test)]
mod tests;
