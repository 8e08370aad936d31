//! The stand-in's routes and the faults that can be switched on for each of them, in code
//! ([`crate::StandIn::set_fault`]) or over HTTP (`POST /__standin/fault`).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A group of endpoints that share a fault switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// `GET /versions`.
    Versions,
    /// `GET /version/<v>/extensions/official`.
    Extensions,
    /// `GET /version/<v>/overlays/official`.
    Overlays,
    /// `POST /schematics`.
    SchematicCreate,
    /// `GET /schematics/<id>`.
    SchematicGet,
    /// `GET|HEAD /image/<id>/<v>/<path>`.
    Image,
    /// `GET /pxe/<id>/<v>/<path>`.
    Pxe,
    /// `GET /talosctl/<v>` and `GET|HEAD /talosctl/<v>/<file>`.
    Talosctl,
    /// The static files of the built app, when the stand-in serves them.
    StaticFiles,
    /// `GET /openapi.yaml` (only with [`crate::Behaviour::OpenApiDocument`]).
    OpenApi,
}

impl Route {
    /// Every route, in declaration order.
    pub const ALL: [Route; 10] = [
        Route::Versions,
        Route::Extensions,
        Route::Overlays,
        Route::SchematicCreate,
        Route::SchematicGet,
        Route::Image,
        Route::Pxe,
        Route::Talosctl,
        Route::StaticFiles,
        Route::OpenApi,
    ];

    /// The name used by the control endpoint (`versions`, `schematic-create`, …).
    pub fn name(self) -> &'static str {
        match self {
            Route::Versions => "versions",
            Route::Extensions => "extensions",
            Route::Overlays => "overlays",
            Route::SchematicCreate => "schematic-create",
            Route::SchematicGet => "schematic-get",
            Route::Image => "image",
            Route::Pxe => "pxe",
            Route::Talosctl => "talosctl",
            Route::StaticFiles => "static",
            Route::OpenApi => "openapi",
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Route {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Route::ALL
            .into_iter()
            .find(|route| route.name() == text)
            .ok_or_else(|| format!("unknown route {text:?}"))
    }
}

/// A way to misbehave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and a plain-text body (CORS headers as usual, so a browser can
    /// read it).
    Status(u16),
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Read the request, then close the socket without writing a byte.
    DropConnection,
    /// Answer 200 with the first half of the normal body (invalid JSON).
    MalformedJson,
    /// The normal answer without any `Access-Control-*` header (an old factory).
    NoCors,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Status(status) => write!(f, "{status}"),
            Fault::Delay(duration) => write!(f, "delay-{}ms", duration.as_millis()),
            Fault::DropConnection => f.write_str("drop"),
            Fault::MalformedJson => f.write_str("malformed-json"),
            Fault::NoCors => f.write_str("no-cors"),
        }
    }
}

impl FromStr for Fault {
    type Err = String;

    /// `500` (any status 100–599), `delay-<ms>ms` (or `delay-<ms>`), `drop`, `malformed-json`,
    /// `no-cors`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "drop" => return Ok(Fault::DropConnection),
            "malformed-json" => return Ok(Fault::MalformedJson),
            "no-cors" => return Ok(Fault::NoCors),
            _ => {}
        }
        if let Some(rest) = text.strip_prefix("delay-") {
            let millis = rest.strip_suffix("ms").unwrap_or(rest);
            return millis
                .parse::<u64>()
                .map(|millis| Fault::Delay(Duration::from_millis(millis)))
                .map_err(|_| format!("bad delay {text:?}, expected delay-<milliseconds>ms"));
        }
        match text.parse::<u16>() {
            Ok(status) if (100..600).contains(&status) => Ok(Fault::Status(status)),
            _ => Err(format!(
                "unknown fault {text:?}, expected a status, delay-<ms>ms, drop, malformed-json or no-cors"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for route in Route::ALL {
            assert_eq!(route.name().parse::<Route>(), Ok(route));
        }
        for fault in [
            Fault::Status(500),
            Fault::Delay(Duration::from_millis(1500)),
            Fault::DropConnection,
            Fault::MalformedJson,
            Fault::NoCors,
        ] {
            assert_eq!(fault.to_string().parse::<Fault>(), Ok(fault));
        }
        assert_eq!(
            "delay-20".parse::<Fault>(),
            Ok(Fault::Delay(Duration::from_millis(20)))
        );
        assert!("700".parse::<Fault>().is_err());
        assert!("slow".parse::<Fault>().is_err());
        assert!("nope".parse::<Route>().is_err());
    }
}
