//! The HTTP/1.1 server: a listener, one thread per connection, and the chain
//! on a thread of its own (an actor) that answers request bodies in order
//! and saves the state file.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

use crate::chain::{Chain, ChainConfig};

use super::methods::handle_body;

/// Largest accepted HTTP body (bytes).
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// Node settings.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    /// Interface to listen on.
    pub host: String,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Chain settings.
    pub chain: ChainConfig,
    /// File to load state from at start and save it to after changes.
    pub state: Option<PathBuf>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8547,
            chain: ChainConfig::default(),
            state: None,
        }
    }
}

type Job = Box<dyn FnOnce(&mut Chain, &mut bool) + Send>;

/// A running devnet node. Dropping it stops the node (and saves the state file).
pub struct Devnet {
    addr: SocketAddr,
    jobs: Sender<Job>,
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Devnet {
    /// Start a node. Use port 0 for a free port (tests).
    pub fn start(config: NodeConfig) -> std::io::Result<Devnet> {
        let listener = TcpListener::bind((config.host.as_str(), config.port))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let (jobs, rx) = channel::<Job>();
        let (ready_tx, ready_rx) = channel();
        let chain_cfg = config.chain.clone();
        let state = config.state.clone();
        let chain_stop = stop.clone();
        let chain_thread = std::thread::Builder::new()
            .name("devnet-chain".into())
            .spawn(move || {
                let mut chain = Chain::new(chain_cfg);
                let mut err = None;
                if let Some(p) = &state {
                    if p.exists() {
                        if let Err(e) = chain.load_from(p) {
                            err = Some(e);
                        }
                    }
                }
                let failed = err.is_some();
                let _ = ready_tx.send(err);
                if failed {
                    return;
                }
                chain_loop(chain, rx, state, chain_stop);
            })?;
        if let Ok(Some(e)) = ready_rx.recv() {
            return Err(std::io::Error::other(format!("cannot load state: {e}")));
        }
        let accept_stop = stop.clone();
        let accept_jobs = jobs.clone();
        let accept = std::thread::Builder::new()
            .name("devnet-accept".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if accept_stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let jobs = accept_jobs.clone();
                    let stop = accept_stop.clone();
                    let _ = std::thread::Builder::new()
                        .name("devnet-conn".into())
                        .spawn(move || {
                            let _ = serve_conn(conn, jobs, stop);
                        });
                }
            })?;
        Ok(Devnet {
            addr,
            jobs,
            stop,
            threads: vec![chain_thread, accept],
        })
    }

    /// Start on a free port of 127.0.0.1 with default chain settings.
    pub fn start_free_port() -> std::io::Result<Devnet> {
        Self::start(NodeConfig {
            port: 0,
            ..Default::default()
        })
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The HTTP URL of the JSON-RPC endpoint.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Run `f` on the chain (in order with RPC requests), without HTTP.
    pub fn with_chain<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Chain) -> R + Send + 'static,
    ) -> R {
        let (tx, rx) = channel();
        let job: Job = Box::new(move |c, mutated| {
            *mutated = true;
            let _ = tx.send(f(c));
        });
        self.jobs.send(job).expect("chain thread alive");
        rx.recv().expect("chain thread alive")
    }

    /// Answer a JSON-RPC request body without HTTP.
    pub fn request(&self, body: &[u8]) -> Vec<u8> {
        let body = body.to_vec();
        let (tx, rx) = channel();
        let job: Job = Box::new(move |c, mutated| {
            let _ = tx.send(handle_body(c, &body, mutated));
        });
        self.jobs.send(job).expect("chain thread alive");
        rx.recv().expect("chain thread alive")
    }

    /// Stop serving and wait for the threads (saves the state file).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        let (dummy, _) = channel();
        let jobs = std::mem::replace(&mut self.jobs, dummy);
        drop(jobs);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Block until the node is stopped from another thread (for the binary).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Devnet {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn chain_loop(mut chain: Chain, rx: Receiver<Job>, state: Option<PathBuf>, stop: Arc<AtomicBool>) {
    let mut dirty = false;
    let mut last_save = std::time::Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(job) => {
                let mut mutated = false;
                job(&mut chain, &mut mutated);
                dirty |= mutated;
                // Under a steady stream of requests the idle save below never
                // fires: save at least once a second while busy.
                if dirty && last_save.elapsed() >= Duration::from_secs(1) {
                    if let Some(p) = &state {
                        if let Err(e) = chain.save_to(p) {
                            eprintln!("restake-devnet: cannot save state to {}: {e}", p.display());
                        }
                        dirty = false;
                        last_save = std::time::Instant::now();
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                if dirty {
                    if let Some(p) = &state {
                        if let Err(e) = chain.save_to(p) {
                            eprintln!("restake-devnet: cannot save state to {}: {e}", p.display());
                        }
                    }
                    dirty = false;
                    last_save = std::time::Instant::now();
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    if dirty {
        if let Some(p) = &state {
            let _ = chain.save_to(p);
        }
    }
}

fn write_response(
    w: &mut TcpStream,
    status: &str,
    body: &[u8],
    close: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nAccess-Control-Allow-Origin: *\r\nConnection: {}\r\n\r\n",
        body.len(),
        if close { "close" } else { "keep-alive" }
    );
    w.write_all(head.as_bytes())?;
    w.write_all(body)?;
    w.flush()
}

fn serve_conn(conn: TcpStream, jobs: Sender<Job>, stop: Arc<AtomicBool>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    let _ = conn.set_nodelay(true);
    let mut out = conn.try_clone()?;
    let mut reader = BufReader::new(conn);
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let version = parts.nth(1).unwrap_or("HTTP/1.0").to_string();
        let mut len: Option<usize> = None;
        let mut close = version == "HTTP/1.0";
        let mut chunked = false;
        let mut expect_continue = false;
        let mut header_bytes = 0usize;
        loop {
            let mut h = String::new();
            let n = reader.read_line(&mut h)?;
            if n == 0 {
                return Ok(());
            }
            header_bytes += n;
            if header_bytes > 64 * 1024 {
                let _ = write_response(&mut out, "431 Request Header Fields Too Large", b"", true);
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                let v = v.trim();
                match k.as_str() {
                    "content-length" => len = v.parse().ok(),
                    "connection" => close = v.eq_ignore_ascii_case("close"),
                    "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                    "expect" => expect_continue = v.eq_ignore_ascii_case("100-continue"),
                    _ => {}
                }
            }
        }
        if method == "OPTIONS" {
            write_response(&mut out, "204 No Content", b"", close)?;
            continue;
        }
        if method != "POST" {
            let body = br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"send JSON-RPC requests with POST"}}"#;
            write_response(&mut out, "405 Method Not Allowed", body, true)?;
            return Ok(());
        }
        if expect_continue && len.map(|l| l <= MAX_BODY).unwrap_or(true) {
            out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let body = if chunked {
            let mut body = Vec::new();
            loop {
                let mut size = String::new();
                reader.read_line(&mut size)?;
                let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                    .unwrap_or(0);
                if body.len() + n > MAX_BODY {
                    write_response(&mut out, "413 Payload Too Large", b"", true)?;
                    return Ok(());
                }
                let mut chunk = vec![0; n + 2];
                reader.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
            body
        } else {
            let Some(len) = len else {
                write_response(&mut out, "411 Length Required", b"", true)?;
                return Ok(());
            };
            if len > MAX_BODY {
                let body = br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request too large"}}"#;
                write_response(&mut out, "413 Payload Too Large", body, true)?;
                return Ok(());
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body)?;
            body
        };
        let (tx, rx) = channel();
        let job: Job = Box::new(move |c, mutated| {
            let _ = tx.send(handle_body(c, &body, mutated));
        });
        if jobs.send(job).is_err() {
            return Ok(());
        }
        let Ok(resp) = rx.recv() else { return Ok(()) };
        write_response(&mut out, "200 OK", &resp, close)?;
        if close {
            return Ok(());
        }
    }
}
