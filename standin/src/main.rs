//! `factory-standin`: run the factory stand-in from the command line.
//!
//! ```text
//! factory-standin [--port 8081] [--data tests/data/factory] [--static dist] [--prefix /]
//!                 [--pxe-url URL] [--behaviour NAME]...
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use factory_standin::{Options, StandIn};

const USAGE: &str = "usage: factory-standin [--port 8081] [--data tests/data/factory] [--static DIR] [--prefix /] [--pxe-url URL] [--behaviour NAME]...

Serves the Talos Image Factory API from recorded fixtures on 127.0.0.1.
  --port N       port to listen on (0 = any free port; default 8081)
  --data DIR     fixture folder (default tests/data/factory)
  --static DIR   also serve this folder (the built app) for non-API paths
  --prefix P     sub-path of the static files (default /)
  --pxe-url URL  base URL written into iPXE scripts (default: the stand-in's own URL)
  --behaviour B  switch on a later factory behaviour: contract-validation, openapi-document
Control: POST /__standin/fault?route=versions&fault=500, POST /__standin/reset (see standin/README.md)";

fn parse_arguments(arguments: &[String]) -> Result<(u16, Options), String> {
    let mut port = 8081;
    let mut options = Options::new(&PathBuf::from("tests/data/factory"));
    let mut index = 0;
    while index < arguments.len() {
        let flag = arguments[index].as_str();
        let value = arguments
            .get(index + 1)
            .cloned()
            .ok_or_else(|| format!("{flag} needs a value"));
        match flag {
            "--port" => {
                port = value?
                    .parse()
                    .map_err(|_| "--port needs a number from 0 to 65535".to_string())?;
            }
            "--data" => options.data_dir = PathBuf::from(value?),
            "--static" => options.static_dir = Some(PathBuf::from(value?)),
            "--prefix" => options.static_prefix = value?,
            "--pxe-url" => options.pxe_url = Some(value?),
            "--behaviour" => options.behaviours.push(value?.parse()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
        index += 2;
    }
    Ok((port, options))
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments
        .iter()
        .any(|argument| argument == "--help" || argument == "-h")
    {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (port, options) = match parse_arguments(&arguments) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("factory-standin: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let static_site = options
        .static_dir
        .as_ref()
        .map(|dir| (dir.display().to_string(), options.static_prefix.clone()));
    let standin = match StandIn::start_with(SocketAddr::from(([127, 0, 0, 1], port)), options) {
        Ok(standin) => standin,
        Err(error) => {
            eprintln!("factory-standin: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", standin.base_url());
    if let Some((dir, prefix)) = static_site {
        let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
        eprintln!("serving {dir} at {}{prefix}", standin.base_url());
    }
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_every_flag() {
        let (port, options) = parse_arguments(&arguments(
            "--port 0 --data d --static dist --prefix /app --pxe-url http://p",
        ))
        .unwrap();
        assert_eq!(port, 0);
        assert_eq!(options.data_dir, PathBuf::from("d"));
        assert_eq!(options.static_dir, Some(PathBuf::from("dist")));
        assert_eq!(options.static_prefix, "/app");
        assert_eq!(options.pxe_url.as_deref(), Some("http://p"));
        let (port, options) = parse_arguments(&[]).unwrap();
        assert_eq!((port, options.static_dir), (8081, None));
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse_arguments(&arguments("--port")).is_err());
        assert!(parse_arguments(&arguments("--port x")).is_err());
        assert!(parse_arguments(&arguments("--verbose 1")).is_err());
    }
}
