//! The server binary: read settings, start logging, build the app, serve. Nothing else.

use clap::{Parser, Subcommand};
use leptos::config::get_configuration;
use shouwang::server::settings::Settings;

#[derive(Parser)]
#[command(name = "shouwang", about = "守望 — volunteer recruitment portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import administrative divisions from a `level,code,name,parent_code` CSV file.
    ImportRegions { file: std::path::PathBuf },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let conf = get_configuration(None)?;
    let settings = Settings::from_env(conf.leptos_options)?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = shouwang::startup::build(settings).await?;
            println!("守望 is serving on http://{}", app.addr);
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            use migration::MigratorTrait;
            let db = shouwang::server::db::connect(&settings.database_url, settings.durability).await?;
            migration::Migrator::up(&db, None).await?;
            println!("migrations applied");
        }
        Command::ImportRegions { file } => {
            let text = std::fs::read_to_string(&file)?;
            let db = shouwang::server::db::connect(&settings.database_url, settings.durability).await?;
            use migration::MigratorTrait;
            migration::Migrator::up(&db, None).await?;
            let added = shouwang::server::seed::import_regions(&db, &text).await?;
            println!("{added} regions added");
        }
    }
    Ok(())
}
