//! End-to-end tests of the stand-in: every test starts a server on loopback and talks to it
//! with a tiny HTTP/1.1 client over real sockets.

mod api;
mod assets;
mod behaviours;
mod client;
mod cors;
mod faults;
mod statics;
