//! The layout engine finishes on every input: cycles that close through a
//! group's border (an edge into a group, and a path back out of one of its
//! members) once made rank assignment loop for ever.
//!
//! In: a minimal flow and synthetic flows of `archflow::synth`. Out: each
//! layout finishes within a generous time limit (run on a thread, so a
//! regression fails the test instead of hanging it).

#[path = "support/flow_files.rs"]
mod flow_files;

use std::sync::mpsc;
use std::time::Duration;

fn finishes(name: &str, source: String) {
    let diagram = flow_files::load_valid_named(name, &source);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let layout = archflow::layout::layout(&diagram);
        let _ = tx.send(layout.nodes.len());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(_) => {}
        Err(_) => panic!("layout of {name} did not finish within 60 s"),
    }
}

#[test]
fn cycle_through_a_group_border_finishes() {
    finishes(
        "cycle.toml",
        r#"
title = "edge to a group closing a cycle through its border"
flows = ["s -> v", "w -> u", "u -> grp"]

[nodes]
s = { icon = "users" }
v = { icon = "ec2", in = "grp" }
w = { icon = "ec2", in = "grp" }
u = { icon = "lambda" }

[groups]
grp = { kind = "vpc" }
"#
        .to_string(),
    );
}

#[test]
fn synthetic_flows_finish() {
    for seed in 0..12 {
        for nodes in [60, 110, 150] {
            let text = archflow::internals::synth::generate(archflow::internals::synth::Params {
                nodes,
                seed,
            });
            finishes(&format!("synth-{nodes}-{seed}.toml"), text);
        }
    }
}
