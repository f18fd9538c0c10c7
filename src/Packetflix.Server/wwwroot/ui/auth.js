// Bearer-token support for the UI (docs/security.md). The token is asked for once, after the service answers 401,
// and kept in sessionStorage only (this tab, until it closes). It goes in an Authorization header, never in a URL:
// a WebSocket or a download link cannot carry a header, so they get a single-use, 30 s ticket instead.

const key = "packetflix.token";

function token() {
  return sessionStorage.getItem(key);
}

function withAuth(init, value) {
  const headers = new Headers(init.headers || {});
  headers.set("Authorization", `Bearer ${value}`);
  return { ...init, headers };
}

/** fetch(), retried once with a token the user types in when the service asks for one (401). */
export async function authFetch(url, init = {}) {
  const current = token();
  let response = await fetch(url, current ? withAuth(init, current) : init);
  if (response.status !== 401) return response;
  sessionStorage.removeItem(key);
  const typed = window.prompt("This Packetflix service needs an access token:");
  if (!typed) return response;
  sessionStorage.setItem(key, typed.trim());
  response = await fetch(url, withAuth(init, typed.trim()));
  if (response.status === 401) sessionStorage.removeItem(key);
  return response;
}

/** The capture URL with a fresh ticket when we hold a token; unchanged otherwise (loopback, unix socket). */
export async function withTicket(url) {
  const current = token();
  if (!current) return url;
  const response = await fetch("auth/ticket", withAuth({ method: "POST", cache: "no-store" }, current));
  if (!response.ok) return url;
  const { ticket } = await response.json();
  return `${url}${url.includes("?") ? "&" : "?"}ticket=${encodeURIComponent(ticket)}`;
}

/**
 * Download links are plain <a href>: with a token, swap in a ticketed URL at click time. Installed by the page's
 * entry point, never at import (node's test runner imports this module).
 */
export function installDownloadTickets(root = document) {
  root.addEventListener("click", async (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="capture.pcapng"]') : null;
    if (!link || !token() || event.defaultPrevented) return;
    event.preventDefault();
    const temporary = document.createElement("a");
    temporary.href = await withTicket(link.getAttribute("href"));
    temporary.download = "";
    temporary.click();
  });
}
