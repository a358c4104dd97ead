//! The `certgraph` command: parses the command line and runs the chosen command; all the
//! work lives in the library so tests and other binaries reach it.

use certgraph::cli::Command;
use certgraph::{telemetry, Application};

// A request allocates and frees thousands of small values (the answer's tree, its
// serialised bytes); mimalloc does that markedly cheaper than glibc's malloc under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (cli, explicit_database_url) = certgraph::cli::parse();
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Serve(args) => {
            let settings = args.into_settings(explicit_database_url)?;
            Application::build(settings).await?.run_until_stopped().await?;
        }
        Command::Check(args) => {
            let settings = args.into_settings(explicit_database_url)?;
            certgraph::commands::check(&settings).await?;
        }
        Command::Migrate => certgraph::commands::migrate(&cli.database_url).await?,
        Command::Import(args) => {
            std::process::exit(certgraph::commands::import::run_cli(&cli.database_url, args).await)
        }
        Command::Export(args) => {
            let mut console = certgraph::commands::Console::stdio();
            certgraph::commands::export::run(&cli.database_url, &args, &mut console).await?
        }
        Command::Keys(args) => {
            let mut console = certgraph::commands::Console::stdio();
            certgraph::commands::keys::run(&cli.database_url, &args, &mut console).await?
        }
        Command::Audit(args) => {
            let mut console = certgraph::commands::Console::stdio();
            certgraph::commands::audit::run(&cli.database_url, &args, &mut console).await?
        }
        Command::Schema(args) if args.federation => print!("{}", certgraph_graphql::federation_sdl()),
        Command::Schema(_) => print!("{}", certgraph_graphql::sdl()),
    }
    Ok(())
}
