import { expect, test } from '@playwright/test';

/** Form posts come from the portal's own pages: the origin check refuses anything else before the form is read. */
function sameOrigin(baseURL: string | undefined): Record<string, string> {
  return { Origin: new URL(baseURL!).origin };
}

test('a 2 MB form post is refused with 413 and the page is not run', async ({ request, baseURL }) => {
  const response = await request.post('/login', {
    headers: { ...sameOrigin(baseURL), 'Content-Type': 'application/x-www-form-urlencoded' },
    data: `email=a%40example.test&password=${'x'.repeat(2 * 1024 * 1024)}`,
  });
  expect(response.status()).toBe(413);
  expect(await response.text()).toContain('larger than the portal accepts');
});

test('a post that is not an HTML form is refused with 400', async ({ request, baseURL }) => {
  const json = await request.post('/register', {
    headers: { ...sameOrigin(baseURL), 'Content-Type': 'application/json' },
    data: JSON.stringify({ email: 'a@example.test' }),
  });
  expect(json.status()).toBe(400);
  const untyped = await request.post('/password-reset', { headers: sameOrigin(baseURL), data: Buffer.from('a=1') });
  expect(untyped.status()).toBe(400);
});
