//! Runs the Node scripts of `tests/browser` — Debian's Chromium driven by playwright-core
//! with every outside request blocked, the real Mermaid — and reads the one JSON report
//! each prints on standard output.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

/// Longest a script may run: a browser start, a few pages, screenshots.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs `node tests/browser/SCRIPT ARGS…` with Chromium (`$CHROMIUM`, else Debian's) and
/// returns its JSON report; panics, with what the script printed on standard error, when
/// what it needs is not installed, or it fails, times out or prints no JSON.
pub async fn run_browser_script(script: &str, args: &[&str]) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let hint = "run scripts/install-test-deps.sh (scripts/test.sh does)";
    assert!(Path::new(&chromium).exists(), "no Chromium at {chromium}: {hint}");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: {hint}"
    );
    let run = tokio::process::Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .env("CHROMIUM", &chromium)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(SCRIPT_TIMEOUT, run)
        .await
        .unwrap_or_else(|_| panic!("{script} finishes within {SCRIPT_TIMEOUT:?}"))
        .expect("node runs (Node 20 must be on PATH)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script} failed:\n{stderr}");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{script} printed no JSON report ({e}):\n{stderr}"))
}

/// A browser script's report says the guard against outside requests worked, nothing left
/// the machine, nothing local failed, and the page logged no error.
pub fn assert_stayed_local_and_clean(report: &Value) {
    assert_eq!(
        report["canary"]["blocked"], true,
        "the guard must abort outside requests: {report:#}"
    );
    for empty in [
        "blocked",
        "externalSucceeded",
        "externalWebSockets",
        "localFailed",
        "pageErrors",
        "consoleErrors",
    ] {
        assert_eq!(report[empty], json!([]), "{empty}: {report:#}");
    }
}
