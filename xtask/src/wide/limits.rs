//! Running a child process under a memory cap and a time bound, so one
//! document that makes the generator or the compiler run away costs that
//! document only.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Bounds for one child process.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Address-space cap in bytes (`RLIMIT_AS`); `None` leaves it unbounded.
    pub memory: Option<u64>,
    pub time: Duration,
}

/// How a bounded child ended.
pub struct Finished {
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    pub timed_out: bool,
}

impl Finished {
    pub fn success(&self) -> bool {
        self.status.is_some_and(|status| status.success())
    }

    /// Why the child failed when the cause is the bound or a signal rather
    /// than its own error report; `None` for an ordinary exit.
    pub fn abnormal_end(&self, limits: &Limits) -> Option<String> {
        if self.timed_out {
            return Some(format!("timed out after {} s", limits.time.as_secs()));
        }
        let stderr = String::from_utf8_lossy(&self.stderr);
        if stderr.contains("has overflowed its stack") {
            return Some("stack overflow".to_owned());
        }
        let out_of_memory = stderr.contains("memory allocation of")
            || stderr.contains("out of memory")
            || stderr.contains("Cannot allocate memory");
        if out_of_memory {
            let cap = limits
                .memory
                .map_or_else(String::new, |bytes| format!(" (cap {})", gibibytes(bytes)));
            return Some(format!("out of memory{cap}"));
        }
        signal(self.status?).map(|signal| match signal {
            9 => "killed (signal 9, likely the kernel's out-of-memory killer)".to_owned(),
            other => format!("killed by signal {other}"),
        })
    }
}

pub fn gibibytes(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

#[cfg(unix)]
fn signal(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal(_: ExitStatus) -> Option<i32> {
    None
}

/// Runs `command` to completion or until `limits.time` passes (then it is
/// killed), with its stdout and stderr collected. Stdin is closed.
pub fn run(mut command: Command, limits: &Limits) -> Result<Finished, String> {
    bound_child(&mut command, limits.memory);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot run {:?}: {error}", command.get_program()))?;
    // Both pipes are drained on threads so a chatty child never blocks on a
    // full pipe while this thread waits for it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|pipe| Box::new(pipe) as Box<_>));
    let stderr = drain(child.stderr.take().map(|pipe| Box::new(pipe) as Box<_>));
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= limits.time => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => return Err(format!("cannot wait for child: {error}")),
        }
    };
    Ok(Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
        timed_out,
    })
}

/// Sets the child's address-space cap and, on Linux, has it killed when
/// the process that started it dies (an interrupted run leaves no orphans
/// running without their time bound).
#[cfg(unix)]
fn bound_child(command: &mut Command, memory: Option<u64>) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec only setrlimit and prctl run, which are
    // async-signal-safe and touch no memory of the parent.
    unsafe {
        command.pre_exec(move || {
            #[cfg(target_os = "linux")]
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if let Some(bytes) = memory {
                let limit = libc::rlimit {
                    rlim_cur: bytes as libc::rlim_t,
                    rlim_max: bytes as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn bound_child(_: &mut Command, _: Option<u64>) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_child_past_its_time_is_killed_and_reported() {
        let limits = Limits {
            memory: None,
            time: Duration::from_millis(200),
        };
        let mut command = Command::new("sleep");
        command.arg("5");
        let finished = run(command, &limits).unwrap();
        assert!(finished.timed_out);
        assert!(finished.elapsed < Duration::from_secs(4));
        assert_eq!(
            finished.abnormal_end(&limits).as_deref(),
            Some("timed out after 0 s")
        );
    }

    #[test]
    fn a_stack_overflow_is_named() {
        let limits = Limits {
            memory: None,
            time: Duration::from_secs(20),
        };
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo \"thread 'main' has overflowed its stack\" >&2; kill -ABRT $$",
        ]);
        let finished = run(command, &limits).unwrap();
        assert_eq!(
            finished.abnormal_end(&limits).as_deref(),
            Some("stack overflow")
        );
    }

    #[test]
    fn output_is_collected_and_ordinary_failures_are_not_abnormal() {
        let limits = Limits {
            memory: Some(1 << 30),
            time: Duration::from_secs(20),
        };
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let finished = run(command, &limits).unwrap();
        assert!(!finished.success());
        assert_eq!(finished.stdout, b"out\n");
        assert_eq!(finished.stderr, b"err\n");
        assert_eq!(finished.abnormal_end(&limits), None);
    }
}
