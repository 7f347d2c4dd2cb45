//! `jebi`: with no subcommand opens the window; subcommands script the engine.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    if args.command.is_some() {
        jebi::locale::init_cli();
    }
    cli::crash::install_hook(
        args.data_dir
            .clone()
            .unwrap_or_else(jebi::engine::Engine::default_data_dir),
    );
    // Lets a test see what a person sees when Jebi panics (the crash path has no other trigger).
    if std::env::var_os("JEBI_TEST_PANIC").is_some() {
        panic!("a panic asked for by JEBI_TEST_PANIC");
    }
    if args.is_offline() {
        return finish(cli::run_offline(args));
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("jebi: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    finish(runtime.block_on(cli::run(args)))
}

fn finish(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("jebi: {message}");
            ExitCode::FAILURE
        }
    }
}
