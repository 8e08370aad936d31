//! The connection loop shared by the stand-in and the static server: a `TcpListener` on a
//! loopback address, one thread per connection, one request per connection.

use std::io::{self, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::http::{self, ReadError, Request, Response};

/// What to do with a request.
pub enum Action {
    Respond(Response),
    /// Close the connection without writing anything.
    Drop,
}

/// The function that answers requests.
pub type Handler = Arc<dyn Fn(&Request) -> Action + Send + Sync>;

/// How long a connection may stay silent before it is closed.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A running listener; stops accepting on [`Server::shutdown`] or drop.
#[derive(Debug)]
pub struct Server {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `address` (loopback only) and serves `handler` on a background thread.
    pub fn start(address: SocketAddr, handler: Handler) -> io::Result<Server> {
        if !address.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to bind {address}: the stand-in listens on loopback only"),
            ));
        }
        let listener = TcpListener::bind(address)?;
        let address = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = Arc::clone(&stop);
        let thread = thread::Builder::new()
            .name(format!("standin-{}", address.port()))
            .spawn(move || accept_loop(&listener, &stop_flag, &handler))?;
        Ok(Server {
            address,
            stop,
            thread: Some(thread),
        })
    }

    /// The bound address (with the real port when 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting connections and waits for the accept thread. Connections being answered
    /// finish on their own threads.
    pub fn shutdown(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.stop.store(true, Ordering::SeqCst);
            // Wake the blocking accept().
            let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn accept_loop(listener: &TcpListener, stop: &AtomicBool, handler: &Handler) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            continue;
        };
        let handler = Arc::clone(handler);
        let _ = thread::Builder::new()
            .name("standin-connection".to_string())
            .spawn(move || serve_connection(stream, &handler));
    }
}

fn serve_connection(stream: TcpStream, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut writer = stream;
    let mut reader = BufReader::new(read_half);
    let request = http::read_request(&mut reader, || {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        writer.flush()
    });
    let action = match request {
        // A HEAD answer never has a body, whatever the handler built.
        Ok(request) if request.method == "HEAD" => match handler(&request) {
            Action::Respond(mut response) => {
                response.omit_body = true;
                Action::Respond(response)
            }
            Action::Drop => Action::Drop,
        },
        Ok(request) => handler(&request),
        Err(ReadError::Malformed(reason)) => {
            Action::Respond(Response::error(400, &format!("400 Bad Request: {reason}")))
        }
        Err(ReadError::Closed | ReadError::Io) => return,
    };
    if let Action::Respond(response) = action {
        let _ = response.write_to(&mut writer);
    }
    let _ = writer.shutdown(Shutdown::Both);
}
