import { describe, expect, it } from 'vitest';
import { mailsTo, useTestApp } from '../support/app.js';
import { PASSWORD, rest, uniqueEmail } from '../support/http.js';

// A web page on any origin can make a visitor's browser POST a form or text/plain body without a
// CORS preflight. If the REST paths read such bodies as JSON, a page could sign people up (or post
// anything else) in the visitor's name; a JSON content type cannot be sent cross-site unasked.

const t = useTestApp();

const signUpBody = (email: string) =>
  JSON.stringify({
    email,
    password: PASSWORD,
    displayName: 'Form Victim',
    billingAddress: { address: '1 Main St', zipCode: '12345', state: 'CA', country: 'US' },
  });

async function nobodySignedUp(email: string) {
  expect(await t.db.prisma.user.count({ where: { emailKey: email.toLowerCase() } })).toBe(0);
  expect(mailsTo(t.config, email)).toEqual([]);
}

describe('POST /users from a cross-site form', () => {
  it('a text/plain body carrying JSON is 415 UnsupportedMediaType and signs nobody up', async () => {
    const email = uniqueEmail('plain');
    for (const type of ['text/plain', 'text/plain;charset=UTF-8']) {
      const reply = await rest(t.app, 'POST', '/users', { body: signUpBody(email), headers: { 'content-type': type } });
      expect(reply.status).toBe(415);
      expect(reply.body).toEqual({ code: 'UnsupportedMediaType', message: expect.any(String) });
    }
    await nobodySignedUp(email);
  });

  it('a form post (urlencoded or multipart) is 415 and signs nobody up', async () => {
    const email = uniqueEmail('form');
    const urlencoded = new URLSearchParams({ [signUpBody(email)]: '' }).toString();
    const form = await rest(t.app, 'POST', '/users', {
      body: urlencoded,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('UnsupportedMediaType');
    const multipart = await rest(t.app, 'POST', '/users', {
      body: `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n${email}\r\n--x--\r\n`,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(multipart.status).toBe(415);
    await nobodySignedUp(email);
  });

  it('a body without any content type is 415 too', async () => {
    const email = uniqueEmail('untyped');
    const response = await t.app.fetch(
      new Request('http://localhost/users', { method: 'POST', body: new TextEncoder().encode(signUpBody(email)) }),
      { clientIp: '127.0.0.1' },
    );
    expect(response.status).toBe(415);
    await nobodySignedUp(email);
  });

  it('application/json, with or without a charset, still signs up', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8']) {
      const email = uniqueEmail('json');
      const reply = await rest(t.app, 'POST', '/users', { body: signUpBody(email), headers: { 'content-type': type } });
      expect(reply.status).toBe(201);
    }
  });

  it('bodyless calls need no content type (POST /auth with Basic credentials)', async () => {
    const reply = await rest(t.app, 'POST', '/auth', {
      basic: { username: uniqueEmail('nobody'), password: PASSWORD },
      headers: { 'content-type': 'text/plain' },
    });
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('InvalidCredentials');
  });
});
