import { useState } from 'preact/hooks';
import { call } from '../api';
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
          <Field
            id="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            value={password}
            onInput={setPassword}
            hint="At least 8 characters with one of ! @ # $ % & *; a long passphrase of unrelated words is strongest."
          />
          <Alert kind="error">{action.error}</Alert>
          <button type="submit" disabled={action.busy}>
            Create the account
          </button>
        </form>
      )}
    </Page>
  );
}
