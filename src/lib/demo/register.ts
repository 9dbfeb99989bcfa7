/**
 * Generating the fictional register behind `npm run demo`: 1,757 licensed drivers, 683 of them trained face to
 * face, as the council stood in summer 2016. A seeded generator, so the same seed and day always give the same
 * register, written as the CSV files officers import. Loading it is `seed.ts`.
 */
import { addDays, format, parseISO, subDays, subYears } from 'date-fns';
import type { LicenceType } from '../../../db/schema.ts';
import { importCsv } from '../csv-write.ts';
import { FACE_TO_FACE_COLUMNS } from '../register/face-to-face-import.ts';
import { REGISTER_REQUIRED_COLUMNS } from '../register/register-import.ts';

/** Licensed drivers in the council's register in 2016 (cabinet report). */
export const DEMO_DRIVER_COUNT = 1757;
/** Of those, drivers already trained face to face (cabinet report). */
export const DEMO_FACE_TO_FACE_COUNT = 683;
/** Drivers with an account who are part-way through the online course. */
const DEMO_IN_PROGRESS_COUNT = 140;
/** Drivers with an account who have passed the assessment. */
const DEMO_PASSED_COUNT = 12;

const SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Patel',
  'Khan',
  'Ali',
  'Hussain',
  'Ahmed',
  'Singh',
  'Kaur',
  'Shah',
  'Murphy',
  "O'Brien",
  'Kelly',
  'Harrison',
  'Lewis',
  'Hughes',
  'Edwards',
  'Turner',
  'Hill',
  'Moore',
  'Cooper',
  'Ward',
  'Morris',
  'King',
  'Watson',
  'Baker',
  'Harris',
  'Young',
  'Allen',
  'Mitchell',
  'Scott',
  'Anderson',
  'Campbell',
  'Stewart',
  'Robson',
  'Elliott',
  'Bell',
  'Dodds',
  'Armstrong',
  'Charlton',
  'Teasdale',
  'Hutchinson',
  'Nicholson',
  'Atkinson',
  'Pattinson',
  'Lowes',
  'Brewis',
  'Rahman',
  'Chowdhury',
  'Iqbal',
  'Mahmood',
  'Nowak',
  'Kowalski',
  'Fenwick',
  'Forster',
  'Heslop',
  'Liddle',
  'Marley',
  'Oliver',
  'Potts',
  'Surtees',
  'Tweddle',
  'Walton',
  'Wilkinson',
];
const FORENAMES = [
  'James',
  'John',
  'David',
  'Michael',
  'Paul',
  'Mark',
  'Peter',
  'Steven',
  'Andrew',
  'Gary',
  'Ian',
  'Lee',
  'Darren',
  'Craig',
  'Stuart',
  'Neil',
  'Kevin',
  'Christopher',
  'Anthony',
  'Robert',
  'Thomas',
  'Daniel',
  'Mohammed',
  'Imran',
  'Tariq',
  'Asif',
  'Zahid',
  'Sajid',
  'Amir',
  'Rizwan',
  'Harjit',
  'Gurpreet',
  'Sandeep',
  'Tomasz',
  'Piotr',
  'Susan',
  'Karen',
  'Julie',
  'Lisa',
  'Michelle',
  'Joanne',
  'Claire',
  'Helen',
  'Sarah',
  'Nicola',
  'Dawn',
  'Angela',
  'Farah',
  'Nadia',
  'Shabana',
  'Graham',
  'Keith',
  'Alan',
  'Brian',
  'Stephen',
  'Philip',
  'Jason',
  'Wayne',
  'Shaun',
  'Carl',
];
const TRAINERS = ['A. Hepburn', 'R. Nasir', 'L. Carr', 'M. Oyelaran'];
const VENUES = [
  'Licensing office training room',
  'Civic centre meeting room 2',
  'Community hall, north area',
  'Community hall, south area',
];
const LICENCE_WEIGHTS: ReadonlyArray<[LicenceType, number]> = [
  ['private_hire', 0.6],
  ['hackney_carriage', 0.25],
  ['dual', 0.15],
];

/** A driver as it appears in the register CSV. */
export interface DemoDriver {
  badgeNumber: string;
  surname: string;
  forenames: string;
  licenceType: LicenceType;
  licenceExpiry: string;
  dateOfBirth: string | null;
  email: string | null;
  addressLine1: string | null;
  town: string | null;
  postcode: string | null;
  mobile: string | null;
}

/** Street names and County Durham towns with their postcode districts, for fictional addresses. */
const STREETS = ['Front Street', 'North Road', 'Church Lane', 'Station Road', 'Market Place', 'Victoria Terrace'];
const TOWNS: ReadonlyArray<[string, string]> = [
  ['Durham', 'DH1'],
  ['Chester-le-Street', 'DH3'],
  ['Stanley', 'DH9'],
  ['Consett', 'DH8'],
  ['Seaham', 'SR7'],
  ['Peterlee', 'SR8'],
  ['Bishop Auckland', 'DL14'],
  ['Spennymoor', 'DL16'],
];

/**
 * A fictional postal address (most drivers have one) and sometimes a mobile
 * from Ofcom's range reserved for drama, 07700 900000 to 900999, which
 * reaches nobody.
 */
function demoContact(
  hasAddress: boolean,
  street: string,
  [town, district]: readonly [string, string],
  house: number,
  mobile: number | null,
): Pick<DemoDriver, 'addressLine1' | 'town' | 'postcode' | 'mobile'> {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const inward = `${house % 9}${letters[house % letters.length]}${letters[(house * 7) % letters.length]}`;
  return {
    addressLine1: hasAddress ? `${house} ${street}` : null,
    town: hasAddress ? town : null,
    postcode: hasAddress ? `${district} ${inward}` : null,
    mobile: mobile === null ? null : `07700 900${String(mobile).padStart(3, '0')}`,
  };
}

/** A face-to-face session as it appears in the attendance CSV. */
export interface DemoSession {
  badgeNumber: string;
  sessionDate: string;
  trainer: string;
  venue: string;
}

/** A driver with an online account: how far through the course, and whether they passed. */
export interface DemoLearner {
  badgeNumber: string;
  /** How many modules (in course order) are complete; the next one is started. */
  modulesCompleted: number;
  passed: boolean;
}

/** Everything the demo database is filled with. */
export interface DemoRegister {
  drivers: DemoDriver[];
  sessions: DemoSession[];
  learners: DemoLearner[];
}

/** Mulberry32: a small, fast, seedable generator; plenty for fictional data. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds the fictional register for a seed and a day (YYYY-MM-DD). Licence
 * expiries fall in the three years after that day, face-to-face sessions in
 * the six months before it, learners among the drivers not trained face to face.
 */
export function buildDemoRegister(seed: number, todayIso: string, moduleCount: number): DemoRegister {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const today = parseISO(todayIso);

  const drivers: DemoDriver[] = [];
  for (let i = 0; i < DEMO_DRIVER_COUNT; i += 1) {
    const surname = pick(SURNAMES);
    const forenames = random() < 0.2 ? `${pick(FORENAMES)} ${pick(FORENAMES)}` : pick(FORENAMES);
    const roll = random();
    let cumulative = 0;
    const licenceType = LICENCE_WEIGHTS.find(([, weight]) => (cumulative += weight) > roll)?.[0] ?? 'private_hire';
    const badgeNumber = `DC${String(10001 + i * 3 + between(0, 2)).padStart(5, '0')}`;
    drivers.push({
      badgeNumber,
      surname,
      forenames,
      licenceType,
      licenceExpiry: format(addDays(today, between(14, 3 * 365)), 'yyyy-MM-dd'),
      dateOfBirth:
        random() < 0.7 ? format(subDays(subYears(today, between(21, 69)), between(0, 364)), 'yyyy-MM-dd') : null,
      email:
        random() < 0.5
          ? `${forenames.split(' ')[0]}.${surname}.${i + 1}@example.org`.toLowerCase().replace(/'/g, '')
          : null,
      ...demoContact(
        random() < 0.8,
        pick(STREETS),
        pick(TOWNS),
        between(1, 180),
        random() < 0.4 ? between(0, 999) : null,
      ),
    });
  }

  const order = drivers.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const trained = order.slice(0, DEMO_FACE_TO_FACE_COUNT).sort((x, y) => x - y);
  const sessions = trained.map((index) => ({
    badgeNumber: drivers[index]!.badgeNumber,
    sessionDate: format(subDays(today, between(7, 180)), 'yyyy-MM-dd'),
    trainer: pick(TRAINERS),
    venue: pick(VENUES),
  }));

  const learnerIndexes = order.slice(
    DEMO_FACE_TO_FACE_COUNT,
    DEMO_FACE_TO_FACE_COUNT + DEMO_IN_PROGRESS_COUNT + DEMO_PASSED_COUNT,
  );
  const learners = learnerIndexes.map((index, n) => {
    const passed = n >= DEMO_IN_PROGRESS_COUNT;
    return {
      badgeNumber: drivers[index]!.badgeNumber,
      modulesCompleted: passed ? moduleCount : between(0, Math.max(0, moduleCount - 1)),
      passed,
    };
  });
  return { drivers, sessions, learners };
}

/** The register as a CSV file in the import format. */
export function registerCsv(drivers: readonly DemoDriver[]): Buffer {
  const header = [
    ...REGISTER_REQUIRED_COLUMNS,
    'date_of_birth',
    'email',
    'address_line_1',
    'town',
    'postcode',
    'mobile',
  ];
  const rows = drivers.map((d) => [
    d.badgeNumber,
    d.surname,
    d.forenames,
    d.licenceType,
    d.licenceExpiry,
    d.dateOfBirth ?? '',
    d.email ?? '',
    d.addressLine1 ?? '',
    d.town ?? '',
    d.postcode ?? '',
    d.mobile ?? '',
  ]);
  return Buffer.from(importCsv([header, ...rows]), 'utf8');
}

/** The face-to-face sessions as a CSV file in the attendance import format. */
export function faceToFaceCsv(sessions: readonly DemoSession[]): Buffer {
  const rows = sessions.map((s) => [s.badgeNumber, s.sessionDate, s.trainer, s.venue]);
  return Buffer.from(importCsv([[...FACE_TO_FACE_COLUMNS], ...rows]), 'utf8');
}
