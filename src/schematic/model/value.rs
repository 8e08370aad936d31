//! [`Value`] without recursion: a depth-first walk ([`Walk`]) that every deep traversal is
//! built on, and the `Clone`, `PartialEq`, `Debug` and `Drop` implementations, which a derive
//! would write as one call per nesting level (a 1 MiB wasm stack holds a few thousand).

use std::fmt;

use super::Value;

/// One step of a depth-first walk over a value, in document order.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    /// A value: a scalar, or a collection whose items (keys and values for a map) follow,
    /// then its [`Step::End`].
    Value(&'a Value),
    /// The key of the map entry whose value comes next.
    Key(&'a str),
    /// The end of the innermost open collection.
    End,
}

enum Frame<'a> {
    Seq(std::slice::Iter<'a, Value>),
    Map {
        entries: std::slice::Iter<'a, (String, Value)>,
        pending: Option<&'a Value>,
    },
}

/// The steps of a value (maps in their stored order), with a stack of its own.
pub(crate) struct Walk<'a> {
    first: Option<&'a Value>,
    stack: Vec<Frame<'a>>,
}

impl<'a> Walk<'a> {
    pub(crate) fn new(value: &'a Value) -> Self {
        Walk {
            first: Some(value),
            stack: Vec::new(),
        }
    }

    /// How many collections are open (the depth of the last step).
    pub(crate) fn depth(&self) -> usize {
        self.stack.len()
    }

    fn enter(&mut self, value: &'a Value) -> Step<'a> {
        match value {
            Value::Seq(items) => self.stack.push(Frame::Seq(items.iter())),
            Value::Map(entries) => self.stack.push(Frame::Map {
                entries: entries.iter(),
                pending: None,
            }),
            _ => {}
        }
        Step::Value(value)
    }
}

impl<'a> Iterator for Walk<'a> {
    type Item = Step<'a>;

    fn next(&mut self) -> Option<Step<'a>> {
        if let Some(value) = self.first.take() {
            return Some(self.enter(value));
        }
        let next = match self.stack.last_mut()? {
            Frame::Seq(items) => items.next().map(Step::Value),
            Frame::Map { entries, pending } => match pending.take() {
                Some(value) => Some(Step::Value(value)),
                None => entries.next().map(|(key, value)| {
                    *pending = Some(value);
                    Step::Key(key.as_str())
                }),
            },
        };
        Some(match next {
            Some(Step::Value(value)) => self.enter(value),
            Some(step) => step,
            None => {
                self.stack.pop();
                Step::End
            }
        })
    }
}

/// Writes `value` in flow style (`[a, b]`, `{k: v}`): `separator` between items, `colon`
/// after keys, which `key` writes, as `scalar` writes scalars.
pub(crate) fn write_flow(
    out: &mut String,
    value: &Value,
    (separator, colon): (&str, &str),
    key: impl Fn(&mut String, &str),
    scalar: impl Fn(&mut String, &Value),
) {
    // Per open collection: its closing bracket, and whether an item has been written.
    let mut open: Vec<(char, bool)> = Vec::new();
    let mut after_key = false;
    for step in Walk::new(value) {
        let mut separate = |out: &mut String| {
            if let Some((_, written)) = open.last_mut() {
                if *written {
                    out.push_str(separator);
                }
                *written = true;
            }
        };
        match step {
            Step::Key(text) => {
                separate(out);
                key(out, text);
                out.push_str(colon);
                after_key = true;
            }
            Step::Value(value) => {
                if !std::mem::take(&mut after_key) {
                    separate(out);
                }
                match value {
                    Value::Seq(_) => {
                        out.push('[');
                        open.push((']', false));
                    }
                    Value::Map(_) => {
                        out.push('{');
                        open.push(('}', false));
                    }
                    _ => scalar(out, value),
                }
            }
            Step::End => {
                if let Some((close, _)) = open.pop() {
                    out.push(close);
                }
            }
        }
    }
}

/// A copy of a value without its items (`Seq`, `Map` empty).
fn shallow(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::Bool(flag) => Value::Bool(*flag),
        Value::Int(number) => Value::Int(*number),
        Value::Uint(number) => Value::Uint(*number),
        Value::Float(number) => Value::Float(*number),
        Value::Str(text) => Value::Str(text.clone()),
        Value::Timestamp(text) => Value::Timestamp(text.clone()),
        Value::Seq(items) => Value::Seq(Vec::with_capacity(items.len())),
        Value::Map(entries) => Value::Map(Vec::with_capacity(entries.len())),
    }
}

/// Moves the nested non-empty collections of `value` onto `stack` (leaving `Null` in their
/// place), so that dropping `value` itself goes one level deep only.
fn detach_nested(value: &mut Value, stack: &mut Vec<Value>) {
    let mut detach = |item: &mut Value| {
        if matches!(item, Value::Seq(items) if !items.is_empty())
            || matches!(item, Value::Map(entries) if !entries.is_empty())
        {
            stack.push(std::mem::replace(item, Value::Null));
        }
    };
    match value {
        Value::Seq(items) => items.iter_mut().for_each(&mut detach),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, item)| detach(item)),
        _ => {}
    }
}

impl Drop for Value {
    fn drop(&mut self) {
        let mut stack = Vec::new();
        detach_nested(self, &mut stack);
        while let Some(mut value) = stack.pop() {
            detach_nested(&mut value, &mut stack);
        }
    }
}

impl Clone for Value {
    fn clone(&self) -> Value {
        // Collections being copied, innermost last, each with the key it goes under in its
        // parent map.
        let mut open: Vec<(Option<String>, Value)> = Vec::new();
        let mut key: Option<String> = None;
        let mut done = None;
        let mut place =
            |open: &mut Vec<(Option<String>, Value)>, key: Option<String>, value| match open
                .last_mut()
            {
                None => done = Some(value),
                Some((_, Value::Seq(items))) => items.push(value),
                Some((_, Value::Map(entries))) => entries.push((key.unwrap_or_default(), value)),
                Some(_) => {}
            };
        for step in Walk::new(self) {
            match step {
                Step::Key(text) => key = Some(text.to_owned()),
                Step::Value(value @ (Value::Seq(_) | Value::Map(_))) => {
                    open.push((key.take(), shallow(value)));
                }
                Step::Value(value) => place(&mut open, key.take(), shallow(value)),
                Step::End => {
                    if let Some((key, value)) = open.pop() {
                        place(&mut open, key, value);
                    }
                }
            }
        }
        done.unwrap_or(Value::Null)
    }
}

/// Whether two values are the same step (collections: of the same kind and length).
fn same_step(a: Step<'_>, b: Step<'_>) -> bool {
    match (a, b) {
        (Step::Key(a), Step::Key(b)) => a == b,
        (Step::End, Step::End) => true,
        (Step::Value(a), Step::Value(b)) => match (a, b) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Uint(a), Value::Uint(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Str(a), Value::Str(b)) | (Value::Timestamp(a), Value::Timestamp(b)) => a == b,
            (Value::Seq(a), Value::Seq(b)) => a.len() == b.len(),
            (Value::Map(a), Value::Map(b)) => a.len() == b.len(),
            _ => false,
        },
        _ => false,
    }
}

/// As derived: maps compare entry by entry in their stored order, floats as `f64`.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        let mut a = Walk::new(self);
        let mut b = Walk::new(other);
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if same_step(x, y) => {}
                _ => return false,
            }
        }
    }
}

/// The derived format (`Map([("a", Seq([Int(1)]))])`), written on one line also for `{:#?}`.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Per open collection: whether it is a map, and whether an item was written.
        let mut open: Vec<(bool, bool)> = Vec::new();
        for step in Walk::new(self) {
            match step {
                Step::Key(key) => {
                    if let Some((_, written)) = open.last_mut() {
                        if *written {
                            f.write_str(", ")?;
                        }
                        *written = true;
                    }
                    write!(f, "({key:?}, ")?;
                }
                Step::Value(value) => {
                    if let Some((false, written)) = open.last_mut() {
                        if *written {
                            f.write_str(", ")?;
                        }
                        *written = true;
                    }
                    match value {
                        Value::Null => f.write_str("Null")?,
                        Value::Bool(flag) => write!(f, "Bool({flag:?})")?,
                        Value::Int(number) => write!(f, "Int({number:?})")?,
                        Value::Uint(number) => write!(f, "Uint({number:?})")?,
                        Value::Float(number) => write!(f, "Float({number:?})")?,
                        Value::Str(text) => write!(f, "Str({text:?})")?,
                        Value::Timestamp(text) => write!(f, "Timestamp({text:?})")?,
                        Value::Seq(_) => {
                            f.write_str("Seq([")?;
                            open.push((false, false));
                            continue;
                        }
                        Value::Map(_) => {
                            f.write_str("Map([")?;
                            open.push((true, false));
                            continue;
                        }
                    }
                    if let Some((true, _)) = open.last() {
                        f.write_str(")")?;
                    }
                }
                Step::End => {
                    open.pop();
                    f.write_str("])")?;
                    if let Some((true, _)) = open.last() {
                        f.write_str(")")?;
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
