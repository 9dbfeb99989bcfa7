/** Calendar dates as drivers read them. */
import { format, parseISO } from 'date-fns';

/** A `YYYY-MM-DD` date written the GOV.UK way, e.g. "1 September 2016". */
export function formatDay(isoDay: string): string {
  return format(parseISO(isoDay), 'd MMMM yyyy');
}
