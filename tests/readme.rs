//! The README, whose Rust example is compiled (not run) as a doctest so it
//! cannot drift from the generated client.
#![doc = include_str!("../README.md")]
