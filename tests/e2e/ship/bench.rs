//! The performance benchmark (scripts/bench.sh); written next.
