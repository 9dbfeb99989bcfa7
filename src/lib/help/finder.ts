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

/** A question step, with its hint if it has one; each answer is a `[label, next step id]` pair. */
function question(id: string, text: string, hint: string | null, answers: Array<[string, string]>): Question {
  return {
    kind: 'question',
    id,
    question: text,
    ...(hint === null ? {} : { hint }),
    answers: answers.map(([label, to]) => ({ label, to })),
  };
}

/** An end step: what to do, and the contact routes for it. */
function result(id: string, title: string, intro: string, contacts: string[]): Result {
  return { kind: 'result', id, title, intro, contacts };
}

/** Every step, questions first in the order a visitor meets them. */
export const FINDER_STEPS: readonly Step[] = [
  question(
    'q-danger',
    'Is a child or young person in danger right now?',
    'For example, someone is being hurt, or is being taken somewhere by someone who may harm them.',
    [
      ['Yes, someone is in danger now', 'result-emergency'],
      ['No, not right now', 'q-age'],
    ],
  ),
  question('q-age', 'How old are you?', null, [
    ['Under 18', 'q-online-young'],
    ['18 or over', 'q-anonymous'],
  ]),
  question(
    'q-online-young',
    'Did it happen online, or is it about pictures or videos?',
    'Online means in a game, an app, a chat or on social media.',
    [
      ['Yes, online or pictures', 'result-young-online'],
      ['No, not online', 'result-young'],
    ],
  ),
  question('q-anonymous', 'Do you want to stay anonymous?', 'Anonymous means you do not give your name.', [
    ['Yes, I do not want to give my name', 'result-anonymous'],
    ['No, I can give my name', 'q-online-adult'],
  ]),
  question(
    'q-online-adult',
    'Did it happen online?',
    'For example, someone contacting a child through a game, an app or social media, or sharing pictures of them.',
    [
      ['Yes, online', 'result-adult-online'],
      ['No, not online', 'result-adult'],
    ],
  ),
  result(
    'result-emergency',
    'Call 999 now',
    'Ask for the police. Say where the child or young person is and what is happening. Stay on the line.',
    ['emergency'],
  ),
  result(
    'result-young-online',
    'Report it to CEOP and talk to Childline',
    'What happened is not your fault. You can report online sexual abuse or grooming to CEOP, and talk to Childline about how you feel. If a nude picture or video of you has been shared, Report Remove can help get it taken down. Telling an adult you trust can help too.',
    ['ceop', 'childline', 'report-remove'],
  ),
  result(
    'result-young',
    'Talk to Childline or an adult you trust',
    'What happened is not your fault, and you can get help. Childline is free and confidential. You can also tell an adult you trust, such as a parent, carer or teacher, or tell the police on 101.',
    ['childline', 'police-101', 'crimestoppers'],
  ),
  result(
    'result-anonymous',
    'Tell the NSPCC or Crimestoppers without giving your name',
    'You do not have to give your name to the NSPCC Helpline: its counsellors can advise you and pass your worry to the police or children’s services for you. Crimestoppers passes information about a crime to the police without your name. If a child is in danger right now, call 999 instead.',
    ['nspcc-helpline', 'crimestoppers'],
  ),
  result(
    'result-adult-online',
    'Report it to CEOP, and tell children’s services or the police',
    'Report online sexual abuse or grooming to CEOP. If you know the child, tell children’s services or the police on 101 as well. The NSPCC Helpline can advise you if you are not sure.',
    ['ceop', 'childrens-services', 'police-101', 'nspcc-helpline'],
  ),
  result(
    'result-adult',
    'Tell children’s services or the police',
    'Tell children’s services or the police on 101 what you have seen or heard. Say you are worried about possible child sexual exploitation. The NSPCC Helpline can advise you if you are not sure.',
    ['childrens-services', 'police-101', 'nspcc-helpline'],
  ),
];
