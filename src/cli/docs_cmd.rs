//! `jebi generate-docs DIR` (hidden): the man page and the shell completions the packages
//! install, made from the same command definitions `--help` prints.

use clap::CommandFactory;
use std::path::Path;

pub fn generate(dir: &Path) -> Result<(), String> {
    let fail =
        |what: &str, e: std::io::Error| format!("cannot write {what} into {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(|e| fail("the directory", e))?;
    let cmd = super::Args::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .map_err(|e| fail("the man page", e))?;
    std::fs::write(dir.join("jebi.1"), page).map_err(|e| fail("the man page", e))?;
    use clap_complete::Shell;
    for (shell, name) in [
        (Shell::Bash, "jebi.bash"),
        (Shell::Zsh, "_jebi"),
        (Shell::Fish, "jebi.fish"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut cmd.clone(), "jebi", &mut out);
        std::fs::write(dir.join(name), out).map_err(|e| fail(name, e))?;
    }
    println!(
        "Wrote jebi.1, jebi.bash, _jebi and jebi.fish into {}",
        dir.display()
    );
    Ok(())
}
