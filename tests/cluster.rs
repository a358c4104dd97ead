//! A throwaway PostgreSQL cluster a test can stop and start: the machine's PostgreSQL
//! binaries, a temporary data directory, a free port on 127.0.0.1.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub struct ThrowawayPostgres {
    dir: TempDir,
    bin: PathBuf,
    pub port: u16,
}

/// Where `initdb` and `pg_ctl` are: on the PATH first (as the test command looks), else
/// the newest version of Debian's layout.
fn bin_dir() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file());
    // A link on the PATH (`/usr/local/bin/pg_ctl`) stands for the real directory.
    if let Some(pg_ctl) = on_path.and_then(|dir| dir.join("pg_ctl").canonicalize().ok()) {
        return pg_ctl.parent().expect("a file has a directory").to_owned();
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's initdb and pg_ctl on the PATH or under /usr/lib/postgresql")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("pg_ctl").exists())
        .collect();
    versions.sort();
    versions.pop().expect("pg_ctl installed")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

impl ThrowawayPostgres {
    /// Creates and starts a cluster (PostgreSQL refuses to run as root, so as `postgres`).
    pub fn start() -> Self {
        let cluster = Self::create();
        cluster.resume();
        cluster
    }

    /// Creates a cluster without starting it: its port refuses connections until
    /// [`Self::resume`], like a database server that is not up yet.
    pub fn create() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        if is_root() {
            run(Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path()));
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Self {
            dir,
            bin: bin_dir(),
            port,
        };
        let data = cluster.data();
        cluster.pg(&[
            "initdb",
            "-D",
            &data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ]);
        cluster
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn pg(&self, args: &[&str]) {
        let program = self.bin.join(args[0]);
        let mut command = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        run(command.args(&args[1..]));
    }

    /// Starts (or restarts) the server and waits until it accepts connections.
    pub fn resume(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        self.pg(&[
            "pg_ctl",
            "-D",
            &self.data(),
            "-o",
            &options,
            "-l",
            &log,
            "-w",
            "start",
        ]);
    }

    /// Stops the server at once, as a crash or an outage would.
    pub fn stop(&self) {
        self.pg(&["pg_ctl", "-D", &self.data(), "-m", "immediate", "-w", "stop"]);
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        // A cluster never started (or already stopped) has no pid file and nothing to stop.
        if !self.dir.path().join("data/postmaster.pid").exists() {
            return;
        }
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.stop()));
    }
}

fn run(command: &mut Command) {
    let out = command.output().expect("command runs");
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
