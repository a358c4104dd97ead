//! Building and running the HTTP server.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use anyhow::Context as _;
use certgraph_graphql::CertgraphSchema;
use certgraph_store::{Keyring, Store};
use tokio::task::JoinHandle;

use crate::bootstrap::Bootstrap;
use crate::clients::Clients;
use crate::graphql_http;
use crate::metrics::Metrics;
use crate::readiness::Readiness;
use crate::request_id;
use crate::response_cache::ResponseCache;
use crate::subscriptions::Hub;
use crate::{routes, Settings};

/// A server bound to its port, ready to run.
pub struct Application {
    port: u16,
    server: Server,
    store: Store,
    readiness: Readiness,
    bootstrap: JoinHandle<()>,
}

impl Application {
    /// Binds at once, then migrates and loads the bundled catalog into an empty database
    /// in the background, retrying until the database answers (see [`Self::readiness`]).
    /// Fails only on what no retry can fix: a malformed database URL, a taken port.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let store = Store::connect_lazy(&settings.database)
            .await
            .context("setting up the database pool")?;
        let listener =
            TcpListener::bind(settings.listen).with_context(|| format!("binding {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let readiness = Readiness::new();
        let keyring = web::Data::new(Keyring::new(store.clone()));
        let schema = certgraph_graphql::build_schema_with(store.clone(), settings.schema_options());
        let server = run(
            listener,
            store.clone(),
            schema,
            readiness.clone(),
            keyring.clone(),
            &settings,
        )?;
        tracing::info!(address = %settings.listen, port, federation = settings.federation, profile = ?settings.profile, "certgraph listening");
        let bootstrap = Bootstrap {
            store: store.clone(),
            load_bundled_catalog: settings.load_bundled_catalog,
            readiness: readiness.clone(),
            keyring: keyring.into_inner(),
            database_url: settings.database.url.clone(),
        }
        .spawn();
        Ok(Self {
            port,
            server,
            store,
            readiness,
            bootstrap,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether the database is migrated and the bundled catalog loaded; keep a clone to
    /// wait for it after handing the application to [`Self::run_until_stopped`].
    pub fn readiness(&self) -> Readiness {
        self.readiness.clone()
    }

    /// Waits until the server is ready for traffic.
    pub async fn ready(&self) {
        self.readiness.wait().await
    }

    /// Serves until the process is told to stop. On SIGTERM/SIGINT the server stops
    /// accepting, lets in-flight requests finish (up to the shutdown timeout), then closes
    /// the database pool.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        // A start-up still retrying has nobody left to serve.
        self.bootstrap.abort();
        served?;
        if let Err(e) = self.store.close().await {
            tracing::warn!(error = %e, "closing the database pool");
        }
        tracing::info!("certgraph stopped");
        Ok(())
    }
}

fn run(
    listener: TcpListener,
    store: Store,
    schema: CertgraphSchema,
    readiness: Readiness,
    keyring: web::Data<Keyring>,
    settings: &Settings,
) -> anyhow::Result<Server> {
    let schema = web::Data::new(schema);
    let readiness = web::Data::new(readiness);
    let metrics = Metrics::new(&store)?;
    let cache = web::Data::new(ResponseCache::new(
        settings.response_cache_bytes,
        metrics.registry(),
    )?);
    let hub = web::Data::new(Hub::new(
        settings.subscriptions,
        subscription_schema(&schema, &store, settings),
        readiness.live().clone(),
        metrics.registry(),
    )?);
    close_sockets_on_signal(hub.clone());
    let metrics = web::Data::new(metrics);
    let store = web::Data::new(store);
    let options = web::Data::new(settings.http.clone());
    let limits = web::Data::new(settings.limits);
    let clients = web::Data::new(Clients::new(
        settings.rate_limit,
        settings.trusted_proxies.clone(),
    ));
    forget_idle_clients(&clients);
    let pages = routes::Pages {
        graphiql: settings.graphiql,
        explorer: settings.explorer,
    };
    let server = HttpServer::new(move || {
        App::new()
            .wrap(options.cors())
            .wrap(actix_web::middleware::from_fn(graphql_http::error_documents))
            .wrap(actix_web::middleware::from_fn(request_id::middleware))
            .app_data(web::PayloadConfig::new(options.max_body_bytes))
            .app_data(options.clone())
            .app_data(schema.clone())
            .app_data(store.clone())
            .app_data(metrics.clone())
            .app_data(clients.clone())
            .app_data(readiness.clone())
            .app_data(cache.clone())
            .app_data(limits.clone())
            .app_data(keyring.clone())
            .app_data(hub.clone())
            .configure(|cfg| routes::configure(cfg, pages))
    })
    .shutdown_timeout(settings.shutdown_timeout.as_secs())
    .listen(listener)?
    .run();
    Ok(server)
}

/// The schema subscriptions run on: the served one, or when that is a federation subgraph
/// (whose SDL must not have them: routers serve subscriptions apart), the catalog schema.
fn subscription_schema(served: &CertgraphSchema, store: &Store, settings: &Settings) -> CertgraphSchema {
    if !served.is_federated() {
        return served.clone();
    }
    let options = certgraph_graphql::SchemaOptions {
        federation: false,
        ..settings.schema_options()
    };
    certgraph_graphql::build_schema_with(store.clone(), options)
}

/// On SIGTERM/SIGINT (which also stop the HTTP server), closes every WebSocket with 1001
/// at once, so in-flight subscriptions do not hold the shutdown to its timeout.
fn close_sockets_on_signal(hub: web::Data<Hub>) {
    tokio::spawn(async move {
        let Ok(mut terminate) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            return;
        };
        tokio::select! {
            _ = terminate.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        hub.shut_down();
    });
}

/// Drops the budgets of clients that have been quiet long enough to be full again, so the
/// limiter's memory follows the clients active in the last minute, not every address ever
/// seen.
fn forget_idle_clients(clients: &web::Data<Clients>) {
    let Some(limiter) = clients.limiter().cloned() else {
        return;
    };
    let limiter = std::sync::Arc::downgrade(&limiter);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let Some(limiter) = limiter.upgrade() else { return };
            limiter.forget_idle();
        }
    });
}
