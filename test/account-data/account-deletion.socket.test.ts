import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { useTestApp } from '../support/app.js';
import { PASSWORD, signUpVerified } from '../support/http.js';

// DELETE with a JSON body is what Bloq-style clients send; it must reach the route over a real
// socket (the HTTP layer treats bodies on some methods specially).
const t = useTestApp();

describe('DELETE /users/me over a real socket', () => {
  it('reads the JSON body and deletes the account', async () => {
    const user = await signUpVerified(t);
    const server = createHttpServer(t.app, '');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const reply = await fetch(`http://127.0.0.1:${port}/users/me`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ password: PASSWORD }),
      });
      expect(reply.status, await reply.text()).toBe(204);
      expect(await t.db.prisma.user.count({ where: { id: user.id } })).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
