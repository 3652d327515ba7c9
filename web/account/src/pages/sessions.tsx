import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import {
  EndOtherSessionsDocument,
  EndSessionDocument,
  SessionsDocument,
  type SessionsQuery,
} from '../generated/graphql';
import { Alert, Page, useAction } from '../ui';

export function SessionsPage() {
  const [sessions, setSessions] = useState<SessionsQuery['sessions']>([]);
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  const load = () => action.run(async () => setSessions((await call(SessionsDocument)).sessions));
  useEffect(() => void load(), []);
  return (
    <Page title="Sessions">
      <p>Every place you are signed in. Ending a session signs it out at once.</p>
      <Alert kind="error">{action.error}</Alert>
      <Alert kind="ok">{notice}</Alert>
      <ul class="cards">
        {sessions.map((session) => (
          <li key={session.id}>
            <p>
              <strong>{session.current ? 'This browser' : session.userAgent || 'Unknown program'}</strong>
              <br />
              {session.method}, from {session.ip || 'an unknown address'}, signed in{' '}
              {new Date(session.createdAt).toLocaleString()}, last used {new Date(session.lastUsedAt).toLocaleString()}
            </p>
            {!session.current && (
              <button
                type="button"
                aria-label={`End this session, from ${session.ip || 'an unknown address'} signed in ${session.createdAt}`}
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    await call(EndSessionDocument, { id: session.id });
                    setNotice('The session was ended.');
                    setSessions((await call(SessionsDocument)).sessions);
                  })
                }
              >
                End this session
              </button>
            )}
          </li>
        ))}
      </ul>
      {sessions.length > 1 && (
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              const { endOtherSessions } = await call(EndOtherSessionsDocument);
              setNotice(`${endOtherSessions} other session(s) ended.`);
              setSessions((await call(SessionsDocument)).sessions);
            })
          }
        >
          End all other sessions
        </button>
      )}
    </Page>
  );
}
