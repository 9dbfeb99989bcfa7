import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  emailField,
  FormReadError,
  MAX_FORM_BYTES,
  optionalDateOfBirthField,
  parseDateInput,
  readForm,
  readMultipartForm,
  requiredText,
  validateForm,
} from '../../src/lib/forms.ts';
import { streamedPost } from './support/requests.ts';

const schema = z.object({
  name: requiredText('Enter your name', 10),
  email: emailField(),
  born: optionalDateOfBirthField('2016-07-01'),
  password: z.string().min(15, 'Password must be 15 characters or more'),
});

function post(body: string, type = 'application/x-www-form-urlencoded'): Request {
  return new Request('http://localhost/form', { method: 'POST', headers: { 'Content-Type': type }, body });
}

describe('validateForm', () => {
  it('lists errors in field order, one per field, and never returns secret values', () => {
    const result = validateForm(schema, { name: '  ', email: 'not-an-email', born: '31/02/1980', password: 'short' }, [
      'password',
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.list.map((e) => e.field)).toEqual(['name', 'email', 'born', 'password']);
    expect(result.errors.byField.email).toBe('Enter an email address in the correct format, like name@example.com');
    expect(result.errors.byField.born).toBe('Date of birth must be a real date, like 27/03/1985');
    expect(result.values).toEqual({ name: '  ', email: 'not-an-email', born: '31/02/1980' });
  });

  it('gives the cleaned data: trimmed text, lower-cased e-mail, ISO dates, blanks as undefined', () => {
    const result = validateForm(schema, {
      name: ' Sam ',
      email: ' Sam@Example.TEST ',
      born: '',
      password: 'fifteen chars!!',
    });
    expect(result).toEqual({
      ok: true,
      data: { name: 'Sam', email: 'sam@example.test', born: undefined, password: 'fifteen chars!!' },
    });
    expect(parseDateInput('7 3 1985')).toBe('1985-03-07');
    expect(parseDateInput('1985-3-7')).toBe('1985-03-07');
  });

  it('reports fields absent from the post with their own messages', () => {
    const result = validateForm(schema, { password: 'fifteen chars!!' });
    expect(result.ok ? [] : result.errors.list).toEqual([
      { field: 'name', message: 'Enter your name' },
      { field: 'email', message: 'Enter your email address' },
    ]);
  });
});

describe('readForm', () => {
  it('reads the first value of each field from a urlencoded post', async () => {
    expect(await readForm(post('a=1&b=two+words&a=3'))).toEqual({ a: '1', b: 'two words' });
  });

  it('answers 400 for a body that is not a form, or a missing content type', async () => {
    await expect(readForm(post('{"a":1}', 'application/json'))).rejects.toMatchObject({ status: 400 });
    const untyped = new Request('http://localhost/form', { method: 'POST', body: 'a=1' });
    untyped.headers.delete('Content-Type');
    await expect(readForm(untyped)).rejects.toBeInstanceOf(FormReadError);
    await expect(readForm(untyped)).rejects.toMatchObject({ status: 400 });
  });

  it('answers 413 for a 2 MB form, declared or streamed', async () => {
    const declared = post(`a=${'x'.repeat(2 * 1024 * 1024)}`);
    await expect(readForm(declared)).rejects.toMatchObject({ status: 413 });
    // No Content-Length (a streamed body): the limit is still applied as it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 80; i += 1) controller.enqueue(new TextEncoder().encode(`a=${'x'.repeat(1022)}&`));
        controller.close();
      },
    });
    const big = streamedPost('http://localhost/form', 'application/x-www-form-urlencoded', stream);
    await expect(readForm(big)).rejects.toMatchObject({ status: 413 });
  });

  it('reads a form just under the limit', async () => {
    const values = await readForm(post(`a=${'x'.repeat(MAX_FORM_BYTES - 10)}`));
    expect(values.a).toHaveLength(MAX_FORM_BYTES - 10);
  });
});

describe('readMultipartForm', () => {
  it('reads an upload, and refuses one over its limit or of the wrong type', async () => {
    const body = new FormData();
    body.set('kind', 'register');
    body.set('file', new File(['badge_number\n1'], 'register.csv', { type: 'text/csv' }));
    const upload = () => new Request('http://localhost/upload', { method: 'POST', body });
    expect((await readMultipartForm(upload(), 10_000)).get('kind')).toBe('register');
    await expect(readMultipartForm(upload(), 10)).rejects.toMatchObject({ status: 413 });
    await expect(readMultipartForm(post('a=1'), 10_000)).rejects.toMatchObject({ status: 400 });
  });
});
