//! Text logs carry no ANSI colour codes when standard error is not a terminal (a file, a
//! pipe, a log collector).
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the server however the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The text log lines `serve` writes to a pipe, up to the first one containing `needle`.
fn text_log_until(database_url: &str, needle: &str) -> Vec<String> {
    let child = Command::new(env!("CARGO_BIN_EXE_certgraph"))
        .args(["--log-format", "text", "--database-url", database_url])
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Running(child);
    let stderr = server.0.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(30)) {
        let done = line.contains(needle);
        seen.push(line);
        if done {
            return seen;
        }
    }
    panic!("no log line with {needle:?}; saw:\n{}", seen.join("\n"));
}

fn assert_plain(lines: &[String]) {
    let text = lines.join("\n");
    assert!(!text.contains('\u{1b}'), "ANSI escape codes in:\n{text:?}");
    // The level and the message are still there, as words.
    assert!(text.contains("INFO"), "{text}");
}

#[test]
fn text_logs_to_a_pipe_have_no_colour_codes_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("c.db").display());
    assert_plain(&text_log_until(&url, "database ready"));
}

/// PostgreSQL's log lines (here, retries against a server that is not there) too.
#[test]
fn text_logs_to_a_pipe_have_no_colour_codes_on_postgres() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://certgraph@127.0.0.1:{port}/certgraph");
    let lines = text_log_until(&url, "database not ready");
    assert!(lines.last().unwrap().contains("WARN"), "{lines:?}");
    assert_plain(&lines);
}
