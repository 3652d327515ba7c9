import { useEffect, useState } from 'preact/hooks';
import { call, setAccessToken } from '../api';
import { PasswordField } from '../components/password-field';
import { ChangePasswordDocument, ProfileDocument, type ProfileQuery } from '../generated/graphql';
import { Alert, Field, Page, useAction } from '../ui';

export function PasswordPage() {
  const [me, setMe] = useState<ProfileQuery['me']>();
  const [oldPassword, setOldPassword] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [twofa, setTwofa] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  useEffect(() => void action.run(async () => setMe((await call(ProfileDocument)).me)), []);
  return (
    <Page title="Change your password">
      {done && <Alert kind="ok">Your password is changed. Your other sessions were signed out.</Alert>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(false);
          if (password !== repeat) {
            action.setError('The two new passwords differ.');
            return;
          }
          void action.run(async () => {
            const { changePassword } = await call(ChangePasswordDocument, {
              oldPassword,
              newPassword: password,
              twofa: me?.twofaEnabled ? twofa.trim() : null,
            });
            // This session stays signed in with the fresh token the answer carries.
            setAccessToken(changePassword.accessToken);
            setOldPassword('');
            setPassword('');
            setRepeat('');
            setTwofa('');
            setDone(true);
          });
        }}
      >
        <p>Changing the password signs out every other session.</p>
        <Field
          id="old-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={oldPassword}
          onInput={setOldPassword}
        />
        <PasswordField
          id="new-password"
          label="New password"
          value={password}
          onInput={setPassword}
          email={me?.email}
        />
        <Field
          id="repeat-password"
          label="New password, again"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onInput={setRepeat}
        />
        {me?.twofaEnabled && (
          <Field
            id="twofa"
            label="Code from your authenticator app (or a recovery code)"
            autoComplete="one-time-code"
            value={twofa}
            onInput={setTwofa}
          />
        )}
        <Alert kind="error">{action.error}</Alert>
        <button type="submit" disabled={action.busy}>
          Change the password
        </button>
      </form>
    </Page>
  );
}
