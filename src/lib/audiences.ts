/** The four audience doors of the public site, in the order the home page shows them. */
export const AUDIENCES = [
  {
    slug: 'children',
    label: 'Younger children',
    shortLabel: 'Children',
    summary: 'For about 8 to 12 year olds: safe and unsafe friendships, secrets and who can help.',
  },
  {
    slug: 'young-people',
    label: 'Young people',
    shortLabel: 'Young people',
    summary: 'For 13 to 18 year olds: grooming, pressure online, healthy relationships and getting help.',
  },
  {
    slug: 'parents-carers',
    label: 'Parents and carers',
    shortLabel: 'Parents and carers',
    summary: 'What exploitation is, the signs, how to talk with your child and what to do if you are worried.',
  },
  {
    slug: 'professionals',
    label: 'Professionals',
    shortLabel: 'Professionals',
    summary: 'Definition, indicators, risk assessment, referral and information sharing.',
  },
] as const;

export type AudienceSlug = (typeof AUDIENCES)[number]['slug'];
export const AUDIENCE_SLUGS = AUDIENCES.map((a) => a.slug) as [AudienceSlug, ...AudienceSlug[]];
