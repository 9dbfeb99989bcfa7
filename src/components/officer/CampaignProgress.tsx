/**
 * A reminder campaign's live figures: sending state, the by-channel table and the letters PDF.
 * Rendered on the server with the figures as they stand, so the page is complete without
 * JavaScript; once hydrated it asks `progress.json` every two seconds until nothing is waiting
 * and the letters are made, and updates the figures in place.
 */
import { useEffect, useState } from 'react';
import { formatCount } from '../../lib/format.ts';

/** What `progress.json` answers, and what the server renders first. */
export interface ProgressSnapshot {
  figures: Record<string, number>;
  finished: boolean;
  lettersReady: boolean;
}

interface Props {
  url: string;
  lettersUrl: string;
  initial: ProgressSnapshot;
  /** The channels that have any reminders, as [key, label]. */
  channels: [string, string][];
  lettersTotal: number;
  leftOut: string;
}

const POLL_MS = 2000;
const RETRY_MS = 10000;

/** The live part of `/officer/reminders/<id>`. */
export default function CampaignProgress({ url, lettersUrl, initial, channels, lettersTotal, leftOut }: Props) {
  const [snapshot, setSnapshot] = useState(initial);
  const done = snapshot.finished && (snapshot.lettersReady || lettersTotal === 0);

  useEffect(() => {
    if (done) return undefined;
    let stopped = false;
    const timer = window.setTimeout(async () => {
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as ProgressSnapshot;
        if (!stopped) setSnapshot(next);
      } catch {
        // A failed request (server restarting, officer offline) waits longer, then the effect runs again.
        if (!stopped) window.setTimeout(() => !stopped && setSnapshot((s) => ({ ...s })), RETRY_MS);
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [snapshot, done, url]);

  const figure = (key: string) => formatCount(snapshot.figures[key] ?? 0);
  return (
    <>
      <p role="status" data-progress-state>
        {snapshot.finished ? 'Finished: nothing is waiting to be sent.' : 'Sending: this page updates as reminders go.'}
      </p>
      {channels.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Progress by channel</caption>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">Sent</th>
                <th scope="col">Waiting</th>
                <th scope="col">Failed</th>
                <th scope="col">Skipped (completed first)</th>
              </tr>
            </thead>
            <tbody>
              {channels.map(([channel, label]) => (
                <tr key={channel}>
                  <th scope="row">{label}</th>
                  {(['sent', 'waiting', 'failed', 'skipped'] as const).map((column) => (
                    <td key={column} data-progress={`${channel}-${column}`}>
                      {figure(`${channel}-${column}`)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>
          No new reminders were queued: everyone in the group had already been sent this reminder or cannot be reached.
        </p>
      )}
      <p>{leftOut}</p>
      {lettersTotal > 0 && (
        <>
          <h2>Letters for the print room</h2>
          {snapshot.lettersReady ? (
            <p>
              <a href={lettersUrl}>Download the letters</a> (PDF, A4, one page per driver, address placed for a DL
              window envelope).
            </p>
          ) : (
            <p>
              Making the letters PDF: <span data-progress="letters-made">{figure('letters-made')}</span> of{' '}
              {formatCount(lettersTotal)} letters so far.
            </p>
          )}
        </>
      )}
    </>
  );
}
