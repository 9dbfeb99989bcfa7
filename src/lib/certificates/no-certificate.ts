/**
 * What `/training/certificate.pdf` answers (with status 404) when the driver
 * has no current certificate: a plain page that says why and where to go,
 * rather than a broken download. No user data goes into it.
 */
import { config } from '../config.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The HTML of the "no certificate yet" page. */
export function noCertificatePage(): string {
  const site = escapeHtml(config.siteName);
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>No certificate yet | ${site}</title></head>
<body>
<main>
<h1>You do not have a certificate yet</h1>
<p>Your certificate is ready to download as soon as you pass the assessment at the end of the course. If an officer has revoked your certificate, contact ${escapeHtml(config.licensingOffice.name)}.</p>
<p><a href="/training/">Go to your training</a></p>
</main>
</body>
</html>
`;
}
