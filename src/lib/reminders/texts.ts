/**
 * The reminder texts council editors keep in `content/reminders/`, filled in
 * for one driver. Read from the files at send time (the worker runs outside
 * Astro's content layer), so an edited text is used from the next message on.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ReminderReason } from '../../../db/schema.ts';
import { config } from '../config.ts';
import { formatDate } from '../format.ts';

/** A reminder ready to send: the e-mail and letter share subject and body; SMS has its own short text. */
export interface ReminderText {
  subject: string;
  body: string;
  sms: string;
}

/** The facts about one driver that a reminder text may mention. */
export interface ReminderFacts {
  forenames: string;
  surname: string;
  badgeNumber: string;
  /** For `expiring`: the day the completion stops counting (YYYY-MM-DD). */
  expiresOn: string | null;
}

const FILES: Record<ReminderReason, string> = {
  not_started: 'not-started.md',
  in_progress: 'in-progress.md',
  overdue: 'overdue.md',
  expiring: 'expiring.md',
};

const frontMatter = z.object({
  subject: z.string().min(1).max(120),
  sms: z.string().min(1).max(500),
  sources: z.array(z.object({ title: z.string(), publisher: z.string() }).passthrough()).min(1),
});

/** Parsed templates by file, kept while the file is unchanged: a campaign may send thousands of messages. */
const cache = new Map<string, { mtimeMs: number; template: ReminderText }>();

/** The template for one reason as written, before it is filled in; throws naming the file when it is malformed. */
export function reminderTemplate(
  reason: ReminderReason,
  dir = resolve(process.cwd(), 'content/reminders'),
): ReminderText {
  const file = resolve(dir, FILES[reason]);
  const { mtimeMs } = statSync(file);
  const cached = cache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.template;
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(file, 'utf8').replace(/\r\n/g, '\n'));
  if (!match) throw new Error(`${file} must start with front matter between --- lines`);
  const parsed = frontMatter.safeParse(parse(match[1]!));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const template = { subject: parsed.data.subject, sms: parsed.data.sms, body: match[2]!.trim() };
  cache.set(file, { mtimeMs, template });
  return template;
}

/** How a driver reaches the licensing office, from configuration; never an invented number. */
export function helpSentence(): string {
  const office = config.licensingOffice;
  const ways = [office.phone && `call ${office.phone}`, office.email && `e-mail ${office.email}`].filter(Boolean);
  return ways.length > 0
    ? `contact ${office.name}: ${ways.join(' or ')}`
    : `contact ${office.name} at ${config.authorityName}`;
}

/** The reminder for one reason, filled in for one driver. */
export function reminderText(reason: ReminderReason, facts: ReminderFacts): ReminderText {
  const template = reminderTemplate(reason);
  const values: Record<string, string> = {
    name: `${facts.forenames} ${facts.surname}`,
    badge: facts.badgeNumber,
    deadline: formatDate(config.deadline),
    expires: facts.expiresOn ? formatDate(facts.expiresOn) : '',
    url: `${config.baseUrl}/register`,
    help: helpSentence(),
    office: config.licensingOffice.name,
    authority: config.authorityName,
  };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  return { subject: fill(template.subject), body: fill(template.body), sms: fill(template.sms) };
}
