// The Content-Security-Policy of every page the UI is served in, the desktop app's and
// the browser mode's alike: only the app's own scripts, styles, fonts and workers; no
// eval, no inline script, no remote anything. Documents' images arrive as data: or blob:.
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
