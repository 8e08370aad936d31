//! Test helpers for values nested as deep as go-yaml builds them.

use super::Value;

/// `depth` collections around `1`, alternating sequences (`[null, …]`) and maps
/// (`{k: …, z: true}`), built without recursion.
pub(crate) fn deep_value(depth: usize) -> Value {
    let mut value = Value::Int(1);
    for level in 0..depth {
        value = if level % 2 == 0 {
            Value::Seq(vec![Value::Null, value])
        } else {
            Value::Map(vec![
                ("k".to_owned(), value),
                ("z".to_owned(), Value::Bool(true)),
            ])
        };
    }
    value
}

/// Runs `f` on a thread with the 1 MiB stack of a wasm32 module. A debug build's frames are
/// larger than a release build's, so what passes here has room in the browser.
pub(crate) fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("no stack overflow")
}
