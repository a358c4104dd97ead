//! Progress of a long import: an `indicatif` bar over the bytes read when a person watches a
//! large input, plain log lines otherwise.

use std::io::Read;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::console::Console;

/// Inputs from this size up get a progress bar on a terminal.
const BAR_FROM_BYTES: u64 = 1 << 20;

/// Reports the phases of one import.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// The input is large enough for a bar (and later spinners) on a terminal.
    large: bool,
    phase_started: Instant,
}

impl Progress {
    /// Starts the reading phase of an input of `bytes` bytes.
    pub fn start(console: &mut Console, path: &str, bytes: u64) -> Self {
        let large = bytes >= BAR_FROM_BYTES;
        let bar = (console.interactive && large).then(|| {
            let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
            let template = "{msg} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} (eta {eta})";
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(format!("reading {path}"));
            bar
        });
        if bar.is_none() {
            console.note(format_args!("import: reading {path} ({})", megabytes(bytes)));
        }
        Self {
            bar,
            large,
            phase_started: Instant::now(),
        }
    }

    /// `reader`, advancing the bar as it is read.
    pub fn reader<R: Read + 'static>(&self, reader: R) -> Box<dyn Read> {
        match &self.bar {
            Some(bar) => Box::new(bar.wrap_read(reader)),
            None => Box::new(reader),
        }
    }

    /// Ends the current phase: clears the bar and prints `done` with the time it took.
    pub fn finish(&mut self, console: &mut Console, done: &str) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        console.note(format_args!(
            "import: {done} in {}",
            seconds(self.phase_started.elapsed())
        ));
    }

    /// Starts the next phase: a spinner where the reading had a bar, else a plain line.
    pub fn begin(&mut self, console: &mut Console, next: &str) {
        self.phase_started = Instant::now();
        if self.large && console.interactive {
            let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                spinner.set_style(style);
            }
            spinner.set_message(next.to_owned());
            spinner.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(spinner);
        } else {
            console.note(format_args!("import: {next}"));
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
