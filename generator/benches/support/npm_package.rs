//! Bench inputs that come from the npm registry: downloaded, never committed.

use std::path::Path;
use std::process::Command;

/// `npm pack` of `package` (`name@version`) unpacked into `dir/package`.
pub fn pack_and_unpack(package: &str, dir: &Path) {
    std::fs::create_dir_all(dir).expect("bench directory");
    let output = Command::new("npm")
        .args(["pack", package, "--silent"])
        .current_dir(dir)
        .output()
        .expect("run npm");
    assert!(
        output.status.success(),
        "npm pack failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tarball = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let status = Command::new("tar")
        .args(["xzf", &tarball])
        .current_dir(dir)
        .status()
        .expect("run tar");
    assert!(status.success(), "cannot unpack {tarball}");
}
