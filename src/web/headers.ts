// Security headers on every response: a strict same-origin CSP with no inline script or style,
// no referrer, no sniffing, no framing, and a Permissions-Policy that turns off what we never use.
import type { MiddlewareHandler } from 'hono';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PERMISSIONS_POLICY = [
  'accelerometer=()', 'camera=()', 'geolocation=()', 'gyroscope=()', 'magnetometer=()',
  'microphone=()', 'payment=()', 'usb=()', 'interest-cohort=()', 'browsing-topics=()',
].join(', ');

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Permissions-Policy', PERMISSIONS_POLICY);
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    // Proxied media is public, immutable content that feed readers on other origins embed; pages
    // and everything else stay same-origin.
    const media = c.req.path.startsWith('/img/') || c.req.path.startsWith('/vid/');
    h.set('Cross-Origin-Resource-Policy', media ? 'cross-origin' : 'same-origin');
  };
}
