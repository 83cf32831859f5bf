//! A minimal blocking JSON-RPC client over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

use serde_json::{json, Value};

use crate::chain::RpcError;

use super::wire::parse_hex_bytes;

/// A minimal blocking JSON-RPC client over HTTP (for tests, scripts and the benchmark).
pub struct Client {
    addr: SocketAddr,
    conn: Option<BufReader<TcpStream>>,
    id: u64,
}

impl Client {
    /// A client for `http://host:port` (or `host:port`).
    pub fn new(url: &str) -> std::io::Result<Self> {
        let a = url.trim_start_matches("http://").trim_end_matches('/');
        let addr = std::net::ToSocketAddrs::to_socket_addrs(a)?
            .next()
            .ok_or_else(|| std::io::Error::other("bad address"))?;
        Ok(Self {
            addr,
            conn: None,
            id: 0,
        })
    }

    /// Send a raw body; returns the raw response body.
    pub fn raw(&mut self, body: &[u8]) -> std::io::Result<Vec<u8>> {
        for attempt in 0..2 {
            if self.conn.is_none() {
                let s = TcpStream::connect(self.addr)?;
                let _ = s.set_nodelay(true);
                self.conn = Some(BufReader::new(s));
            }
            let r = self.try_raw(body);
            if r.is_err() {
                self.conn = None;
                if attempt == 0 {
                    continue;
                }
            }
            return r;
        }
        unreachable!()
    }

    fn try_raw(&mut self, body: &[u8]) -> std::io::Result<Vec<u8>> {
        let conn = self.conn.as_mut().unwrap();
        let head = format!("POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", self.addr, body.len());
        let s = conn.get_mut();
        s.write_all(head.as_bytes())?;
        s.write_all(body)?;
        let mut status = String::new();
        if conn.read_line(&mut status)? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        let mut len = 0;
        let mut close = false;
        loop {
            let mut h = String::new();
            conn.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
                if k.eq_ignore_ascii_case("connection") && v.trim().eq_ignore_ascii_case("close") {
                    close = true;
                }
            }
        }
        let mut buf = vec![0; len];
        conn.read_exact(&mut buf)?;
        if close {
            self.conn = None;
        }
        Ok(buf)
    }

    /// Call a method; returns `result` or the JSON-RPC error.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
        self.id += 1;
        let body = serde_json::to_vec(
            &json!({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params}),
        )
        .unwrap();
        let resp = self
            .raw(&body)
            .map_err(|e| RpcError::new(-32099, format!("transport: {e}")))?;
        let v: Value =
            serde_json::from_slice(&resp).map_err(|e| RpcError::new(-32700, e.to_string()))?;
        if let Some(e) = v.get("error") {
            return Err(RpcError {
                code: e.get("code").and_then(|c| c.as_i64()).unwrap_or(0),
                message: e
                    .get("message")
                    .and_then(|m| m.as_str())
                    .unwrap_or("")
                    .to_string(),
                data: e.get("data").and_then(|d| parse_hex_bytes(d).ok()),
            });
        }
        Ok(v.get("result").cloned().unwrap_or(Value::Null))
    }
}
