//! Prism (npm `@stoplight/prism-cli`), installed under the work directory
//! and run on loopback for the length of one round.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// 5.14.2 declares support for the machine's Node.js 20; later releases ask for 22.
const PRISM: &str = "@stoplight/prism-cli@5.14.2";

/// How Prism answers: with the document's examples, or with random data
/// generated from its schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrismMode {
    Examples,
    Dynamic,
}

/// `npm install` of the pinned Prism into `work/prism`, once.
pub fn install_prism(work: &Path) -> Result<PathBuf, String> {
    let prefix = work.join("prism");
    let binary = prefix.join("node_modules/.bin/prism");
    if binary.exists() {
        return Ok(binary);
    }
    std::fs::create_dir_all(&prefix)
        .map_err(|error| format!("cannot create {}: {error}", prefix.display()))?;
    let status = Command::new("npm")
        .args([
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--silent",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(PRISM)
        .status()
        .map_err(|error| format!("cannot run npm (is Node.js installed?): {error}"))?;
    if !status.success() || !binary.exists() {
        return Err(format!("npm install {PRISM} failed"));
    }
    Ok(binary)
}

/// A running Prism mock server; stopped when dropped.
pub struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism on a free loopback port and waits until it listens.
    /// Its output goes to `log`, which a failure to start quotes.
    pub fn start(binary: &Path, spec: &Path, mode: PrismMode, log: &Path) -> Result<Self, String> {
        let port = free_port()?;
        let log_file = std::fs::File::create(log)
            .map_err(|error| format!("cannot create {}: {error}", log.display()))?;
        let errors = log_file
            .try_clone()
            .map_err(|error| format!("cannot share {}: {error}", log.display()))?;
        let mut command = Command::new(binary);
        command
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(errors));
        if mode == PrismMode::Dynamic {
            command.arg("--dynamic");
        }
        let child = command
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let mut prism = Self {
            child,
            port,
            log: log.to_owned(),
        };
        prism.wait_until_listening()?;
        Ok(prism)
    }

    /// Whether the server has stopped (Prism crashes on some requests).
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// The error Prism's log ends with, for a report of why it stopped.
    pub fn last_error(&self) -> String {
        let output = std::fs::read_to_string(&self.log).unwrap_or_default();
        output
            .lines()
            .rev()
            .find(|line| line.contains("Error"))
            .unwrap_or("no error in its log")
            .trim()
            .to_owned()
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let output = std::fs::read_to_string(&self.log).unwrap_or_default();
                let last: Vec<&str> = output.lines().rev().take(5).collect();
                let last: Vec<&str> = last.into_iter().rev().collect();
                return Err(format!(
                    "prism exited before listening ({status}):\n{}",
                    last.join("\n")
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err("prism did not listen within 120 s".to_owned())
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| format!("no free loopback port: {error}"))
}
