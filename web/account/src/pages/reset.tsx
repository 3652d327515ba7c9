import { useState } from 'preact/hooks';
import { call } from '../api';
import { PasswordField } from '../components/password-field';
import { RequestPasswordResetDocument, ResetPasswordDocument } from '../generated/graphql';
import { href } from '../router';
import { Alert, Field, Page, useAction } from '../ui';

/** Without a code: asks for a reset mail. With the code from the mailed link: the new password, twice. */
export function ResetPage(props: { query: URLSearchParams }) {
  const code = props.query.get('code') ?? '';
  const [email, setEmail] = useState(props.query.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [twofa, setTwofa] = useState('');
  const [needsTwofa, setNeedsTwofa] = useState(false);
  const [done, setDone] = useState(false);
  const action = useAction();

  if (!code) {
    return (
      <Page title="Reset your password">
        {done ? (
          <Alert kind="ok">If an account has this address, a mail with a link is on its way.</Alert>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                await call(RequestPasswordResetDocument, { email });
                setDone(true);
              });
            }}
          >
            <Field id="email" label="Email" type="email" autoComplete="email" value={email} onInput={setEmail} />
            <Alert kind="error">{action.error}</Alert>
            <button type="submit" disabled={action.busy}>
              Send a reset link
            </button>
          </form>
        )}
      </Page>
    );
  }
  return (
    <Page title="Choose a new password">
      {done ? (
        <>
          <Alert kind="ok">Your password is changed. Every session was signed out.</Alert>
          <p>
            <a href={href('/sign-in')}>Sign in</a>
          </p>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (password !== repeat) {
              action.setError('The two passwords differ.');
              return;
            }
            void action.run(async () => {
              try {
                await call(ResetPasswordDocument, {
                  email: email || null,
                  code,
                  password,
                  twofa: needsTwofa ? twofa : null,
                });
                setDone(true);
              } catch (error) {
                if ((error as { code?: string }).code === 'TwoFactorRequired') setNeedsTwofa(true);
                throw error;
              }
            });
          }}
        >
          <p>Resetting signs out every session and replaces your API key.</p>
          <Field id="email" label="Email" type="email" autoComplete="username" value={email} onInput={setEmail} />
          <PasswordField
            id="new-password"
            label="New password"
            value={password}
            onInput={setPassword}
            email={email || undefined}
          />
          <Field
            id="repeat-password"
            label="New password, again"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onInput={setRepeat}
          />
          {needsTwofa && (
            <Field
              id="twofa"
              label="Authenticator or recovery code"
              value={twofa}
              onInput={setTwofa}
              autoComplete="one-time-code"
            />
          )}
          <Alert kind="error">{action.error}</Alert>
          <button type="submit" disabled={action.busy}>
            Set the new password
          </button>
        </form>
      )}
    </Page>
  );
}
