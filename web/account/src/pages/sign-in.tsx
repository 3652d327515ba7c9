import { useState } from 'preact/hooks';
import { ApiError, call, sessionCookie, setAccessToken } from '../api';
import { SignInDocument } from '../generated/graphql';
import { href, navigate } from '../router';
import { Alert, Field, Page, useAction } from '../ui';

/** Email and password; when the account has 2FA on, a second step asks for the code. */
export function SignInPage(props: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [twofa, setTwofa] = useState('');
  const [step, setStep] = useState<'password' | 'twofa'>('password');
  const [keep, setKeep] = useState(false);
  const action = useAction();
  return (
    <Page title="Sign in">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            try {
              const { login } = await call(SignInDocument, {
                username,
                password,
                twofa: step === 'twofa' ? twofa : null,
              });
              setAccessToken(login.accessToken);
              if (keep) await sessionCookie('keep');
              props.onSignedIn();
              navigate('/');
            } catch (error) {
              if (error instanceof ApiError && error.code === 'TwoFactorRequired' && step === 'password') {
                setStep('twofa');
                return;
              }
              throw error;
            }
          });
        }}
      >
        {step === 'password' ? (
          <>
            <Field
              id="username"
              label="Email"
              type="email"
              autoComplete="username"
              value={username}
              onInput={setUsername}
            />
            <Field
              id="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              value={password}
              onInput={setPassword}
            />
          </>
        ) : (
          <Field
            id="twofa"
            label="Code from your authenticator app (or a recovery code)"
            autoComplete="one-time-code"
            value={twofa}
            onInput={setTwofa}
          />
        )}
        {step === 'password' && (
          <p class="check">
            <input
              id="keep"
              type="checkbox"
              checked={keep}
              onChange={(e) => setKeep((e.target as HTMLInputElement).checked)}
            />{' '}
            <label for="keep">Keep me signed in on this device</label>
          </p>
        )}
        <Alert kind="error">{action.error}</Alert>
        <button type="submit" disabled={action.busy}>
          {step === 'password' ? 'Sign in' : 'Confirm'}
        </button>
      </form>
      <p>
        <a href={href('/sign-up')}>Create an account</a> · <a href={href('/reset')}>Forgot your password?</a>
      </p>
    </Page>
  );
}
