/**
 * The drivers list's drop-downs, and the words that describe a filtered list, from one table: the form and
 * the line under the count name each filter the same way.
 */
import { LICENCE_TYPE_LABELS, METHOD_LABELS, STATUS_LABELS } from '../format.ts';
import { STATUSES } from '../training/status.ts';
import {
  COMPLETION_METHODS,
  DRIVER_SORTS,
  LICENCE_TYPES,
  type DriverFilter,
  type DriverSort,
} from './drivers-query.ts';

/** One drop-down: `any` is the words of its "no filter" option, absent for the sort, which always has a value. */
export interface FilterChoice {
  name: 'status' | 'method' | 'licence' | 'sort';
  label: string;
  any?: string;
  options: ReadonlyArray<readonly [value: string, words: string]>;
}

const SORT_LABELS: Record<DriverSort, string> = {
  name: 'Name',
  badge: 'Badge number',
  status: 'Status (most urgent first)',
  expiry: 'Licence expiry',
};

/** The list's drop-downs, in the order the form shows them. */
export const DRIVER_FILTER_CHOICES: readonly FilterChoice[] = [
  { name: 'status', label: 'Status', any: 'Any status', options: STATUSES.map((s) => [s, STATUS_LABELS[s]]) },
  {
    name: 'method',
    label: 'Completed by',
    any: 'Any way',
    options: COMPLETION_METHODS.map((m) => [m, METHOD_LABELS[m] ?? m]),
  },
  {
    name: 'licence',
    label: 'Licence type',
    any: 'Any licence type',
    options: LICENCE_TYPES.map((l) => [l, LICENCE_TYPE_LABELS[l]]),
  },
  { name: 'sort', label: 'Sort by', options: DRIVER_SORTS.map((s) => [s, SORT_LABELS[s]]) },
];

/** What narrows the list, in words, e.g. `Overdue, Online, matching “zoe”`; empty when nothing does. */
export function describeFilter(filter: DriverFilter): string[] {
  const chosen = DRIVER_FILTER_CHOICES.filter((c) => c.any !== undefined).flatMap(
    (c) => c.options.find(([value]) => value === filter[c.name])?.[1] ?? [],
  );
  return filter.q ? [...chosen, `matching “${filter.q}”`] : chosen;
}
