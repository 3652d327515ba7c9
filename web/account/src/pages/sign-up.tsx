import { useState } from 'preact/hooks';
import { call } from '../api';
import { PasswordField } from '../components/password-field';
import { SignUpDocument } from '../generated/graphql';
import { Alert, Field, Page, useAction } from '../ui';

export function SignUpPage() {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  return (
    <Page title="Create an account">
      {done ? (
        <Alert kind="ok">Almost done: open the link in the mail we sent to {email}.</Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await call(SignUpDocument, { input: { email, password, displayName: displayName || null } });
              setDone(true);
            });
          }}
        >
          <Field id="email" label="Email" type="email" autoComplete="email" value={email} onInput={setEmail} />
          <Field
            id="display-name"
            label="Name (optional)"
            autoComplete="name"
            required={false}
            value={displayName}
            onInput={setDisplayName}
          />
          <PasswordField id="password" label="Password" value={password} onInput={setPassword} email={email} />
          <Alert kind="error">{action.error}</Alert>
          <button type="submit" disabled={action.busy}>
            Create the account
          </button>
        </form>
      )}
    </Page>
  );
}
