//! Which names the dev server answers to: the defence against DNS rebinding, where a page on
//! another site points its own name at 127.0.0.1 and reads the writer's drafts as same-origin.
//!
//! A rebinding page always reaches the server under its own DNS name, so the server answers
//! only a `Host` (and an event stream only an `Origin`) that names it by an IP address,
//! `localhost` (or a `*.localhost` name, which resolves to the loopback by definition), or a
//! name the writer allowed with `--allow-host`. Vite and webpack-dev-server do the same after
//! their CVEs for exactly this.

use std::net::IpAddr;

/// The names a request may use besides IP addresses and `localhost`.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The names given with `--allow-host` (`docs.test`, or `.test` for every name under it).
    pub fn new(names: &[String]) -> AllowedHosts {
        AllowedHosts(
            names
                .iter()
                .map(|name| name.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|name| !name.is_empty())
                .collect(),
        )
    }

    /// Why a request with these `Host` and `Origin` headers for `target` is refused, if it
    /// is: a name that is not this server's, or another site's page asking for the events.
    pub fn refusal(
        &self,
        host: Option<&str>,
        origin: Option<&str>,
        target: &str,
    ) -> Option<String> {
        if let Some(host) = host.filter(|host| !self.allows_host(host)) {
            let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
            return Some(format!(
                "docsite serve answers to its address and localhost only, not {host:?}: \
                 restart it with `--allow-host {name}` to allow that name"
            ));
        }
        let events = target == super::reload::EVENTS_PATH;
        origin
            .filter(|origin| events && !self.allows_origin(origin))
            .map(|origin| {
                format!("docsite serve sends its events to its own pages only, not {origin:?}")
            })
    }

    /// Whether a `Host` header's value (`name`, `name:port`, `[::1]:port`) names this server.
    pub fn allows_host(&self, host: &str) -> bool {
        let name = strip_port(host.trim())
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if name.parse::<IpAddr>().is_ok() {
            return true;
        }
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        self.0
            .iter()
            .any(|allowed| match allowed.strip_prefix('.') {
                Some(domain) => name == domain || name.ends_with(allowed.as_str()),
                None => name == *allowed,
            })
    }

    /// Whether an `Origin` header's value (`http://localhost:1111`) is a page of an allowed
    /// name. `null` (a sandboxed or file page) is not.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let Some((scheme, rest)) = origin.trim().split_once("://") else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return false;
        }
        let authority = rest.split('/').next().unwrap_or_default();
        !authority.is_empty() && !authority.contains('@') && self.allows_host(authority)
    }
}

/// `name` without its `:port`; an IPv6 literal without its brackets.
fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_localhost_and_allowed_names_pass_and_other_names_do_not() {
        let hosts = AllowedHosts::new(&["docs.test".to_owned(), ".lan".to_owned()]);
        for host in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.20:8080",
            "localhost:1111",
            "LOCALHOST",
            "app.localhost:1111",
            "docs.test:1111",
            "laptop.lan",
            "lan",
        ] {
            assert!(hosts.allows_host(host), "{host}");
        }
        for host in [
            "attacker.example",
            "attacker.example:1111",
            "localhost.attacker.example",
            "docs.test.attacker.example",
            "notlan",
            "",
        ] {
            assert!(!hosts.allows_host(host), "{host}");
        }
    }

    #[test]
    fn origins_are_pages_of_allowed_names() {
        let hosts = AllowedHosts::default();
        assert!(hosts.allows_origin("http://127.0.0.1:1111"));
        assert!(hosts.allows_origin("http://localhost:1111"));
        assert!(!hosts.allows_origin("http://attacker.example:1111"));
        assert!(!hosts.allows_origin("null"));
        assert!(!hosts.allows_origin("file://"));
        assert!(!hosts.allows_origin("http://localhost@attacker.example"));
    }
}
