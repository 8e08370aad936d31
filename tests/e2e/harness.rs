//! The end-to-end harness: the release build (`dist/`, built by `trunk build --release
//! --public-url /talos-image-studio/`) served by a GitHub-Pages-like static server, the
//! factory stand-in on another port (cross-origin, as in production), and headless Chromium
//! driven over WebDriver by chromedriver.

use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use factory_standin::{StandIn, StaticServer};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built app: `dist/`, or `STUDIO_DIST` (to measure another build, e.g. an older one).
pub fn dist_dir() -> PathBuf {
    std::env::var_os("STUDIO_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"))
}

/// Where screenshots and other files for review go.
pub fn artifacts_dir() -> PathBuf {
    let dir = repo_root().join("tests/e2e-artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The `<base href>` of the built page (quoted or, after minification, unquoted).
fn base_prefix(dist: &Path) -> String {
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let Some(start) = html.find("<base href=") else {
        return "/".to_string();
    };
    let rest = &html[start + "<base href=".len()..];
    let value: String = if let Some(stripped) = rest.strip_prefix('"') {
        stripped.chars().take_while(|c| *c != '"').collect()
    } else {
        rest.chars()
            .take_while(|c| !c.is_whitespace() && *c != '>')
            .collect()
    };
    if value.is_empty() {
        "/".to_string()
    } else {
        value
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or(9515)
}

/// chromedriver, in a process group of its own with the browser it starts: most tests end
/// without closing their session, and killing chromedriver alone left every Chromium it
/// had started running (hundreds of them after a full run, which slowed later runs and the
/// benchmark), so the whole group goes.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One browser session against a fresh stand-in.
pub struct Harness {
    pub standin: StandIn,
    pub site: StaticServer,
    pub client: Client,
    prefix: String,
    _driver: Driver,
}

impl Harness {
    pub async fn start() -> Result<Harness, Box<dyn std::error::Error>> {
        Harness::start_with(&dist_dir()).await
    }

    /// Like [`Harness::start`], serving the build in `dist` (a copy a test changes while the
    /// browser runs: a new deployment, a tampered file).
    pub async fn start_with(dist: &Path) -> Result<Harness, Box<dyn std::error::Error>> {
        let dist = dist.to_path_buf();
        if !dist.join("index.html").exists() {
            return Err("dist/index.html is missing: run `trunk build --release --features split --public-url /talos-image-studio/` first (scripts/test.sh does)".into());
        }
        let standin = StandIn::start(&repo_root().join("tests/data/factory"))?;
        let prefix = base_prefix(&dist);
        let site = factory_standin::serve_static(&dist, &prefix)?;

        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string());
        let port = free_port();
        let driver = Driver(
            Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .process_group(0)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start {chromedriver}: {e}"))?,
        );
        let webdriver_url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not start listening within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let mut capabilities = serde_json::Map::new();
        let binary =
            std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
        capabilities.insert(
            "goog:chromeOptions".to_string(),
            json!({
                "binary": binary,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,900",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                ],
            }),
        );
        capabilities.insert("goog:loggingPrefs".to_string(), json!({ "browser": "ALL" }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&webdriver_url)
            .await?;
        Ok(Harness {
            standin,
            site,
            client,
            prefix,
            _driver: driver,
        })
    }

    /// The app's URL with a query string (without the leading `?`), pointed at the stand-in.
    pub fn app_url(&self, query: &str) -> String {
        let factory = format!("factory={}", self.standin.base_url());
        let query = if query.is_empty() {
            factory
        } else {
            format!("{query}&{factory}")
        };
        format!("{}{}?{}", self.site.base_url(), self.prefix, query)
    }

    /// The app's URL exactly as given (no factory parameter added).
    #[allow(
        dead_code,
        reason = "used by the tests that open paths other than the index"
    )]
    pub fn raw_app_url(&self, path_and_query: &str) -> String {
        format!("{}{}{}", self.site.base_url(), self.prefix, path_and_query)
    }

    pub async fn open(&self, query: &str) -> TestResult {
        self.client.goto(&self.app_url(query)).await?;
        Ok(())
    }

    /// Waits until the element exists and returns it.
    pub async fn wait_for(
        &self,
        css: &str,
    ) -> Result<fantoccini::elements::Element, Box<dyn std::error::Error>> {
        let element = self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for {css}: {e}"))?;
        Ok(element)
    }

    /// Waits until `css` exists and its text satisfies `check`; returns the text.
    pub async fn wait_for_text(
        &self,
        css: &str,
        check: impl Fn(&str) -> bool,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if check(&text) {
                    return Ok(text);
                }
                last = text;
            }
            if Instant::now() > deadline {
                self.dump("timeout").await;
                return Err(format!("{css}: text never matched; last seen {last:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the page's address satisfies `check` (the page writes the address bar once
    /// the edits pause, a moment after the ID shows) and returns it.
    pub async fn wait_for_url(
        &self,
        check: impl Fn(&url::Url) -> bool,
    ) -> Result<url::Url, Box<dyn std::error::Error>> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let url = self.client.current_url().await?;
            if check(&url) {
                return Ok(url);
            }
            if Instant::now() > deadline {
                return Err(format!("the address never matched; last seen {url}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The page's address once it has stopped changing for 300 ms (the page writes it a
    /// moment after the edits pause).
    pub async fn settled_url(&self) -> Result<url::Url, Box<dyn std::error::Error>> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = self.client.current_url().await?;
        let mut since = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let url = self.client.current_url().await?;
            if url != last {
                last = url;
                since = Instant::now();
            } else if since.elapsed() >= Duration::from_millis(300) {
                return Ok(last);
            }
            if Instant::now() > deadline {
                return Err(format!("the address kept changing; last seen {last}").into());
            }
        }
    }

    /// Runs a script in the page and returns its value.
    pub async fn eval(
        &self,
        script: &str,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Runs an async script (its last argument is the callback) and returns what it passes.
    pub async fn eval_async(
        &self,
        script: &str,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        Ok(self.client.execute_async(script, vec![]).await?)
    }

    /// Saves the page's URL, source and a screenshot, for a failing test.
    pub async fn dump(&self, name: &str) {
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let source = self.client.source().await.unwrap_or_default();
        let _ = std::fs::write(
            artifacts_dir().join(format!("{name}.html")),
            format!("<!-- {url} -->\n{source}"),
        );
        let _ = self.screenshot(name).await;
    }

    pub async fn screenshot(&self, name: &str) -> TestResult {
        let png = self.client.screenshot().await?;
        std::fs::write(artifacts_dir().join(format!("{name}.png")), png)?;
        Ok(())
    }

    pub async fn close(self) -> TestResult {
        self.client.close().await?;
        Ok(())
    }
}
