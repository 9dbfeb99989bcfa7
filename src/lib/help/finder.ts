/**
 * "Who should I contact?": a few questions that lead to the right routes to
 * help. Every step is a section of `/get-help/` with its own anchor and every
 * answer is a link to the next step's anchor, so it works without JavaScript.
 */

/** One answer: a link to the next step. */
export interface Answer {
  label: string;
  to: string;
}

/** A question shown as a section of links. */
export interface Question {
  kind: 'question';
  id: string;
  question: string;
  hint?: string;
  answers: Answer[];
}

/** Where a path of answers ends: the contact routes (ids in content/contacts) to use. */
export interface Result {
  kind: 'result';
  id: string;
  title: string;
  intro: string;
  contacts: string[];
}

export type Step = Question | Result;

/** The first step: whether anyone is in danger comes before anything else. */
export const FIRST_STEP = 'q-danger';

/** Every step, questions first in the order a visitor meets them. */
export const FINDER_STEPS: readonly Step[] = [
  {
    kind: 'question',
    id: 'q-danger',
    question: 'Is a child or young person in danger right now?',
    hint: 'For example, someone is being hurt, or is being taken somewhere by someone who may harm them.',
    answers: [
      { label: 'Yes, someone is in danger now', to: 'result-emergency' },
      { label: 'No, not right now', to: 'q-age' },
    ],
  },
  {
    kind: 'question',
    id: 'q-age',
    question: 'How old are you?',
    answers: [
      { label: 'Under 18', to: 'q-online-young' },
      { label: '18 or over', to: 'q-anonymous' },
    ],
  },
  {
    kind: 'question',
    id: 'q-online-young',
    question: 'Did it happen online, or is it about pictures or videos?',
    hint: 'Online means in a game, an app, a chat or on social media.',
    answers: [
      { label: 'Yes, online or pictures', to: 'result-young-online' },
      { label: 'No, not online', to: 'result-young' },
    ],
  },
  {
    kind: 'question',
    id: 'q-anonymous',
    question: 'Do you want to stay anonymous?',
    hint: 'Anonymous means you do not give your name.',
    answers: [
      { label: 'Yes, I do not want to give my name', to: 'result-anonymous' },
      { label: 'No, I can give my name', to: 'q-online-adult' },
    ],
  },
  {
    kind: 'question',
    id: 'q-online-adult',
    question: 'Did it happen online?',
    hint: 'For example, someone contacting a child through a game, an app or social media, or sharing pictures of them.',
    answers: [
      { label: 'Yes, online', to: 'result-adult-online' },
      { label: 'No, not online', to: 'result-adult' },
    ],
  },
  {
    kind: 'result',
    id: 'result-emergency',
    title: 'Call 999 now',
    intro: 'Ask for the police. Say where the child or young person is and what is happening. Stay on the line.',
    contacts: ['emergency'],
  },
  {
    kind: 'result',
    id: 'result-young-online',
    title: 'Report it to CEOP and talk to Childline',
    intro:
      'What happened is not your fault. You can report online sexual abuse or grooming to CEOP, and talk to Childline about how you feel. If a nude picture or video of you has been shared, Report Remove can help get it taken down. Telling an adult you trust can help too.',
    contacts: ['ceop', 'childline', 'report-remove'],
  },
  {
    kind: 'result',
    id: 'result-young',
    title: 'Talk to Childline or an adult you trust',
    intro:
      'What happened is not your fault, and you can get help. Childline is free and confidential. You can also tell an adult you trust, such as a parent, carer or teacher, or tell the police on 101.',
    contacts: ['childline', 'police-101', 'crimestoppers'],
  },
  {
    kind: 'result',
    id: 'result-anonymous',
    title: 'Tell the NSPCC or Crimestoppers without giving your name',
    intro:
      'You do not have to give your name to the NSPCC Helpline: its counsellors can advise you and pass your worry to the police or children’s services for you. Crimestoppers passes information about a crime to the police without your name. If a child is in danger right now, call 999 instead.',
    contacts: ['nspcc-helpline', 'crimestoppers'],
  },
  {
    kind: 'result',
    id: 'result-adult-online',
    title: 'Report it to CEOP, and tell children’s services or the police',
    intro:
      'Report online sexual abuse or grooming to CEOP. If you know the child, tell children’s services or the police on 101 as well. The NSPCC Helpline can advise you if you are not sure.',
    contacts: ['ceop', 'childrens-services', 'police-101', 'nspcc-helpline'],
  },
  {
    kind: 'result',
    id: 'result-adult',
    title: 'Tell children’s services or the police',
    intro:
      'Tell children’s services or the police on 101 what you have seen or heard. Say you are worried about possible child sexual exploitation. The NSPCC Helpline can advise you if you are not sure.',
    contacts: ['childrens-services', 'police-101', 'nspcc-helpline'],
  },
];
