//! Benchmark: canonical YAML + schematic ID of a realistic schematic (10 extensions, 3 kernel
//! arguments, an overlay with options, META, secure boot), timed per call.
//!
//! Run with `cargo run --release --example bench_id [iterations]`.

use std::time::Instant;

use talos_image_studio::schematic::Schematic;

const BODY: &str = r#"{
  "overlay": {
    "image": "siderolabs/sbc-raspberrypi",
    "name": "rpi_generic",
    "options": {
      "configTxtAppend": "dtoverlay=vc4-kms-v3d\ndtparam=audio=on\n",
      "enableUart": true,
      "gpuMem": 128,
      "hdmi": {"group": 2, "mode": 82, "drive": "yes"}
    }
  },
  "customization": {
    "extraKernelArgs": ["console=ttyS0,115200", "net.ifnames=0", "talos.dashboard.disabled=1"],
    "meta": [{"key": 10, "value": "{\"externalIPs\":[\"1.2.3.4\"]}"}],
    "systemExtensions": {
      "officialExtensions": [
        "siderolabs/amd-ucode", "siderolabs/btrfs", "siderolabs/drbd", "siderolabs/gvisor",
        "siderolabs/intel-ucode", "siderolabs/iscsi-tools", "siderolabs/nut-client",
        "siderolabs/qemu-guest-agent", "siderolabs/tailscale", "siderolabs/util-linux-tools"
      ]
    },
    "secureboot": {"enrollKeys": "if-safe", "includeWellKnownCertificates": true}
  }
}"#;

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    let last = sorted.len().saturating_sub(1);
    let index = ((last as f64) * fraction).round() as usize;
    sorted.get(index.min(last)).copied().unwrap_or(0.0)
}

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(20_000);
    let schematic = match Schematic::from_json(BODY) {
        Ok(schematic) => schematic,
        Err(error) => {
            eprintln!("benchmark schematic does not parse: {error}");
            std::process::exit(1);
        }
    };
    // Warm-up.
    for _ in 0..1_000 {
        std::hint::black_box(schematic.id());
    }
    let mut samples = Vec::with_capacity(iterations);
    let started = Instant::now();
    for _ in 0..iterations {
        let start = Instant::now();
        let id = std::hint::black_box(&schematic).id();
        std::hint::black_box(id);
        samples.push(start.elapsed().as_secs_f64() * 1e6);
    }
    let total = started.elapsed();
    samples.sort_by(f64::total_cmp);
    let parse_start = Instant::now();
    for _ in 0..1_000 {
        std::hint::black_box(Schematic::from_json(std::hint::black_box(BODY)).ok());
    }
    let parse = parse_start.elapsed().as_secs_f64() * 1e6 / 1_000.0;
    println!("schematic id: {}", schematic.id());
    println!("canonical yaml: {} bytes", schematic.canonical_yaml().len());
    println!(
        "canonical yaml + sha256 id, {iterations} calls in {:.1} ms: median {:.2} µs, p95 {:.2} µs, max {:.2} µs",
        total.as_secs_f64() * 1e3,
        percentile(&samples, 0.5),
        percentile(&samples, 0.95),
        percentile(&samples, 1.0),
    );
    println!("import (from_json) mean: {parse:.2} µs");
}
