/** Calendar dates as people read them on the public pages. */
import { format, parseISO } from 'date-fns';

/** `2016-09-01` → `1 September 2016` (GOV.UK style: no ordinal, no comma). */
export function longDate(isoDate: string): string {
  return format(parseISO(isoDate), 'd MMMM yyyy');
}
